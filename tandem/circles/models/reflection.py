"""Each member's journal, check-ins, and the concerns a member raises."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tandem.core.models import TimeStampedModel
from tandem.mentorships.models.shared import CheckInMarks, JournalFields
from tandem.people.models import Person

from .circle import Circle


class CircleJournalEntry(JournalFields, TimeStampedModel):
    """Private to its author until they share it with the circle's current members."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="journal_entries")
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["circle", "-created_at"]
        verbose_name_plural = _("circle journal entries")

    def __str__(self) -> str:
        return f"Journal entry {self.pk} in circle {self.circle_id}"


class CircleCheckIn(CheckInMarks, TimeStampedModel):
    """The scores are metadata (the coordinator sees them); fellow members read the comment."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="check_ins")
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["circle", "-created_at"]

    def __str__(self) -> str:
        return f"Check-in {self.pk} in circle {self.circle_id}"


class CircleConcern(TimeStampedModel):
    class Audience(models.TextChoices):
        FACILITATORS = "facilitators", _("The circle's facilitators")
        COORDINATOR = "coordinator", _("The programme coordinator")
        BOTH = "both", _("Both")

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="concerns")
    raised_by = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    audience = models.CharField(max_length=12, choices=Audience.choices)
    # Exactly what the person chose to send; nothing else reaches the recipients.
    text = models.TextField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["circle", "-created_at"]

    def __str__(self) -> str:
        return f"Concern {self.pk} in circle {self.circle_id}"

    @property
    def reaches_facilitators(self) -> bool:
        return self.audience in (self.Audience.FACILITATORS, self.Audience.BOTH)

    @property
    def reaches_coordinator(self) -> bool:
        return self.audience in (self.Audience.COORDINATOR, self.Audience.BOTH)
