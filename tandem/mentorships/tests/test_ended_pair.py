"""An ended pair looks ended: no next meeting, no ticking, and calendars drop what was to come."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from icalendar import Calendar

from tandem.conftest import Personas
from tandem.mentorships import services
from tandem.mentorships.models import Meeting, Mentorship

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _clock(time_machine) -> None:
    time_machine.move_to(NOW, tick=False)


def _plan(personas: Personas, mentorship: Mentorship) -> tuple[Meeting, Meeting]:
    (past,) = services.meeting_schedule(
        mentorship=mentorship, by=personas.alice, starts_at=NOW - datetime.timedelta(days=7)
    )
    (upcoming,) = services.meeting_schedule(
        mentorship=mentorship, by=personas.alice, starts_at=NOW + datetime.timedelta(days=7)
    )
    services.action_item_add(
        mentorship=mentorship, by=personas.bob, owner=personas.alice, text="Draft the budget"
    )
    return past, upcoming


def _feed_events(personas: Personas, who: str) -> dict[str, Any]:
    person = getattr(personas, who)
    feed = services.calendar_feed_get_or_create(person=person)
    body = personas.client_for("anonymous").get(
        reverse("mentorships:calendar_feed", args=[feed.token])
    )
    return {str(e["UID"]): e for e in Calendar.from_ical(body.content).walk("VEVENT")}


def test_an_early_exit_cancels_upcoming_meetings_in_both_feeds(
    personas: Personas, active: Mentorship
) -> None:
    past, upcoming = _plan(personas, active)
    before = {who: _feed_events(personas, who) for who in ("alice", "bob")}
    assert str(before["alice"][upcoming.uid]["STATUS"]) == "CONFIRMED"

    services.mentorship_exit_early(mentorship=active, by=personas.bob, reason="Moving")

    upcoming.refresh_from_db()
    past.refresh_from_db()
    assert upcoming.status == Meeting.Status.CANCELLED
    assert past.status == Meeting.Status.SCHEDULED  # history is left as it was
    for who in ("alice", "bob"):
        event = _feed_events(personas, who)[upcoming.uid]
        assert str(event["STATUS"]) == "CANCELLED"
        assert int(event["SEQUENCE"]) > int(before[who][upcoming.uid]["SEQUENCE"])


def test_the_overview_of_an_ended_pair_shows_no_next_meeting_and_no_tick(
    personas: Personas, active: Mentorship
) -> None:
    _plan(personas, active)
    url = reverse("mentorships:overview", args=[active.pk])
    alive = personas.client_for("alice").get(url).content.decode()
    assert "Nothing scheduled." not in alive
    assert ">Tick</button>" in alive

    services.mentorship_exit_early(mentorship=active, by=personas.alice)

    page = personas.client_for("alice").get(url).content.decode()
    assert "Nothing scheduled." in page
    assert ">Tick</button>" not in page
    assert "Draft the budget" in page
    assert "Left open" in page


def test_a_completed_closure_cancels_upcoming_meetings(
    personas: Personas, active: Mentorship
) -> None:
    _past, upcoming = _plan(personas, active)
    services.closure_propose(mentorship=active, by=personas.alice)
    for person in (personas.alice, personas.bob):
        services.closure_submit(
            mentorship=active,
            by=person,
            went_well="Regular meetings.",
            learnt="Delegating.",
            goals_achieved="most",
            confidence_before=3,
            confidence_after=8,
            would_recommend=9,
        )
    active.refresh_from_db()
    assert active.state == Mentorship.State.CLOSED
    upcoming.refresh_from_db()
    assert upcoming.status == Meeting.Status.CANCELLED
