"""Bulk invitations: choosing people from the organisation, the preview, the task that sends,
and that nobody gets two emails however often the task runs."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.tests.factories import UserFactory
from tandem.conftest import Personas
from tandem.core.models import AuditEvent
from tandem.core.personal_data import erase, personal_data_for
from tandem.notifications.models import SentEmail
from tandem.people.models import Department, Person
from tandem.programmes.forms import parse_pasted_emails
from tandem.programmes.models import Invitation, InvitationBatch, Programme
from tandem.programmes.selectors import InviteeCriteria, invitation_preview, manager_subtree_ids
from tandem.programmes.services import invitation_batch_run
from tandem.programmes.tasks import run_invitation_batch
from tandem.programmes.tests.factories import EnrolmentFactory, InvitationFactory

OnCommit = Callable[..., AbstractContextManager[list[Callable[[], object]]]]


def make_people(count: int, department: Department, *, prefix: str, **extra: object) -> None:
    Person.objects.bulk_create(
        Person(
            email=f"{prefix}{i:04d}@example.org",
            name=f"{prefix.title()} {i:04d}",
            department=department,
            **extra,
        )
        for i in range(count)
    )


def bulk_url(programme: Programme) -> str:
    return reverse("programmes:invite_bulk", args=[programme.slug])


def test_inviting_a_department_queues_a_task_then_emails_everyone_once(
    personas: Personas, django_capture_on_commit_callbacks: OnCommit
) -> None:
    engineering = Department.objects.create(name="Engineering")
    sales = Department.objects.create(name="Sales")
    make_people(150, engineering, prefix="eng")
    make_people(150, sales, prefix="sales")
    carol = personas.client_for("carol")
    programme = personas.programme

    response = carol.post(
        bulk_url(programme), {"department": engineering.pk, "role": "mentee", "confirm": "1"}
    )

    batch = InvitationBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "programmes:invitation_batch", args=[programme.slug, batch.pk]
    )
    # The request only recorded the batch: no invitation, no email, until the task runs.
    assert batch.status == InvitationBatch.Status.QUEUED
    assert batch.selected_count == 150
    assert not Invitation.objects.exists()
    assert mail.outbox == []
    event = AuditEvent.objects.get(action="invitation.batch_created")
    assert event.object_id == str(batch.pk)
    assert event.detail == {
        "programme": programme.pk,
        "selected": 150,
        "to_invite": 150,
        "skipped": 0,
    }

    with django_capture_on_commit_callbacks(execute=True):
        run_invitation_batch.enqueue(batch.pk)
    batch.refresh_from_db()
    assert batch.status == InvitationBatch.Status.DONE
    assert batch.invited_count == batch.queued_count == 150
    sent_to = Counter(address for message in mail.outbox for address in message.to)
    assert len(sent_to) == 150
    assert set(sent_to.values()) == {1}
    assert all(address.startswith("eng") for address in sent_to)
    assert Invitation.objects.filter(batch=batch, sent_at__isnull=False).count() == 150

    # A retried task sends nothing, finished or caught halfway.
    with django_capture_on_commit_callbacks(execute=True):
        run_invitation_batch.enqueue(batch.pk)
    InvitationBatch.objects.filter(pk=batch.pk).update(status=InvitationBatch.Status.CREATING)
    with django_capture_on_commit_callbacks(execute=True):
        run_invitation_batch.enqueue(batch.pk)
    assert len(mail.outbox) == 150
    assert SentEmail.objects.filter(key__startswith="invitation:").count() == 150
    assert Invitation.objects.count() == 150


def test_a_batch_stopped_before_its_emails_sends_each_once_when_run_again(
    personas: Personas, django_capture_on_commit_callbacks: OnCommit
) -> None:
    engineering = Department.objects.create(name="Engineering")
    make_people(20, engineering, prefix="eng")
    carol = personas.client_for("carol")
    carol.post(
        bulk_url(personas.programme),
        {"department": engineering.pk, "role": "mentor", "confirm": "1"},
    )
    batch = InvitationBatch.objects.get()
    # The first run's emails are lost (their callbacks never run), as if the worker died.
    with django_capture_on_commit_callbacks(execute=False):
        invitation_batch_run(batch_id=batch.pk)
    assert mail.outbox == []
    InvitationBatch.objects.filter(pk=batch.pk).update(status=InvitationBatch.Status.CREATING)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            invitation_batch_run(batch_id=batch.pk)
        InvitationBatch.objects.filter(pk=batch.pk).update(status=InvitationBatch.Status.CREATING)
    assert sorted(m.to[0] for m in mail.outbox) == [f"eng{i:04d}@example.org" for i in range(20)]


def test_preview_counts_who_is_skipped_and_why_and_sends_nothing(personas: Personas) -> None:
    engineering = Department.objects.create(name="Engineering")
    make_people(10, engineering, prefix="eng")
    enrolled = Person.objects.get(email="eng0000@example.org")
    EnrolmentFactory(programme=personas.programme, person=enrolled, role="mentee")
    InvitationFactory(programme=personas.programme, email="eng0001@example.org")
    Person.objects.filter(email="eng0002@example.org").update(erased_at=timezone.now())

    response = personas.client_for("carol").post(
        bulk_url(personas.programme), {"department": engineering.pk, "role": "mentee"}
    )

    assert response.status_code == 200
    preview = response.context["preview"]
    assert (preview.selected, preview.to_invite) == (10, 7)
    assert (preview.already_enrolled, preview.already_invited, preview.no_email) == (1, 1, 1)
    assert [p.name for p in preview.sample][:2] == ["Eng 0003", "Eng 0004"]
    assert "Send 7 invitations" in response.content.decode()
    assert not InvitationBatch.objects.exists()
    assert Invitation.objects.count() == 1


def test_pasted_addresses_report_each_bad_or_unknown_line() -> None:
    emails, problems = parse_pasted_emails(
        "a@example.org\nnot an address\n\nb@example.org, c@example.org ; a@example.org\n"
    )
    assert emails == [(1, "a@example.org"), (4, "b@example.org"), (4, "c@example.org")]
    assert [(p.line, p.text) for p in problems] == [(2, "not an address"), (4, "a@example.org")]


def test_pasted_list_preview_names_unknown_people_by_line(personas: Personas) -> None:
    response = personas.client_for("carol").post(
        bulk_url(personas.programme),
        {"emails": f"{personas.oscar.email}\nnobody@example.org\nnonsense", "role": "mentee"},
    )
    preview = response.context["preview"]
    assert preview.to_invite == 1
    assert [(p.line, p.text) for p in preview.problems] == [
        (2, "nobody@example.org"),
        (3, "nonsense"),
    ]
    assert "No one in the organisation has this address." in response.content.decode()
    assert not InvitationBatch.objects.exists()


def test_manager_subtree_follows_the_chart_down_every_level(db: None) -> None:
    def person(name: str, manager: Person | None = None) -> Person:
        return Person.objects.create(email=f"{name}@example.org", name=name, manager=manager)

    head = person("head")
    lead = person("lead", head)
    dev = person("dev", lead)
    intern = person("intern", dev)
    person("elsewhere")
    assert manager_subtree_ids(head.pk) == {lead.pk, dev.pk, intern.pk}
    assert manager_subtree_ids(dev.pk) == {intern.pk}
    # A loop left by an edit ends rather than spinning.
    Person.objects.filter(pk=head.pk).update(manager=intern)
    assert manager_subtree_ids(head.pk) == {lead.pk, dev.pk, intern.pk}


def test_filters_combine_department_location_and_manager(personas: Personas) -> None:
    engineering = Department.objects.create(name="Engineering")
    boss = Person.objects.create(email="boss@example.org", name="Boss", department=engineering)
    make_people(4, engineering, prefix="ldn", location="London", manager=boss)
    make_people(3, engineering, prefix="par", location="Paris", manager=boss)
    make_people(5, engineering, prefix="free", location="London")
    programme = personas.programme

    def to_invite(**criteria: object) -> int:
        return invitation_preview(programme, InviteeCriteria(**criteria)).to_invite

    assert to_invite(department_id=engineering.pk) == 13
    assert to_invite(department_id=engineering.pk, location="London") == 9
    assert to_invite(manager_id=boss.pk) == 7
    assert to_invite(manager_id=boss.pk, location="london") == 4

    response = personas.client_for("carol").post(
        bulk_url(programme),
        {"manager": "boss@example.org", "location": "Paris", "role": "mentee", "confirm": "1"},
    )
    assert response.status_code == 302
    assert InvitationBatch.objects.get().description == "Location Paris, reporting to Boss"


def test_a_filter_is_required_and_an_unknown_manager_refused(personas: Personas) -> None:
    carol = personas.client_for("carol")
    response = carol.post(bulk_url(personas.programme), {"role": "mentee", "confirm": "1"})
    assert response.status_code == 400
    response = carol.post(
        bulk_url(personas.programme),
        {"manager": "ghost@example.org", "role": "mentee", "confirm": "1"},
    )
    assert response.status_code == 400
    assert "No one in the organisation has this address." in response.content.decode()
    assert not InvitationBatch.objects.exists()


def test_progress_page_polls_until_every_email_is_sent(
    personas: Personas, django_capture_on_commit_callbacks: OnCommit
) -> None:
    engineering = Department.objects.create(name="Engineering")
    make_people(3, engineering, prefix="eng")
    carol = personas.client_for("carol")
    carol.post(
        bulk_url(personas.programme),
        {"department": engineering.pk, "role": "mentee", "confirm": "1"},
    )
    batch = InvitationBatch.objects.get()
    url = reverse("programmes:invitation_batch", args=[personas.programme.slug, batch.pk])
    page = carol.get(url).content.decode()
    assert "hx-get" in page
    assert "Waiting for the background worker" in page

    with django_capture_on_commit_callbacks(execute=False):
        invitation_batch_run(batch_id=batch.pk)
    fragment = carol.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment
    assert "Sent 0 of 3" in fragment
    assert "hx-get" in fragment

    Invitation.objects.update(sent_at=timezone.now())
    fragment = carol.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "Sent 3 of 3" in fragment
    assert "hx-get" not in fragment


def test_invitations_show_their_state_and_count_them(personas: Personas, client: object) -> None:
    programme = personas.programme
    sent = timezone.now()
    queued = InvitationFactory(programme=programme, email="queued@example.org", sent_at=None)
    InvitationFactory(programme=programme, email="sent@example.org", sent_at=sent)
    opened = InvitationFactory(programme=programme, email="opened@example.org", sent_at=sent)
    registered = InvitationFactory(programme=programme, email="reg@example.org", sent_at=sent)
    applied = InvitationFactory(programme=programme, email=personas.alice.email, sent_at=sent)
    UserFactory(email="reg@example.org")

    personas.client_for("oscar").get(reverse("programmes:invitation_accept", args=[opened.token]))
    opened.refresh_from_db()
    first_open = opened.opened_at
    assert first_open is not None
    personas.client_for("oscar").get(reverse("programmes:invitation_accept", args=[opened.token]))
    opened.refresh_from_db()
    assert opened.opened_at == first_open

    response = personas.client_for("carol").get(reverse("programmes:invite", args=[programme.slug]))
    counts = response.context["counts"]
    assert counts == {
        "total": 5,
        "sent": 4,
        "opened": 1,
        "registered": 2,  # reg@ and alice, who has an account
        "applied": 1,
        "reminded": 0,
    }
    rows = {i.email: i for i in response.context["page"]}
    assert rows[registered.email].registered
    assert not rows[registered.email].applied
    assert rows[applied.email].applied
    assert not rows[queued.email].registered
    page = response.content.decode()
    for label in ("Queued", "Opened the link", "Registered", "Applied"):
        assert label in page


def test_invitation_page_query_count_does_not_grow(personas: Personas) -> None:
    carol = personas.client_for("carol")
    url = reverse("programmes:invite", args=[personas.programme.slug])

    def count() -> int:
        carol.get(url)
        with CaptureQueriesContext(connection) as queries:
            carol.get(url)
        return len(queries)

    for i in range(3):
        InvitationFactory(programme=personas.programme, email=f"a{i}@example.org")
    small = count()
    for i in range(60):
        InvitationFactory(programme=personas.programme, email=f"b{i}@example.org")
    assert count() == small


def test_an_erased_person_leaves_every_batch_and_an_emptied_batch_invites_nobody(
    personas: Personas, django_capture_on_commit_callbacks: OnCommit
) -> None:
    sales = Department.objects.create(name="Sales")
    make_people(3, sales, prefix="sales")
    programme = personas.programme
    erased = Person.objects.create(name="Zeta Pasted", email="zeta.pasted@example.org")
    waiting = InvitationBatch.objects.create(
        programme=programme,
        role="mentee",
        criteria=InviteeCriteria(emails=((1, "ZETA.Pasted@example.org"),)).as_json(),
        description="1 pasted address",
    )
    other = InvitationBatch.objects.create(
        programme=programme,
        role="mentor",
        criteria=InviteeCriteria(department_id=sales.pk).as_json(),
        description="Department Sales",
        message="Sales only.",
    )
    before = other.updated_at

    erase(erased)

    waiting.refresh_from_db()
    other.refresh_from_db()
    assert waiting.criteria["emails"] == []
    assert other.updated_at == before  # a batch that never named her is left alone
    with django_capture_on_commit_callbacks(execute=True):
        invitation_batch_run(batch_id=waiting.pk)
    waiting.refresh_from_db()
    # Her address was the whole filter: with it gone the batch chooses nobody, not everyone.
    assert waiting.status == InvitationBatch.Status.DONE
    assert not Invitation.objects.filter(batch=waiting).exists()


def test_the_invitee_download_holds_the_invitation_states(personas: Personas) -> None:
    now = timezone.now()
    InvitationFactory(
        programme=personas.programme,
        email=personas.alice.email,
        sent_at=now,
        opened_at=now,
        reminded_at=now,
    )

    (row,) = personal_data_for(personas.alice.user)["invitations"]

    assert {"sent_at", "opened_at", "reminded_at", "send_count", "accepted_at"} <= set(row)
    assert row["opened_at"] == row["reminded_at"] == row["sent_at"] == now
