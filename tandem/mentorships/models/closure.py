"""How a relationship ends: each person's reflection and outcomes survey."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from tandem.core.models import TimeStampedModel
from tandem.people.models import Person

from .mentorship import Mentorship


class ClosureReflection(TimeStampedModel):
    """A reflection is its author's; they may share it with their partner."""

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="closure_reflections"
    )
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    went_well = models.TextField("what went well")
    learnt = models.TextField("what I learnt")
    next_steps = models.TextField("what I will do next", blank=True)
    shared_with_partner = models.BooleanField(default=False)

    class Meta:
        ordering = ["mentorship", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "author"], name="one_closure_reflection_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"Closure reflection {self.pk} by {self.author}"


def _scale(label: str, low: int, high: int) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(low), MaxValueValidator(high)]
    )


class OutcomeSurvey(TimeStampedModel):
    """Numbers the programme's reports aggregate; no free text."""

    class GoalsAchieved(models.TextChoices):
        ALL = "all", "All of them"
        MOST = "most", "Most of them"
        SOME = "some", "Some of them"
        NONE = "none", "None of them"

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="outcome_surveys"
    )
    respondent = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    goals_achieved = models.CharField(max_length=8, choices=GoalsAchieved.choices)
    confidence_before = _scale("confidence before from 1 to 10", 1, 10)
    confidence_after = _scale("confidence now from 1 to 10", 1, 10)
    would_recommend = _scale("would recommend, from 0 to 10", 0, 10)

    class Meta:
        ordering = ["mentorship", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "respondent"], name="one_outcome_survey_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"Outcome survey {self.pk} by {self.respondent}"
