"""Check-ins on the four marks of a healthy relationship."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from tandem.core.models import TimeStampedModel
from tandem.people.models import Person

from .mentorship import Mentorship

MARKS = ("engagement", "flexibility", "authenticity", "reciprocity")
MARK_HELP = {
    "engagement": "We both turn up prepared and give the relationship our attention.",
    "flexibility": "We adapt when plans, needs or circumstances change.",
    "authenticity": "We are honest with each other, including about what is hard.",
    "reciprocity": "We both give and both gain.",
}


def _mark(label: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(1), MaxValueValidator(5)], help_text=MARK_HELP[label]
    )


class CheckIn(TimeStampedModel):
    """The four scores are pair metadata (the coordinator sees them); the comment is not."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="check_ins")
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    engagement = _mark("engagement")
    flexibility = _mark("flexibility")
    authenticity = _mark("authenticity")
    reciprocity = _mark("reciprocity")
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["mentorship", "-created_at"]

    def __str__(self) -> str:
        return f"Check-in {self.pk} by {self.author}"

    @property
    def average(self) -> float:
        return sum(getattr(self, mark) for mark in MARKS) / len(MARKS)

    def scores(self) -> dict[str, int]:
        return {mark: getattr(self, mark) for mark in MARKS}
