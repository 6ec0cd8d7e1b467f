"""Calendar invitations for a circle's meetings: iTIP by email to every current member."""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from tandem.circles import services
from tandem.circles.models import Circle, CircleMember
from tandem.conftest import Personas
from tandem.core.testing.itip import event_of, invitations
from tandem.people.models import Person
from tandem.programmes.models import Programme

pytestmark = pytest.mark.django_db

# Thursday 5 March 2026, 18:00 UTC: 19:00 in Paris, 13:00 in New York.
STARTS = datetime.datetime(2026, 3, 5, 18, 0, tzinfo=datetime.UTC)


def _members(circle: Circle) -> list[Person]:
    return [m.person for m in CircleMember.objects.current().filter(circle=circle)]


def test_every_member_gets_a_request_in_their_zone_then_an_update_then_a_cancel(
    personas: Personas, circle: Circle, django_capture_on_commit_callbacks: Any
) -> None:
    Person.objects.filter(pk=personas.alice.pk).update(timezone="America/New_York")
    Person.objects.filter(pk=personas.bob.pk).update(timezone="Europe/Paris")
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.circle_meeting_schedule(
            circle=circle, by=personas.bob, starts_at=STARTS, meeting_format="in_person"
        )
    assert {m.to[0] for m in mail.outbox} == {p.email for p in _members(circle)}

    [(_, part, alice_cal)] = invitations("alice@example.org")
    [(_, _, bob_cal)] = invitations("bob@example.org")
    assert part.get_param("method") == "REQUEST"
    assert event_of(alice_cal).decoded("dtstart") == datetime.datetime(
        2026, 3, 5, 13, 0, tzinfo=ZoneInfo("America/New_York")
    )
    assert event_of(bob_cal).decoded("dtstart") == datetime.datetime(
        2026, 3, 5, 19, 0, tzinfo=ZoneInfo("Europe/Paris")
    )
    assert len(event_of(alice_cal)["attendee"]) == 4

    with django_capture_on_commit_callbacks(execute=True):
        services.circle_meeting_move(
            meeting=meeting,
            by=personas.alice,
            starts_at=STARTS + datetime.timedelta(hours=1),
            duration_minutes=meeting.duration_minutes,
            meeting_format="in_person",
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.circle_meeting_cancel(meeting=meeting, by=personas.bob)

    sent = invitations("alice@example.org")
    assert [str(cal["method"]) for _, _, cal in sent] == ["REQUEST", "REQUEST", "CANCEL"]
    assert {str(event_of(cal)["uid"]) for _, _, cal in sent} == {meeting.uid}
    assert [event_of(cal)["sequence"] for _, _, cal in sent] == [0, 1, 2]
    assert sent[2][0].subject == f"Cancelled: {circle.name} meeting"


def test_a_video_meeting_gets_the_programmes_room(
    personas: Personas, circle: Circle, django_capture_on_commit_callbacks: Any
) -> None:
    Programme.objects.filter(pk=circle.programme_id).update(
        video_room_pattern="https://meet.example.org/circle-{pair}"
    )
    circle.programme.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.circle_meeting_schedule(
            circle=circle, by=personas.bob, starts_at=STARTS, meeting_format="video"
        )
    meeting.refresh_from_db()
    assert meeting.video_link == f"https://meet.example.org/circle-{circle.pk}"
    [(message, _, calendar)] = invitations("alice@example.org")
    assert f"Join the call: {meeting.video_link}" in message.body
    assert str(event_of(calendar)["location"]) == meeting.video_link
