"""The development plan: goals, milestones, learning needs, opportunities and teach-back."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tandem.core.models import TimeStampedModel
from tandem.people.models import Person

from .mentorship import Mentorship
from .shared import GoalFields


class Goal(GoalFields, TimeStampedModel):
    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="goals")

    class Meta:
        ordering = ["mentorship", "target_on", "pk"]

    def __str__(self) -> str:
        return f"Goal {self.pk} of mentorship {self.mentorship_id}"


class GoalComment(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["goal", "created_at"]

    def __str__(self) -> str:
        return f"Comment {self.pk} on goal {self.goal_id}"


class Milestone(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    due_on = models.DateField(null=True, blank=True)
    reached_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["goal", "due_on", "pk"]

    def __str__(self) -> str:
        return f"Milestone {self.pk} of goal {self.goal_id}"


class LearningNeed(TimeStampedModel):
    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="learning_needs"
    )
    goal = models.ForeignKey(
        Goal, null=True, blank=True, on_delete=models.SET_NULL, related_name="learning_needs"
    )
    description = models.CharField(max_length=300)

    class Meta:
        ordering = ["mentorship", "pk"]

    def __str__(self) -> str:
        return f"Learning need {self.pk} of mentorship {self.mentorship_id}"


class DevelopmentOpportunity(TimeStampedModel):
    class Kind(models.TextChoices):
        COURSE = "course", _("Course")
        SHADOWING = "shadowing", _("Shadowing")
        PROJECT = "project", _("Project")
        READING = "reading", _("Reading")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        SUGGESTED = "suggested", _("Suggested")
        TAKEN = "taken", _("Taken")
        COMPLETED = "completed", _("Completed")

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="opportunities"
    )
    need = models.ForeignKey(
        LearningNeed,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opportunities",
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.COURSE)
    title = models.CharField(max_length=200)
    details = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SUGGESTED)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["mentorship", "pk"]
        verbose_name_plural = _("development opportunities")

    def __str__(self) -> str:
        return f"Opportunity {self.pk} of mentorship {self.mentorship_id}"


class TeachBack(TimeStampedModel):
    """How the mentee passed on what they learnt: the surest sign it was learnt."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="teach_backs")
    opportunity = models.ForeignKey(
        DevelopmentOpportunity,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="teach_backs",
    )
    description = models.TextField(help_text=_("What you taught, and how."))
    audience = models.CharField(max_length=200, blank=True, help_text=_("Who you taught."))
    taught_on = models.DateField()

    class Meta:
        ordering = ["mentorship", "-taught_on"]

    def __str__(self) -> str:
        return f"Teach-back {self.pk} of mentorship {self.mentorship_id}"
