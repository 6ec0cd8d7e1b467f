"""A pair's events reach the partner in the partner's language, not the actor's."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import translation

from tandem.conftest import Personas
from tandem.core.testing.languages import speaks
from tandem.mentorships import services
from tandem.notifications.models import Notification

from .conftest import make_active

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _clock(time_machine: Any) -> None:
    time_machine.move_to(NOW, tick=False)


def _title(person: Any, kind: str) -> str:
    return str(Notification.objects.get(recipient=person.user, kind=kind).title)


def test_a_scheduled_meeting_and_a_pause_reach_the_partner_in_their_language(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    pair = make_active(
        services.mentorship_create(
            programme=personas.programme, mentee=personas.alice, mentor=personas.bob
        )
    )
    speaks(personas.alice, "fr")
    speaks(personas.bob, "es")

    # Each acts from a page in German, which neither reads.
    with translation.override("de"), django_capture_on_commit_callbacks(execute=True):
        services.meeting_schedule(
            mentorship=pair, by=personas.alice, starts_at=NOW + datetime.timedelta(days=3)
        )
        services.mentorship_pause(mentorship=pair, by=personas.bob)

    assert _title(personas.bob, "mentorship.meeting_scheduled") == (
        "Alice Mentee programó una reunión"
    )
    assert _title(personas.alice, "mentorship.paused") == (
        "Bob Mentor a mis votre mentorat en pause"
    )
