"""Reads for one-off conversations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from tandem.flash.models import Booking, FlashSettings, Reflection, Slot
from tandem.people.models import Person
from tandem.programmes.models import Programme


def open_slots(programme: Programme, *, mentor_id: int | None = None) -> QuerySet[Slot]:
    """Slots still ahead that nobody has booked: what a mentee may choose from."""
    slots = Slot.objects.filter(
        programme=programme, status=Slot.Status.OPEN, starts_at__gt=timezone.now()
    )
    if mentor_id is not None:
        slots = slots.filter(mentor_id=mentor_id)
    return slots.select_related("mentor").order_by("starts_at", "pk")


def offering_mentors(programme: Programme) -> QuerySet[Person]:
    return (
        Person.objects.filter(
            flash_slots__programme=programme,
            flash_slots__status=Slot.Status.OPEN,
            flash_slots__starts_at__gt=timezone.now(),
        )
        .distinct()
        .order_by("name", "pk")
    )


def slots_of_mentor(mentor: Person) -> QuerySet[Slot]:
    """A mentor's slots from a week ago on, each with its active booking, if any."""
    since = timezone.now() - timedelta(days=7)
    return (
        Slot.objects.filter(mentor=mentor, starts_at__gte=since)
        .select_related("programme")
        .prefetch_related("bookings__mentee")
        .order_by("starts_at", "pk")
    )


def weekly_cap_of(mentor: Person) -> int:
    settings = FlashSettings.objects.filter(mentor=mentor).first()
    return settings.weekly_cap if settings else FlashSettings().weekly_cap


def conversations_of(person: Person) -> QuerySet[Booking]:
    """Every conversation a person is in, as the mentee or the mentor, latest first."""
    return Booking.objects.filter(Q(mentee=person) | Q(slot__mentor=person)).select_related(
        "slot__mentor", "slot__programme", "mentee"
    )


def reflections_of(booking: Booking) -> list[Reflection]:
    return list(booking.reflections.select_related("author"))


@dataclass(frozen=True)
class ConversationCounts:
    held: int
    booked: int
    cancelled: int

    @property
    def total(self) -> int:
        return self.held + self.booked + self.cancelled


def conversation_counts(programme: Programme) -> ConversationCounts:
    """Counts for the programme's report, in one query: a booked conversation whose time has
    come counts as held, whether or not anyone reflected on it."""
    now = timezone.now()
    started = Q(slot__starts_at__lte=now)
    counts = Booking.objects.filter(slot__programme=programme).aggregate(
        held=Count("pk", filter=Q(status=Booking.Status.HELD) | Q(status="booked") & started),
        booked=Count("pk", filter=Q(status=Booking.Status.BOOKED) & ~started),
        cancelled=Count("pk", filter=Q(status=Booking.Status.CANCELLED)),
    )
    return ConversationCounts(**counts)
