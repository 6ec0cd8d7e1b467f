"""Two mentees booking one slot at the same instant, each on a connection of its own: the
database decides, exactly one succeeds and the other is told in words."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from tandem.flash import services
from tandem.flash.models import DEFAULT_WEEKLY_CAP, Booking, Slot
from tandem.flash.services import RACE_LOST, FlashError
from tandem.people.tests.factories import PersonFactory
from tandem.programmes.models import Enrolment
from tandem.programmes.tests.factories import EnrolmentFactory, ProgrammeFactory

ON_POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers itself; the sequential refusal test covers the rule "
    "there. This test needs concurrent transactions on PostgreSQL.",
)


def _race(slots: list[Slot], mentees: list) -> list[str]:
    barrier = threading.Barrier(len(mentees))
    outcomes: list[str] = []

    def attempt(slot: Slot, mentee: object) -> None:
        try:
            barrier.wait()
            services.slot_book(slot=slot, mentee=mentee, question="Can we talk?")
            outcomes.append("booked")
        except FlashError as error:
            outcomes.append(error.message)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=attempt, args=pair) for pair in zip(slots, mentees, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@ON_POSTGRESQL
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_mentees_booking_one_slot_at_once_exactly_one_succeeds() -> None:
    programme = ProgrammeFactory()
    mentor = PersonFactory(name="Rae Mentor")
    EnrolmentFactory(programme=programme, person=mentor, role=Enrolment.Role.MENTOR)
    mentees = [PersonFactory(name=f"Racer {n}") for n in range(4)]
    for mentee in mentees:
        EnrolmentFactory(programme=programme, person=mentee, role=Enrolment.Role.MENTEE)
    [slot] = services.slots_publish(
        mentor=mentor,
        programme=programme,
        starts_at=timezone.localtime() + datetime.timedelta(days=2),
        minutes=30,
        format="phone",
    )

    outcomes = _race([slot] * len(mentees), mentees)

    assert outcomes.count("booked") == 1
    assert outcomes.count(RACE_LOST) == 3
    assert Booking.objects.filter(slot=slot).count() == 1
    slot.refresh_from_db()
    assert slot.status == Slot.Status.BOOKED


@ON_POSTGRESQL
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("cap", [1, None], ids=["cap-set-to-1", "default-cap-of-3"])
def test_mentees_racing_for_a_mentors_last_place_in_a_week_never_exceed_the_cap(
    cap: int | None,
) -> None:
    programme = ProgrammeFactory()
    mentor = PersonFactory(name="Cap Mentor")
    EnrolmentFactory(programme=programme, person=mentor, role=Enrolment.Role.MENTOR)
    if cap is not None:
        services.flash_settings_update(mentor=mentor, weekly_cap=cap)
    allowed = cap if cap is not None else DEFAULT_WEEKLY_CAP
    mentees = [PersonFactory(name=f"Capper {n}") for n in range(allowed + 2)]
    for mentee in mentees:
        EnrolmentFactory(programme=programme, person=mentee, role=Enrolment.Role.MENTEE)
    # Slots one hour apart on one day, a week ahead: one ISO week for the mentor.
    start = (timezone.localtime() + datetime.timedelta(days=7)).replace(hour=9, minute=0)
    slots = [
        services.slots_publish(
            mentor=mentor,
            programme=programme,
            starts_at=start + datetime.timedelta(hours=n),
            minutes=30,
            format="phone",
        )[0]
        for n in range(len(mentees))
    ]

    outcomes = _race(slots, mentees)

    assert outcomes.count("booked") == allowed
    assert Booking.objects.filter(slot__mentor=mentor).count() == allowed
