"""The coordinator's page of nudges and alerts, and the jobs it configures."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from tandem.conftest import Personas
from tandem.core.audit import AuditEvent
from tandem.core.scheduler import periodic_jobs
from tandem.core.testing.forms import form_values, submit_unchanged
from tandem.nudges.models import NudgeSettings

pytestmark = pytest.mark.django_db


def url(personas: Personas) -> str:
    return reverse("nudges:settings", args=[personas.programme.slug])


def test_the_page_shows_the_defaults_and_saves_them_unchanged(personas: Personas):
    client = personas.client_for("carol")

    response = submit_unchanged(client, url(personas), "charter_days")

    assert response.status_code == 302
    stored = NudgeSettings.objects.get(programme=personas.programme)
    assert (stored.auto_close, stored.meeting_first_factor, stored.request_mentor_days) == (
        False,
        Decimal("1.5"),
        3,
    )
    assert not AuditEvent.objects.filter(action="programme.nudges_changed").exists()


def test_a_coordinator_switches_auto_close_on_and_the_change_is_audited(personas: Personas):
    client = personas.client_for("carol")
    data = dict(form_values(client.get(url(personas)).content.decode(), "charter_days"))
    data.update(auto_close="on", auto_close_days="60", charter_reminders="")
    data.pop("charter_reminders")

    response = client.post(url(personas), data)

    assert response.status_code == 302
    stored = NudgeSettings.objects.get(programme=personas.programme)
    assert (stored.auto_close, stored.auto_close_days, stored.charter_reminders) == (
        True,
        60,
        False,
    )
    event = AuditEvent.objects.get(action="programme.nudges_changed")
    assert event.detail == {"fields": ["auto_close", "auto_close_days", "charter_reminders"]}
    page = client.get(url(personas)).content.decode()
    assert dict(form_values(page, "charter_days"))["auto_close_days"] == "60"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"meeting_first_factor": "2.5", "meeting_second_factor": "2.0"},
            "meeting_second_factor",
            "The second reminder comes after the first.",
        ),
        (
            {"request_mentor_days": "7", "request_coordinator_days": "7"},
            "request_coordinator_days",
            "Tell the coordinators later than the mentor is reminded.",
        ),
        (
            {"auto_close_days": "20", "auto_close_warning_days": "30"},
            "auto_close_warning_days",
            "The warning comes before the close: fewer days than the close.",
        ),
        ({"auto_close_days": "3"}, "auto_close_days", "greater than or equal to 14"),
    ],
)
def test_thresholds_that_contradict_each_other_are_refused_beside_the_field(
    personas: Personas, changes: dict[str, str], field: str, message: str
):
    client = personas.client_for("carol")
    data = dict(form_values(client.get(url(personas)).content.decode(), "charter_days"))
    data.update(changes)

    response = client.post(url(personas), data)

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not NudgeSettings.objects.filter(programme=personas.programme).exists()


def test_the_page_is_in_the_programmes_menu(personas: Personas):
    page = personas.client_for("carol").get(
        reverse("programmes:detail", args=[personas.programme.slug])
    )

    assert url(personas) in page.content.decode()


def test_every_nudge_is_a_scheduled_job():
    jobs = periodic_jobs()

    assert {name: jobs[name].every for name in jobs if name.startswith(("nudge-", "alert-"))} == {
        "nudge-unanswered-requests": timedelta(hours=1),
        "nudge-unsigned-charters": timedelta(hours=6),
        "nudge-quiet-pairs": timedelta(hours=6),
        "nudge-overdue-plans": timedelta(hours=12),
        "alert-health-changes": timedelta(hours=6),
    }
