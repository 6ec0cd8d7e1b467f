"""Publishing slots and booking them: every rule and every refusal."""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from tandem.conftest import Personas
from tandem.flash import selectors, services
from tandem.flash.models import Booking, FlashSettings, Slot
from tandem.flash.services import RACE_LOST, FlashError
from tandem.flash.tests.conftest import NOW, book, publish, slot_at
from tandem.notifications.models import Notification
from tandem.people.models import Person
from tandem.programmes.models import Enrolment
from tandem.programmes.tests.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db

TOMORROW_10 = datetime.datetime(2026, 3, 3, 10, 0)


def another_mentee(personas: Personas, name: str = "Mia Mentee") -> Person:
    person = Person.objects.create(name=name, email=f"{name.split()[0].lower()}@example.org")
    EnrolmentFactory(programme=personas.programme, person=person, role=Enrolment.Role.MENTEE)
    return person


def test_a_slot_is_read_in_the_mentors_time_zone_and_repeats_at_the_same_wall_clock_time(
    personas: Personas, clock: Any
) -> None:
    Person.objects.filter(pk=personas.bob.pk).update(timezone="Europe/Paris")
    personas.bob.refresh_from_db()
    # 10:00 in Paris, weekly across the change to summer time on 29 March 2026.
    slots = publish(personas, datetime.datetime(2026, 3, 23, 10, 0), weeks=2)

    paris = ZoneInfo("Europe/Paris")
    assert [slot.starts_at.astimezone(paris).hour for slot in slots] == [10, 10]
    assert [slot.starts_at.astimezone(datetime.UTC).hour for slot in slots] == [9, 8]
    assert all(slot.minutes == 30 and slot.status == Slot.Status.OPEN for slot in slots)
    assert FlashSettings.objects.filter(mentor=personas.bob).exists()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"starts_at": datetime.datetime(2026, 3, 1, 10, 0)}, "starts_at", "future"),
        ({"minutes": 5}, "minutes", "between 10 and 180"),
        ({"format": "video", "location": " "}, "location", "video link"),
        ({"format": "carrier pigeon"}, "format", "Choose a format"),
        ({"weeks": 13}, "weeks", "1 to 12"),
    ],
)
def test_publishing_refuses_what_cannot_be_offered(
    personas: Personas, clock: Any, change: dict[str, Any], field: str, message: str
) -> None:
    values = {
        "mentor": personas.bob,
        "programme": personas.programme,
        "starts_at": TOMORROW_10,
        "minutes": 30,
        "format": "phone",
        "location": "",
        "weeks": 1,
    } | change
    with pytest.raises(FlashError) as error:
        services.slots_publish(**values)
    assert error.value.field == field
    assert message in error.value.message
    assert not Slot.objects.exists()


def test_only_an_approved_mentor_publishes_and_never_twice_at_one_time(
    personas: Personas, clock: Any
) -> None:
    with pytest.raises(FlashError, match="not an approved mentor"):
        publish(personas, TOMORROW_10, mentor=personas.alice)
    slot_at(personas, TOMORROW_10, minutes=60)
    with pytest.raises(FlashError, match="already offer a slot"):
        slot_at(personas, TOMORROW_10 + datetime.timedelta(minutes=30))


def test_booking_takes_the_slot_from_everyone_else_and_tells_the_mentor(
    personas: Personas, clock: Any, django_capture_on_commit_callbacks: Any
) -> None:
    slot = slot_at(personas, TOMORROW_10)
    assert list(selectors.open_slots(personas.programme)) == [slot]

    booking = book(slot, personas.alice, django_capture_on_commit_callbacks)

    slot.refresh_from_db()
    assert slot.status == Slot.Status.BOOKED
    assert booking.status == Booking.Status.BOOKED
    assert booking.sequence == 0
    assert list(selectors.open_slots(personas.programme)) == []
    notice = Notification.objects.get(recipient=personas.bob.user)
    assert notice.kind == "flash.booked"
    assert "How do I run" not in notice.title + notice.body
    assert sorted(m.to[0] for m in mail.outbox) == [
        "alice@example.org",
        "bob@example.org",
        "bob@example.org",  # the notice's own email, as bob's preference says
    ]


def test_a_slot_already_booked_is_refused_with_the_race_message(
    personas: Personas, clock: Any, django_capture_on_commit_callbacks: Any
) -> None:
    slot = slot_at(personas, TOMORROW_10)
    book(slot, personas.alice, django_capture_on_commit_callbacks)
    with pytest.raises(FlashError) as error:
        book(slot, another_mentee(personas), django_capture_on_commit_callbacks)
    assert error.value.message == RACE_LOST
    assert Booking.objects.count() == 1


def test_the_database_keeps_one_active_booking_per_slot(personas: Personas, clock: Any) -> None:
    from django.db import IntegrityError, transaction

    slot = slot_at(personas, TOMORROW_10)
    Booking.objects.create(slot=slot, mentee=personas.alice, question="First")
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(slot=slot, mentee=another_mentee(personas), question="Second")
    # A cancelled booking does not hold the slot.
    Booking.objects.update(status=Booking.Status.CANCELLED)
    Booking.objects.create(slot=slot, mentee=another_mentee(personas, "Noa Mentee"), question="3")


