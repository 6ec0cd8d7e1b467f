"""The circle's meetings: agenda, a shared note, private notes, attendance per member."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tandem.core.models import TimeStampedModel
from tandem.mentorships.models.shared import MeetingFields
from tandem.people.models import Person

from .circle import Circle


class CircleMeeting(MeetingFields, TimeStampedModel):
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="meetings")
    created_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["circle", "starts_at"]
        indexes = [models.Index(fields=["circle", "starts_at"])]

    def __str__(self) -> str:
        return f"Meeting {self.pk} of circle {self.circle_id}"

    @property
    def uid(self) -> str:
        return f"circle-meeting-{self.pk}@tandem"


class CircleAgendaItem(models.Model):
    meeting = models.ForeignKey(
        CircleMeeting, on_delete=models.CASCADE, related_name="agenda_items"
    )
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "created_at", "pk"]

    def __str__(self) -> str:
        return f"Agenda item {self.pk} of circle meeting {self.meeting_id}"


class CircleMeetingNote(TimeStampedModel):
    """One shared note per meeting for the circle, and one private note per member."""

    meeting = models.ForeignKey(CircleMeeting, on_delete=models.CASCADE, related_name="notes")
    is_private = models.BooleanField(default=False)
    # For a private note its only reader; for the shared note whoever edited it last.
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(blank=True)

    class Meta:
        ordering = ["meeting", "is_private"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting"], condition=Q(is_private=False), name="one_shared_circle_note"
            ),
            models.UniqueConstraint(
                fields=["meeting", "author"],
                condition=Q(is_private=True),
                name="one_private_circle_note_per_person",
            ),
        ]

    def __str__(self) -> str:
        kind = "Private" if self.is_private else "Shared"
        return f"{kind} note {self.pk} of circle meeting {self.meeting_id}"


class CircleAttendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", pgettext_lazy("attendance", "Present")
        APOLOGIES = "apologies", pgettext_lazy("attendance", "Sent apologies")
        ABSENT = "absent", pgettext_lazy("attendance", "Absent")

    meeting = models.ForeignKey(CircleMeeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices)
    recorded_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["meeting", "person"]
        verbose_name_plural = _("circle attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], name="one_circle_attendance_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_status_display()} at circle meeting {self.meeting_id}"
