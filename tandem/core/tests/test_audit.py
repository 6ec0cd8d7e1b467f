"""The audit log: who did what, when; append-only, searchable, exportable, and never content."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tandem.accounts import services as accounts
from tandem.accounts.tests.factories import PASSWORD
from tandem.conftest import Personas
from tandem.core import audit
from tandem.core.models import AuditEvent
from tandem.core.scheduler import periodic_jobs
from tandem.core.testing.forms import form_values
from tandem.mentorships import services as pairs
from tandem.mentorships.tests.conftest import build_world, make_active
from tandem.people.services import import_job_create, person_erase
from tandem.programmes.models import Enrolment
from tandem.programmes.services import enrolment_decide

pytestmark = pytest.mark.django_db

MARKER = "AUDITMARK-5817"


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))


def test_sign_ins_are_recorded_with_their_address_and_failures_without_the_name_typed(
    personas: Personas,
) -> None:
    EmailAddress.objects.create(
        user=personas.alice.user, email="alice@example.org", verified=True, primary=True
    )
    client = Client(REMOTE_ADDR="203.0.113.9")
    client.post(reverse("account_login"), {"login": "alice@example.org", "password": "wrong"})
    client.post(reverse("account_login"), {"login": "alice@example.org", "password": PASSWORD})

    failed = AuditEvent.objects.get(action="signin.failed")
    succeeded = AuditEvent.objects.get(action="signin.succeeded")
    assert (failed.ip, failed.actor, failed.object_id) == ("203.0.113.9", None, "")
    assert (succeeded.actor, succeeded.ip) == (personas.alice.user, "203.0.113.9")


def test_roles_decisions_imports_exports_and_erasures_are_recorded(personas: Personas) -> None:
    operator = personas.superuser
    accounts.user_coordinator_role_set(user=personas.oscar.user, granted=True, by=operator)
    enrolment_decide(
        enrolment=personas.alice_enrolment, decision=Enrolment.Status.DECLINED, decided_by=operator
    )
    import_job_create(user=operator, filename="people.csv", source="email,name\n")
    personas.client_for("carol").get(
        reverse("reports:programme_csv", args=[personas.programme.slug])
    )
    person_erase(person=personas.oscar, by=operator)

    recorded = {(e.action, e.object_type, e.actor_id) for e in AuditEvent.objects.all()}
    assert ("role.granted", "user", operator.pk) in recorded
    assert ("enrolment.declined", "enrolment", operator.pk) in recorded
    assert ("import.people", "importjob", operator.pk) in recorded
    assert ("export.pairs_csv", "programme", personas.carol.pk) in recorded
    assert ("person.erased", "person", operator.pk) in recorded


def test_actions_in_the_admin_are_recorded_by_type_and_id_only(personas: Personas) -> None:
    client = personas.client_for("superuser")
    url = reverse("admin:programmes_programme_change", args=[personas.programme.pk])
    sent = dict(form_values(client.get(url).content.decode(), "name"))
    sent["name"] = "Renamed"

    assert client.post(url, sent).status_code == 302

    event = AuditEvent.objects.filter(action__startswith="admin.").get()
    assert (event.action, event.object_type, event.object_id) == (
        "admin.changed",
        "programme",
        str(personas.programme.pk),
    )


def test_no_event_can_be_changed_or_removed(personas: Personas) -> None:
    event = audit.record("role.granted", actor=personas.superuser)

    with pytest.raises(TypeError, match="append-only"):
        event.save()
    with pytest.raises(TypeError, match="append-only"):
        event.delete()
    with pytest.raises(TypeError, match="append-only"):
        AuditEvent.objects.filter(pk=event.pk).update(action="nothing")
    with pytest.raises(TypeError, match="append-only"):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "role.granted"


def test_events_leave_only_once_their_retention_period_has_passed(
    personas: Personas, settings: Any
) -> None:
    settings.AUDIT_RETENTION_DAYS = 30
    old = audit.record("signin.succeeded", actor=personas.alice.user)
    recent = audit.record("signin.succeeded", actor=personas.bob.user)

    removed = audit.audit_expire(now=old.at + timedelta(days=30, seconds=1))

    assert removed == 2  # both were written within the same second
    audit.record("signin.succeeded", actor=personas.bob.user)
    assert audit.audit_expire(now=timezone.now() + timedelta(days=29)) == 0
    assert not AuditEvent.objects.filter(pk__in=[old.pk, recent.pk]).exists()
    assert periodic_jobs()["expire-audit-events"].every == timedelta(hours=24)


def test_operators_search_the_log_and_export_what_they_found(personas: Personas) -> None:
    accounts.user_coordinator_role_set(
        user=personas.oscar.user, granted=True, by=personas.superuser
    )
    accounts.user_coordinator_role_set(
        user=personas.oscar.user, granted=False, by=personas.superuser
    )
    audit.record("signin.succeeded", actor=personas.alice.user)
    client = personas.client_for("superuser")

    page = client.get(reverse("accounts:audit"), {"action": "role."})
    exported = client.get(reverse("accounts:audit_csv"), {"action": "role."})

    text = page.content.decode()
    assert "<code>role.granted</code>" in text
    assert "<code>role.withdrawn</code>" in text
    assert "<code>signin.succeeded</code>" not in text
    rows = list(csv.reader(io.StringIO(b"".join(exported.streaming_content).decode())))
    assert rows[0] == audit.CSV_HEADER
    assert sorted(row[2] for row in rows[1:]) == ["role.granted", "role.withdrawn"]
    assert AuditEvent.objects.filter(action="export.audit_csv", actor=personas.superuser).exists()


def test_a_search_that_ends_before_it_starts_is_refused_in_words(personas: Personas) -> None:
    response = personas.client_for("superuser").get(
        reverse("accounts:audit"), {"since": "2026-05-02", "until": "2026-05-01"}
    )

    assert response.status_code == 400
    assert "The end comes before the start." in response.content.decode()


def test_the_page_runs_as_many_queries_however_long_the_log(personas: Personas) -> None:
    client = personas.client_for("superuser")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("accounts:audit"))
        return len(captured)

    audit.record("signin.succeeded", actor=personas.alice.user)
    few = queries()
    for who in (personas.bob, personas.erin, personas.oscar) * 10:
        audit.record("signin.succeeded", actor=who.user)

    assert queries() == few


def test_nothing_a_pair_wrote_ever_reaches_the_log(personas: Personas) -> None:
    mentorship = make_active(
        pairs.mentorship_create(
            programme=personas.programme, mentee=personas.alice, mentor=personas.bob
        )
    )
    world = build_world(personas, mentorship, marker=MARKER)
    admin = personas.client_for("superuser")
    for model, pk in (("journalentry", world.journal_shared.pk), ("goal", world.goal.pk)):
        admin.get(reverse(f"admin:mentorships_{model}_change", args=[pk]))
    personas.client_for("alice").get(reverse("accounts:my_data_download"))
    pairs.mentorship_exit_early(mentorship=mentorship, by=personas.alice, reason=MARKER)
    person_erase(person=personas.alice, by=personas.superuser)

    out = StringIO()
    call_command("dumpdata", "core.auditevent", stdout=out)
    assert len(actions()) >= 3
    assert MARKER not in out.getvalue()


def test_a_coordinators_settings_and_pairs_by_hand_are_recorded_by_what_changed(
    personas: Personas,
) -> None:
    carol = personas.client_for("carol")
    edit = reverse("programmes:edit", args=[personas.programme.slug])
    sent = dict(form_values(carol.get(edit).content.decode(), "content_retention_days"))
    carol.post(edit, sent)  # saved unchanged: nothing to record
    sent["content_retention_days"] = "365"
    carol.post(edit, sent)
    carol.post(
        reverse("mentorships:coordinator_create", args=[personas.programme.slug]),
        {"mentee": "alice@example.org", "mentor": "bob@example.org"},
    )

    changed = AuditEvent.objects.get(action="programme.changed")
    paired = AuditEvent.objects.get(action="mentorship.created")
    assert (changed.actor, changed.detail) == (
        personas.carol,
        {"fields": ["content_retention_days"]},
    )
    assert paired.actor == personas.carol
    assert paired.detail == {"programme": personas.programme.pk, "reporting_line_exception": False}
