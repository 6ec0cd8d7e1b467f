"""After the conversation: each person's rating and note, the mentee's request for a longer
mentorship, the programme's report, and the person's own data."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from tandem.conftest import Personas
from tandem.core.personal_data import ErasureSubject, personal_data_for
from tandem.flash import selectors, services
from tandem.flash.models import Booking, Reflection, Slot
from tandem.flash.services import FlashError
from tandem.flash.tests.conftest import book, slot_at
from tandem.matching.models import MentorRequest
from tandem.mentorships import services as pair_services
from tandem.programmes.models import Programme

pytestmark = pytest.mark.django_db

TOMORROW_10 = datetime.datetime(2026, 3, 3, 10, 0)
AFTER = datetime.datetime(2026, 3, 3, 11, 0, tzinfo=datetime.UTC)


@pytest.fixture
def held(personas: Personas, clock: Any, django_capture_on_commit_callbacks: Any) -> Booking:
    slot = slot_at(personas, TOMORROW_10)
    booking = book(slot, personas.alice, django_capture_on_commit_callbacks)
    clock.move_to(AFTER, tick=False)
    return booking


def test_each_person_rates_once_after_the_conversation_has_begun(
    personas: Personas, clock: Any, django_capture_on_commit_callbacks: Any
) -> None:
    booking = book(
        slot_at(personas, TOMORROW_10), personas.alice, django_capture_on_commit_callbacks
    )
    with pytest.raises(FlashError, match="once the conversation has begun"):
        services.reflection_submit(booking=booking, by=personas.alice, rating=5, note="Next.")

    clock.move_to(AFTER, tick=False)
    with pytest.raises(FlashError) as error:
        services.reflection_submit(booking=booking, by=personas.alice, rating=6, note="Next.")
    assert error.value.field == "rating"
    with pytest.raises(FlashError, match="two people"):
        services.reflection_submit(booking=booking, by=personas.oscar, rating=4, note="Hi.")

    services.reflection_submit(booking=booking, by=personas.alice, rating=5, note="Try it.")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.HELD
    with pytest.raises(FlashError, match="already reflected"):
        services.reflection_submit(booking=booking, by=personas.alice, rating=4, note="Again.")
    services.reflection_submit(booking=booking, by=personas.bob, rating=4, note="Follow up.")
    assert Reflection.objects.filter(booking=booking).count() == 2
    with pytest.raises(FlashError, match="already held"):
        services.booking_cancel(booking=booking, by=personas.alice)


def test_asking_for_a_longer_mentorship_sends_the_usual_request(
    personas: Personas, held: Booking
) -> None:
    Programme.objects.filter(pk=personas.programme.pk).update(
        matching_mode=Programme.MatchingMode.SELF_SELECT
    )
    held.slot.programme.refresh_from_db()
    with pytest.raises(FlashError, match="Only the mentee"):
        services.longer_mentorship_ask(
            booking=held, by=personas.bob, hope_to_gain="x", why_this_mentor="y"
        )
    request = services.longer_mentorship_ask(
        booking=held,
        by=personas.alice,
        hope_to_gain="Learn to lead.",
        why_this_mentor="Our conversation helped.",
    )
    assert request.status == MentorRequest.Status.PENDING
    assert (request.mentee, request.mentor) == (personas.alice, personas.bob)


def test_a_mentee_already_paired_or_in_a_coordinated_programme_is_told_why(
    personas: Personas, held: Booking
) -> None:
    with pytest.raises(FlashError, match="coordinator matches"):
        services.longer_mentorship_ask(
            booking=held, by=personas.alice, hope_to_gain="x", why_this_mentor="y"
        )
    Programme.objects.filter(pk=personas.programme.pk).update(
        matching_mode=Programme.MatchingMode.SELF_SELECT
    )
    held.slot.programme.refresh_from_db()
    pair_services.mentorship_create(
        programme=personas.programme, mentee=personas.alice, mentor=personas.bob
    )
    with pytest.raises(FlashError, match="already have a mentor"):
        services.longer_mentorship_ask(
            booking=held, by=personas.alice, hope_to_gain="x", why_this_mentor="y"
        )
    response = personas.client_for("alice").post(
        reverse("flash:ask", args=[held.pk]),
        {"hope_to_gain": "x", "why_this_mentor": "y"},
    )
    assert response.status_code == 400
    assert "already have a mentor" in response.content.decode()


def test_the_report_counts_held_booked_and_cancelled_in_one_query(
    personas: Personas,
    clock: Any,
    django_capture_on_commit_callbacks: Any,
    django_assert_num_queries: Any,
) -> None:
    from tandem.flash.tests.test_booking import another_mentee

    book(slot_at(personas, TOMORROW_10), personas.alice, django_capture_on_commit_callbacks)
    ahead = slot_at(personas, TOMORROW_10 + datetime.timedelta(days=2))
    book(ahead, another_mentee(personas), django_capture_on_commit_callbacks)
    gone = slot_at(personas, TOMORROW_10 + datetime.timedelta(days=3))
    services.booking_cancel(
        booking=book(gone, personas.alice, django_capture_on_commit_callbacks), by=personas.alice
    )
    clock.move_to(AFTER, tick=False)

    with django_assert_num_queries(1):
        counts = selectors.conversation_counts(personas.programme)
    assert (counts.held, counts.booked, counts.cancelled) == (1, 1, 1)
    assert selectors.conversation_counts(personas.other_programme).total == 0

    page = personas.client_for("carol").get(
        reverse("reports:programme", args=[personas.programme.slug])
    )
    html = page.content.decode()
    assert "One-off conversations" in html
    assert "How do I run" not in html


def test_the_person_finds_their_conversations_in_their_data_and_erasure_forgets_the_words(
    personas: Personas, held: Booking
) -> None:
    services.reflection_submit(booking=held, by=personas.alice, rating=5, note="Try it.")
    data = personal_data_for(personas.alice.user)["one_off_conversations"]
    assert data["conversations"][0]["question"] == held.question
    assert data["reflections"][0]["note"] == "Try it."
    assert data["slots_offered"] == []
    bob_data = personal_data_for(personas.bob.user)["one_off_conversations"]
    assert len(bob_data["slots_offered"]) == 1
    assert bob_data["reflections"] == []

    clock_slot = slot_at(personas, datetime.datetime(2026, 3, 10, 10, 0))
    services.slot_book(slot=clock_slot, mentee=personas.alice, question="Later question")
    alice = personas.alice
    services.flash_erase_person(
        ErasureSubject(
            person=alice,
            user=alice.user,
            name=alice.name,
            email=alice.email,
            erased_email="erased@erased.invalid",
        )
    )
    assert set(Booking.objects.values_list("question", flat=True)) == {""}
    assert set(Reflection.objects.values_list("note", flat=True)) == {""}
    later = Booking.objects.get(slot=clock_slot)
    assert later.status == Booking.Status.CANCELLED
    clock_slot.refresh_from_db()
    assert clock_slot.status == Slot.Status.OPEN
