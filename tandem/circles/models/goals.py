"""The circle's goals: shared goals the circle works on together, and each member's own."""

from __future__ import annotations

from django.db import models

from tandem.core.models import TimeStampedModel
from tandem.mentorships.models.shared import GoalFields
from tandem.people.models import Person

from .circle import Circle


class CircleGoal(GoalFields, TimeStampedModel):
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="goals")
    # None for a shared goal; otherwise the member whose goal it is, who alone changes it.
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["circle", "owner", "target_on", "pk"]

    def __str__(self) -> str:
        return f"Goal {self.pk} of circle {self.circle_id}"

    @property
    def is_shared(self) -> bool:
        return self.owner_id is None
