"""The calendar invitations: iTIP by email, parsed back with icalendar."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail

from tandem.conftest import Personas
from tandem.core.testing.itip import event_of, invitations
from tandem.flash import services
from tandem.flash.invitations import booking_invitations_send_now
from tandem.flash.tests.conftest import book, slot_at
from tandem.people.models import Person

pytestmark = pytest.mark.django_db

QUESTION = "ZQX-FLASH-QUESTION How do I negotiate a raise?"


@pytest.fixture
def zones(personas: Personas) -> None:
    Person.objects.filter(pk=personas.alice.pk).update(timezone="America/New_York")
    Person.objects.filter(pk=personas.bob.pk).update(timezone="Asia/Tokyo")
    personas.alice.refresh_from_db()
    personas.bob.refresh_from_db()


def test_both_people_receive_a_request_in_their_own_time_zone(
    personas: Personas, clock: Any, zones: None, django_capture_on_commit_callbacks: Any
) -> None:
    # 10:00 in Tokyo on Wednesday 4 March is 01:00 UTC, and 20:00 on the 3rd in New York.
    slot = slot_at(personas, datetime.datetime(2026, 3, 4, 10, 0))
    booking = book(slot, personas.alice, django_capture_on_commit_callbacks, question=QUESTION)

    [(to_alice, part, calendar)] = invitations("alice@example.org")
    [(to_bob, _, bob_calendar)] = invitations("bob@example.org")
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "REQUEST"
    assert str(calendar["method"]) == "REQUEST"
    event = event_of(calendar)
    assert event["uid"] == event_of(bob_calendar)["uid"]
    assert str(event["uid"]).startswith(f"flash-booking-{booking.pk}@")
    assert event["sequence"] == 0
    start = event.decoded("dtstart")
    assert start == slot.starts_at
    assert start.tzinfo.key == "America/New_York"
    assert event_of(bob_calendar).decoded("dtstart").tzinfo.key == "Asia/Tokyo"
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["America/New_York"]
    assert event.decoded("dtend") - start == datetime.timedelta(minutes=30)
    assert "Tuesday 3 March 2026, 20:00 (America/New_York)" in to_alice.body
    assert "Wednesday 4 March 2026, 10:00 (Asia/Tokyo)" in to_bob.body
    assert "Bob" in str(event["summary"])
    # The question stays off calendars and out of email.
    for message in mail.outbox:
        assert "ZQX-FLASH-QUESTION" not in message.message().as_string()


def test_a_change_replaces_the_event_and_a_cancellation_removes_it(
    personas: Personas, clock: Any, zones: None, django_capture_on_commit_callbacks: Any
) -> None:
    slot = slot_at(personas, datetime.datetime(2026, 3, 4, 10, 0))
    booking = book(slot, personas.alice, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.slot_change_place(
            slot=slot, by=personas.bob, format="in_person", location="Room 4.12"
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=booking, by=personas.alice)

    sent = invitations("alice@example.org")
    assert [str(c["method"]) for _, _, c in sent] == ["REQUEST", "REQUEST", "CANCEL"]
    assert [p.get_param("method") for _, p, _ in sent] == ["REQUEST", "REQUEST", "CANCEL"]
    events = [event_of(c) for _, _, c in sent]
    assert len({str(e["uid"]) for e in events}) == 1
    assert [e["sequence"] for e in events] == [0, 1, 2]
    assert str(events[1]["location"]) == "Room 4.12"
    assert str(events[2]["status"]) == "CANCELLED"
    assert sent[1][0].subject.startswith("Changed:")
    assert sent[2][0].subject.startswith("Cancelled:")
    assert len(invitations("bob@example.org")) == 3


def test_a_retry_sends_nothing_twice(
    personas: Personas, clock: Any, django_capture_on_commit_callbacks: Any
) -> None:
    slot = slot_at(personas, datetime.datetime(2026, 3, 4, 10, 0))
    booking = book(slot, personas.alice, django_capture_on_commit_callbacks)
    count = len(mail.outbox)
    assert booking_invitations_send_now(booking) == 0
    assert len(mail.outbox) == count


def test_an_unchanged_place_sends_no_update(
    personas: Personas, clock: Any, django_capture_on_commit_callbacks: Any
) -> None:
    slot = slot_at(personas, datetime.datetime(2026, 3, 4, 10, 0))
    book(slot, personas.alice, django_capture_on_commit_callbacks)
    count = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        services.slot_change_place(
            slot=slot, by=personas.bob, format=slot.format, location=slot.location
        )
    assert len(mail.outbox) == count
