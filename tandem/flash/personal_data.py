"""What the one-off conversations hold about a person: the slots they offered, their
conversations (with the question the mentee brought, which both of them read) and the
reflections they wrote."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from tandem.core.personal_data import erases, fields, personal_data
from tandem.flash.models import Booking, Reflection, Slot
from tandem.flash.services import flash_erase_person

erases(order=50)(flash_erase_person)


@personal_data(section="one_off_conversations", order=56)
def one_off_conversations(user: Any) -> dict[str, list[dict[str, Any]]]:
    slots = Slot.objects.filter(mentor__user=user).select_related("programme")
    bookings = Booking.objects.filter(
        Q(mentee__user=user) | Q(slot__mentor__user=user)
    ).select_related("slot__mentor", "slot__programme", "mentee")
    reflections = Reflection.objects.filter(author__user=user).select_related("booking__slot")
    return {
        "slots_offered": [
            {"programme": slot.programme.name}
            | fields(slot, "starts_at", "ends_at", "format", "location", "status")
            for slot in slots.order_by("starts_at", "pk")
        ],
        "conversations": [
            {
                "programme": booking.slot.programme.name,
                "mentor": booking.slot.mentor.name,
                "mentee": booking.mentee.name,
                "starts_at": booking.slot.starts_at,
            }
            | fields(booking, "question", "status", "cancelled_at")
            for booking in bookings.order_by("slot__starts_at", "pk")
        ],
        "reflections": [
            {"conversation_starts_at": reflection.booking.slot.starts_at}
            | fields(reflection, "rating", "note", "created_at")
            for reflection in reflections.order_by("created_at", "pk")
        ],
    }
