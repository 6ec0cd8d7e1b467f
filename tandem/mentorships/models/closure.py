"""How a relationship ends: each person's reflection and outcomes survey."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tandem.core.models import TimeStampedModel
from tandem.people.models import Person

from .mentorship import Mentorship

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class ClosureReflection(TimeStampedModel):
    """A reflection is its author's; they may share it with their partner."""

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="closure_reflections"
    )
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    went_well = models.TextField(_("what went well"))
    learnt = models.TextField(_("what I learnt"))
    next_steps = models.TextField(_("what I will do next"), blank=True)
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


def _scale(label: StrOrPromise, low: int, high: int) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(low), MaxValueValidator(high)]
    )


class OutcomeSurvey(TimeStampedModel):
    """Numbers the programme's reports aggregate; no free text."""

    class GoalsAchieved(models.TextChoices):
        ALL = "all", _("All of them")
        MOST = "most", _("Most of them")
        SOME = "some", _("Some of them")
        NONE = "none", _("None of them")

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="outcome_surveys"
    )
    respondent = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    goals_achieved = models.CharField(max_length=8, choices=GoalsAchieved.choices)
    confidence_before = _scale(_("confidence before from 1 to 10"), 1, 10)
    confidence_after = _scale(_("confidence now from 1 to 10"), 1, 10)
    would_recommend = _scale(_("would recommend, from 0 to 10"), 0, 10)

    class Meta:
        ordering = ["mentorship", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "respondent"], name="one_outcome_survey_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"Outcome survey {self.pk} by {self.respondent}"