def test_refusals_own_slot_past_slot_withdrawn_slot_outsider_and_empty_question(
    personas: Personas, clock: Any, django_capture_on_commit_callbacks: Any
) -> None:
    slot = slot_at(personas, TOMORROW_10)
    with pytest.raises(FlashError, match="your own slot"):
        book(slot, personas.bob, django_capture_on_commit_callbacks)
    with pytest.raises(FlashError, match="approved mentee"):
        book(slot, personas.oscar, django_capture_on_commit_callbacks)
    with pytest.raises(FlashError) as error:
        book(slot, personas.alice, django_capture_on_commit_callbacks, question="  ")
    assert error.value.field == "question"

    clock.move_to(datetime.datetime(2026, 3, 3, 10, 0, tzinfo=datetime.UTC), tick=False)
    with pytest.raises(FlashError, match="already begun"):
        book(slot, personas.alice, django_capture_on_commit_callbacks)

    clock.move_to(NOW, tick=False)
    withdrawn = slot_at(personas, TOMORROW_10 + datetime.timedelta(days=1))
    services.slot_withdraw(slot=withdrawn, by=personas.bob)
    with pytest.raises(FlashError, match="withdrawn"):
        book(withdrawn, personas.alice, django_capture_on_commit_callbacks)
    assert not Booking.objects.exists()


def test_a_mentee_cannot_book_two_conversations_that_overlap(
    personas: Personas, clock: Any, django_capture_on_commit_callbacks: Any
) -> None:
    first = slot_at(personas, TOMORROW_10, minutes=60)
    other_mentor = Person.objects.create(name="Tom Mentor", email="tom@example.org")
    EnrolmentFactory(programme=personas.programme, person=other_mentor, role="mentor")
    overlapping = slot_at(
        personas, TOMORROW_10 + datetime.timedelta(minutes=30), mentor=other_mentor
    )
    after = slot_at(personas, TOMORROW_10 + datetime.timedelta(minutes=60), mentor=other_mentor)
    book(first, personas.alice, django_capture_on_commit_callbacks)

    with pytest.raises(FlashError, match="already have a conversation booked"):
        book(overlapping, personas.alice, django_capture_on_commit_callbacks)
    # Back to back is not overlapping.
    book(after, personas.alice, django_capture_on_commit_callbacks)


def test_the_weekly_cap_counts_the_iso_week_in_the_mentors_time_zone(
    personas: Personas, clock: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # In Auckland (UTC+13 in March), Monday 9 March 08:00 is Sunday 8 March 19:00 UTC: a new
    # week for the mentor, though still the old one in UTC.
    Person.objects.filter(pk=personas.bob.pk).update(timezone="Pacific/Auckland")
    personas.bob.refresh_from_db()
    services.flash_settings_update(mentor=personas.bob, weekly_cap=2)
    week = [slot_at(personas, datetime.datetime(2026, 3, 4 + n, 12, 0)) for n in range(3)]
    next_monday = slot_at(personas, datetime.datetime(2026, 3, 9, 8, 0))
    assert next_monday.starts_at.astimezone(datetime.UTC).weekday() == 6  # a Sunday in UTC

    mentees = [another_mentee(personas, f"Mentee{n} X") for n in range(4)]
    book(week[0], mentees[0], django_capture_on_commit_callbacks)
    book(week[1], mentees[1], django_capture_on_commit_callbacks)
    with pytest.raises(FlashError, match="no place left that week"):
        book(week[2], mentees[2], django_capture_on_commit_callbacks)
    book(next_monday, mentees[3], django_capture_on_commit_callbacks)

    # A cancellation gives the place back.
    services.booking_cancel(booking=Booking.objects.get(mentee=mentees[0]), by=mentees[0])
    book(week[2], mentees[2], django_capture_on_commit_callbacks)


def test_cancelling_frees_the_slot_for_another_mentee(
    personas: Personas, clock: Any, django_capture_on_commit_callbacks: Any
) -> None:
    slot = slot_at(personas, TOMORROW_10)
    booking = book(slot, personas.alice, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = services.booking_cancel(booking=booking, by=personas.bob)

    assert cancelled.status == Booking.Status.CANCELLED
    assert cancelled.cancelled_by == personas.bob
    assert cancelled.sequence == 1
    slot.refresh_from_db()
    assert slot.status == Slot.Status.OPEN
    assert Notification.objects.filter(recipient=personas.alice.user, kind="flash.cancelled")
    with pytest.raises(FlashError, match="already cancelled"):
        services.booking_cancel(booking=booking, by=personas.alice)
    with pytest.raises(FlashError, match="two people"):
        services.booking_cancel(booking=booking, by=personas.oscar)

    book(slot, another_mentee(personas), django_capture_on_commit_callbacks)


def test_withdrawing_a_booked_slot_cancels_its_conversation(
    personas: Personas, clock: Any, django_capture_on_commit_callbacks: Any
) -> None:
    slot = slot_at(personas, TOMORROW_10)
    booking = book(slot, personas.alice, django_capture_on_commit_callbacks)
    with pytest.raises(FlashError, match="Only the mentor"):
        services.slot_withdraw(slot=slot, by=personas.alice)
    services.slot_withdraw(slot=slot, by=personas.bob)
    booking.refresh_from_db()
    slot.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert slot.status == Slot.Status.CANCELLED
    assert list(selectors.open_slots(personas.programme)) == []
