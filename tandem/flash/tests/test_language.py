"""A one-off conversation's notices and calendar invitations are written in each person's
language and time zone, not in the language of whoever booked or cancelled it."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import translation

from tandem.conftest import Personas
from tandem.core.testing.itip import invitations
from tandem.core.testing.languages import speaks, translated
from tandem.flash import services
from tandem.flash.tests.conftest import book, slot_at
from tandem.notifications.models import Notification
from tandem.people.models import Person

pytestmark = pytest.mark.django_db

BOOKED = "%(name)s booked a one-off conversation with you"
CANCELLED = "%(name)s cancelled your one-off conversation"
WITH = "One-off conversation with %(name)s"
CANCELLED_WITH = "Cancelled: one-off conversation with %(name)s"
FLASH = {
    "de": {
        BOOKED: "%(name)s hat ein einmaliges Gespräch mit Ihnen gebucht",
        WITH: "Einmaliges Gespräch mit %(name)s",
    },
    "fr": {
        CANCELLED: "%(name)s a annulé votre conversation ponctuelle",
        WITH: "Conversation ponctuelle avec %(name)s",
        CANCELLED_WITH: "Annulée : conversation ponctuelle avec %(name)s",
    },
}


@pytest.fixture
def readers(personas: Personas) -> None:
    """alice reads French in New York, bob German in Tokyo."""
    speaks(personas.alice, "fr")
    speaks(personas.bob, "de")
    Person.objects.filter(pk=personas.alice.pk).update(timezone="America/New_York")
    Person.objects.filter(pk=personas.bob.pk).update(timezone="Asia/Tokyo")
    personas.alice.refresh_from_db()
    personas.bob.refresh_from_db()


def test_a_booking_and_its_cancelling_reach_each_person_in_their_language(
    personas: Personas, clock: Any, readers: None, django_capture_on_commit_callbacks: Any
) -> None:
    # 10:00 in Tokyo on Wednesday 4 March is 20:00 on the 3rd in New York.
    slot = slot_at(personas, datetime.datetime(2026, 3, 4, 10, 0))

    # alice books from a page in Spanish, bob cancels from one in English.
    with translated(FLASH):
        with translation.override("es"):
            booking = book(slot, personas.alice, django_capture_on_commit_callbacks)
        with django_capture_on_commit_callbacks(execute=True):
            services.booking_cancel(booking=booking, by=personas.bob)

    assert Notification.objects.get(recipient=personas.bob.user).title == (
        "Alice Mentee hat ein einmaliges Gespräch mit Ihnen gebucht"
    )
    assert Notification.objects.get(recipient=personas.alice.user).title == (
        "Bob Mentor a annulé votre conversation ponctuelle"
    )
    [(booked, _, _), (cancelled, _, _)] = invitations("alice@example.org")
    assert booked.subject == "Conversation ponctuelle avec Bob Mentor"
    assert "Quand\u00a0: mardi 3 mars 2026, 20:00 (America/New_York), 30 minutes" in booked.body
    assert cancelled.subject == "Annulée : conversation ponctuelle avec Bob Mentor"
    [(to_bob, _, _), _cancelled] = invitations("bob@example.org")
    assert to_bob.subject == "Einmaliges Gespräch mit Alice Mentee"
    assert "Wann: Mittwoch 4 März 2026, 10:00 (Asia/Tokyo), 30 Minuten" in to_bob.body
