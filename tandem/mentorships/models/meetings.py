"""Meetings with their agenda, notes, action items and attendance."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tandem.core.models import TimeStampedModel
from tandem.people.models import Person

from .mentorship import Mentorship, PairsProgramme
from .shared import MeetingFields


class Meeting(MeetingFields, PairsProgramme, TimeStampedModel):
    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="meetings")
    series = models.UUIDField(null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["mentorship", "starts_at"]
        indexes = [
            models.Index(fields=["mentorship", "starts_at"]),
            models.Index(
                fields=["programme", "starts_at"],
                include=["status"],
                name="meeting_programme_month",
            ),
        ]

    def __str__(self) -> str:
        return f"Meeting {self.pk} of mentorship {self.mentorship_id}"

    @property
    def uid(self) -> str:
        return f"meeting-{self.pk}@tandem"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "created_at", "pk"]

    def __str__(self) -> str:
        return f"Agenda item {self.pk} of meeting {self.meeting_id}"


class MeetingNote(TimeStampedModel):
    """One shared note per meeting for the pair, and one private note per person."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="notes")
    is_private = models.BooleanField(default=False)
    # For a private note its only reader; for the shared note whoever edited it last.
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(blank=True)

    class Meta:
        ordering = ["meeting", "is_private"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting"], condition=Q(is_private=False), name="one_shared_note"
            ),
            models.UniqueConstraint(
                fields=["meeting", "author"],
                condition=Q(is_private=True),
                name="one_private_note_per_person",
            ),
        ]

    def __str__(self) -> str:
        kind = "Private" if self.is_private else "Shared"
        return f"{kind} note {self.pk} of meeting {self.meeting_id}"


class ActionItem(TimeStampedModel):
    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="action_items"
    )
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="action_items"
    )
    owner = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(max_length=300)
    due_on = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["mentorship", "done_at", "due_on", "pk"]

    def __str__(self) -> str:
        return f"Action {self.pk} of mentorship {self.mentorship_id}"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    def is_overdue(self, today: date) -> bool:
        return self.done_at is None and self.due_on is not None and self.due_on < today


class Attendance(models.Model):
    class Status(models.TextChoices):
        ON_TIME = "on_time", _("On time")
        LATE = "late", _("Late")
        ABSENT = "absent", _("Absent")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices)
    recorded_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["meeting", "person"]
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_attendance_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_status_display()} at meeting {self.meeting_id}"
