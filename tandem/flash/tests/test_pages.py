"""The pages: publishing and booking through the forms, the edit pages saving unchanged, and
the marker sweep: the mentee's question and both notes reach the two people only."""

from __future__ import annotations

import datetime
import logging
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from tandem.conftest import Personas
from tandem.core.testing.forms import submit_unchanged
from tandem.core.testing.permissions import PERSONAS
from tandem.flash import services
from tandem.flash.models import Booking, FlashSettings, Slot
from tandem.flash.tests.conftest import book, slot_at
from tandem.notifications.models import Notification
from tandem.people.models import Person

pytestmark = pytest.mark.django_db

MARKER = "ZQX-FLASH-MARKER-9182"
TOMORROW_10 = datetime.datetime(2026, 3, 3, 10, 0)
AFTER = datetime.datetime(2026, 3, 3, 11, 0, tzinfo=datetime.UTC)


def test_a_mentor_publishes_weekly_slots_on_the_page_in_their_time_zone(
    personas: Personas, clock: Any
) -> None:
    Person.objects.filter(pk=personas.bob.pk).update(timezone="Europe/Berlin")
    client = personas.client_for("bob")
    response = client.post(
        reverse("flash:my_slots"),
        {
            "programme": personas.programme.pk,
            "starts_at": "2026-03-04T15:00",
            "minutes": 45,
            "format": "in_person",
            "location": "Café, 2nd floor",
            "weeks": 3,
        },
    )
    assert response.status_code == 302
    slots = list(Slot.objects.order_by("starts_at"))
    assert len(slots) == 3
    assert slots[0].starts_at == datetime.datetime(2026, 3, 4, 14, 0, tzinfo=datetime.UTC)
    page = client.get(reverse("flash:my_slots")).content.decode()
    assert "Wed 4 Mar 2026, 15:00" in page
    assert "Europe/Berlin" in page

    refused = client.post(
        reverse("flash:my_slots"),
        {
            "programme": personas.programme.pk,
            "starts_at": "2026-03-04T15:15",
            "minutes": 30,
            "format": "phone",
            "weeks": 1,
        },
    )
    assert refused.status_code == 400
    assert "already offer a slot" in refused.content.decode()


def test_a_mentee_books_through_the_pages_and_the_slot_leaves_the_list(
    personas: Personas, clock: Any, django_capture_on_commit_callbacks: Any
) -> None:
    slot = slot_at(personas, TOMORROW_10)
    client = personas.client_for("alice")
    listing = reverse("flash:programme_slots", args=[personas.programme.slug])
    assert reverse("flash:book", args=[slot.pk]) in client.get(listing).content.decode()
    assert personas.programme.name in client.get(reverse("flash:index")).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("flash:book", args=[slot.pk]), {"question": "How to delegate?"}
        )
    booking = Booking.objects.get()
    assert response.url == reverse("flash:conversation", args=[booking.pk])
    assert reverse("flash:book", args=[slot.pk]) not in client.get(listing).content.decode()
    assert len(mail.outbox) >= 2

    again = personas.client_for("other_pair").post(
        reverse("flash:book", args=[slot.pk]), {"question": "Me too?"}
    )
    assert again.status_code == 400
    assert "Someone booked this slot a moment ago; choose another." in again.content.decode()


def test_the_mentor_filter_narrows_the_slots(personas: Personas, clock: Any) -> None:
    other = Person.objects.create(name="Tess Mentor", email="tess@example.org")
    from tandem.programmes.tests.factories import EnrolmentFactory

    EnrolmentFactory(programme=personas.programme, person=other, role="mentor")
    mine = slot_at(personas, TOMORROW_10)
    theirs = slot_at(personas, TOMORROW_10, mentor=other)
    url = reverse("flash:programme_slots", args=[personas.programme.slug])
    page = personas.client_for("alice").get(url, {"mentor": other.pk}).content.decode()
    assert reverse("flash:book", args=[theirs.pk]) in page
    assert reverse("flash:book", args=[mine.pk]) not in page


def test_the_edit_pages_save_unchanged(
    personas: Personas, clock: Any, django_capture_on_commit_callbacks: Any
) -> None:
    services.flash_settings_update(mentor=personas.bob, weekly_cap=5)
    slot = slot_at(personas, TOMORROW_10)
    book(slot, personas.alice, django_capture_on_commit_callbacks)
    client = personas.client_for("bob")
    sent = len(mail.outbox)

    assert submit_unchanged(client, reverse("flash:weekly_cap"), "weekly_cap").status_code == 302
    assert FlashSettings.objects.get(mentor=personas.bob).weekly_cap == 5
    with django_capture_on_commit_callbacks(execute=True):
        response = submit_unchanged(
            client, reverse("flash:change_place", args=[slot.pk]), "location"
        )
    assert response.status_code == 302
    slot.refresh_from_db()
    assert slot.location == "https://video.example.org/bob"
    assert len(mail.outbox) == sent  # nothing changed, so no calendar update


def test_the_question_and_both_notes_reach_the_two_people_only(
    personas: Personas,
    clock: Any,
    django_capture_on_commit_callbacks: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    slot = slot_at(personas, TOMORROW_10)
    booking = book(slot, personas.alice, django_capture_on_commit_callbacks, question=f"Q {MARKER}")
    clock.move_to(AFTER, tick=False)
    for who in (personas.alice, personas.bob):
        services.reflection_submit(booking=booking, by=who, rating=4, note=f"N {MARKER}")
    ahead = slot_at(personas, datetime.datetime(2026, 3, 5, 10, 0))
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(
            booking=services.slot_book(slot=ahead, mentee=personas.alice, question=MARKER),
            by=personas.bob,
        )

    conversation = reverse("flash:conversation", args=[booking.pk])
    members = personas.client_for("alice").get(conversation).content.decode()
    assert members.count(MARKER) == 3
    assert personas.client_for("bob").get(conversation).content.decode().count(MARKER) == 3

    slug = personas.programme.slug
    pages = [
        conversation,
        reverse("flash:index"),
        reverse("flash:my_slots"),
        reverse("flash:programme_slots", args=[slug]),
        reverse("reports:programme", args=[slug]),
        reverse("reports:programme_csv", args=[slug]),
        reverse("notifications:list"),
        reverse("home"),
    ]
    for persona in PERSONAS:
        if persona in ("anonymous", "alice", "bob"):
            continue
        client = personas.client_for(persona)
        for url in pages:
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert MARKER not in body.decode(), (persona, url)
    for notice in Notification.objects.all():
        assert MARKER not in notice.title + notice.body
    for message in mail.outbox:
        assert MARKER not in message.message().as_string()
    for record in caplog.records:
        assert MARKER not in record.getMessage()
