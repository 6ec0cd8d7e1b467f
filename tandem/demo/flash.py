"""One-off conversations for the demo organisation: a few mentors offering slots over the
next two weeks, some of them booked, and conversations already held (with both people's
ratings) or cancelled, so that the pages and the report have something to show."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from tandem.flash.models import Booking, FlashSettings, Format, Reflection, Slot
from tandem.people.models import Person
from tandem.programmes.models import Enrolment, Programme

QUESTIONS = [
    "How do I say no to a senior colleague without harming the relationship?",
    "I have my first team to lead next month: what should I do in the first week?",
    "How did you decide between a specialist and a management path?",
    "How do I prepare for a promotion conversation with my manager?",
    "What makes a good first presentation to the leadership team?",
]
NOTES = [
    "Write down the three things I want from the role and share them with my manager.",
    "Try the one-to-one agenda we sketched, and report back in a month.",
    "Shadow a planning meeting before leading one.",
    "Follow up on the book recommendation and the name to contact.",
]


def _at(day: date, hour: int, zone_name: str) -> datetime:
    try:
        zone = ZoneInfo(zone_name)
    except (KeyError, ValueError):
        zone = ZoneInfo("UTC")
    return timezone.make_aware(datetime.combine(day, time(hour, 0)), zone)


def build_demo_flash(
    *, programme: Programme, rng: random.Random, today: date, mentors: int = 4
) -> None:
    approved = Enrolment.objects.filter(
        programme=programme, status=Enrolment.Status.APPROVED
    ).select_related("person")
    offering: list[Person] = [
        e.person for e in approved.filter(role=Enrolment.Role.MENTOR).order_by("pk")[:mentors]
    ]
    mentees = [e.person for e in approved.filter(role=Enrolment.Role.MENTEE).order_by("-pk")[:12]]
    FlashSettings.objects.bulk_create(
        FlashSettings(mentor=mentor, weekly_cap=rng.choice([2, 3, 4])) for mentor in offering
    )
    slots: list[Slot] = []
    for mentor in offering:
        format = rng.choice([Format.VIDEO, Format.IN_PERSON, Format.PHONE])
        location = {
            Format.VIDEO: f"https://meet.northwind.example/{mentor.pk}",
            Format.IN_PERSON: f"{mentor.location or 'Office'}, meeting room {rng.randint(1, 9)}",
            Format.PHONE: "",
        }[format]
        for offset in (-9, -5, 2, 4, 8, 11):
            starts = _at(
                today + timedelta(days=offset), rng.choice([9, 11, 14, 16]), mentor.timezone
            )
            slots.append(
                Slot(
                    programme=programme,
                    mentor=mentor,
                    starts_at=starts,
                    ends_at=starts + timedelta(minutes=rng.choice([30, 45])),
                    format=format,
                    location=location,
                )
            )
    slots = Slot.objects.bulk_create(slots)
    now = timezone.now()
    past = [slot for slot in slots if slot.starts_at < now]
    ahead = [slot for slot in slots if slot.starts_at >= now]
    bookings: list[Booking] = []
    for n, slot in enumerate(past):
        status = Booking.Status.CANCELLED if n % 4 == 3 else Booking.Status.HELD
        bookings.append(
            Booking(
                slot=slot,
                mentee=mentees[n % len(mentees)],
                question=rng.choice(QUESTIONS),
                status=status,
                cancelled_by=slot.mentor if status == Booking.Status.CANCELLED else None,
                cancelled_at=slot.starts_at - timedelta(days=1) if status == "cancelled" else None,
                sequence=1 if status == Booking.Status.CANCELLED else 0,
            )
        )
    for n, slot in enumerate(ahead[::3]):
        bookings.append(
            Booking(
                slot=slot, mentee=mentees[-1 - n % len(mentees)], question=rng.choice(QUESTIONS)
            )
        )
    bookings = Booking.objects.bulk_create(bookings)
    booked = {b.slot_id for b in bookings if b.status != Booking.Status.CANCELLED}
    Slot.objects.filter(pk__in=booked).update(status=Slot.Status.BOOKED)
    Reflection.objects.bulk_create(
        Reflection(booking=b, author=author, rating=rng.randint(3, 5), note=rng.choice(NOTES))
        for b in bookings
        if b.status == Booking.Status.HELD
        for author in (b.mentee, b.slot.mentor)
    )
