"""Check-ins on the four marks of a healthy relationship."""

from __future__ import annotations

from django.db import models

from tandem.core.models import TimeStampedModel
from tandem.people.models import Person

from .mentorship import Mentorship, PairsProgramme
from .shared import MARK_HELP, MARK_LABELS, MARKS, CheckInMarks

__all__ = ["MARKS", "MARK_HELP", "MARK_LABELS", "CheckIn"]


class CheckIn(CheckInMarks, PairsProgramme, TimeStampedModel):
    """The four scores are pair metadata (the coordinator sees them); the comment is not."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="check_ins")
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["mentorship", "-created_at"]
        indexes = [
            models.Index(
                fields=["programme", "created_at"],
                include=list(MARKS),
                name="check_in_programme_month",
            )
        ]

    def __str__(self) -> str:
        return f"Check-in {self.pk} by {self.author}"
