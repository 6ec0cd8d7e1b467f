"""Journal, the mentors' question prompts, and two-way feedback."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tandem.core.models import TimeStampedModel
from tandem.people.models import Person
from tandem.programmes.models import Programme

from .mentorship import Mentorship
from .shared import JournalFields


class JournalEntry(JournalFields, TimeStampedModel):
    """Private to its author until they share it with their partner."""

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="journal_entries"
    )
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["mentorship", "-created_at"]
        verbose_name_plural = _("journal entries")

    def __str__(self) -> str:
        return f"Journal entry {self.pk} by {self.author}"


class Prompt(models.Model):
    """A thought-provoking question. Programme-less prompts are the default library."""

    class Purpose(models.TextChoices):
        GOAL_SETTING = "goal_setting", _("Goal setting")
        REFLECTING = "reflecting", _("Reflecting on practice")
        PROBLEM_SOLVING = "problem_solving", _("Problem solving")
        ACTION_PLANNING = "action_planning", _("Action planning")

    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.CASCADE, related_name="prompts"
    )
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    text = models.CharField(max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["purpose", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class Feedback(TimeStampedModel):
    """Forward-looking feedback from one member of the pair to the other."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="feedback")
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    keep = models.TextField(_("what to keep doing"))
    try_next = models.TextField(_("what to try next"))

    class Meta:
        ordering = ["mentorship", "-created_at"]
        verbose_name_plural = _("feedback")

    def __str__(self) -> str:
        return f"Feedback {self.pk} by {self.author}"
