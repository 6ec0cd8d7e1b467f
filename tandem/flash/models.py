"""One-off (flash) conversations: a mentor's bookable slots, a mentee's booking of one, and
each person's short rating afterwards. No charter, no health score: a single conversation."""

from __future__ import annotations

from datetime import timedelta

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tandem.core.models import TimeStampedModel
from tandem.people.models import Person
from tandem.programmes.models import Programme

DEFAULT_WEEKLY_CAP = 3


class Format(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIDEO = "video", _("Video call")
    PHONE = "phone", _("Phone")


class FlashSettings(models.Model):
    """A mentor's own limit on one-off conversations, across every programme they offer in."""

    mentor = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="flash_settings")
    weekly_cap = models.PositiveSmallIntegerField(
        _("conversations a week at most"),
        default=DEFAULT_WEEKLY_CAP,
        validators=[MinValueValidator(1), MaxValueValidator(40)],
        help_text=_("Booked conversations in one week (Monday to Sunday, in your time zone)."),
    )

    def __str__(self) -> str:
        return f"{self.mentor} ({self.weekly_cap} a week)"


class Slot(TimeStampedModel):
    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("slot status", "Open")
        BOOKED = "booked", pgettext_lazy("slot status", "Booked")
        CANCELLED = "cancelled", pgettext_lazy("slot status", "Withdrawn")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="flash_slots")
    mentor = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="flash_slots")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    format = models.CharField(max_length=12, choices=Format.choices, default=Format.VIDEO)
    location = models.CharField(
        _("place or video link"),
        max_length=300,
        blank=True,
        help_text=_("Where to meet, the video link, or the number to call."),
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["programme", "status", "starts_at"]),
            models.Index(fields=["mentor", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="flash_slot_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.mentor} at {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def duration(self) -> timedelta:
        return self.ends_at - self.starts_at

    @property
    def minutes(self) -> int:
        return int(self.duration.total_seconds() // 60)


class BookingQuerySet(models.QuerySet["Booking"]):
    def active(self) -> BookingQuerySet:
        return self.filter(status__in=Booking.ACTIVE)


class Booking(TimeStampedModel):
    class Status(models.TextChoices):
        BOOKED = "booked", pgettext_lazy("conversation status", "Booked")
        HELD = "held", pgettext_lazy("conversation status", "Held")
        CANCELLED = "cancelled", pgettext_lazy("conversation status", "Cancelled")

    ACTIVE = (Status.BOOKED, Status.HELD)

    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="bookings")
    mentee = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="flash_bookings")
    question = models.TextField(_("the question you bring"), max_length=1000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BOOKED)
    cancelled_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # iTIP: every change sent to the calendars raises it, so a later message replaces an earlier.
    sequence = models.PositiveIntegerField(default=0)

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["-slot__starts_at", "-pk"]
        constraints = [
            # The race between two mentees is decided here, by the database.
            models.UniqueConstraint(
                fields=["slot"],
                condition=Q(status__in=["booked", "held"]),
                name="flash_one_active_booking_per_slot",
            )
        ]

    def __str__(self) -> str:
        return f"{self.mentee} with {self.slot}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    def people(self) -> tuple[Person, Person]:
        return self.mentee, self.slot.mentor

    def partner_of(self, person: Person) -> Person:
        return self.slot.mentor if person.pk == self.mentee_id else self.mentee


class Reflection(TimeStampedModel):
    """Each person's short word after the conversation: read by the two of them only."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="reflections")
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="flash_reflections")
    rating = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 (not useful) to 5 (very useful)."),
    )
    note = models.TextField(
        _("looking forward"),
        max_length=1000,
        help_text=_("What you will do next, or what you would talk about next time."),
    )

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["booking", "author"], name="flash_one_reflection_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.author} on {self.booking_id}"
