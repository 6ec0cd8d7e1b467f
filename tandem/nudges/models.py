"""How each programme wants Tandem to act on quiet relationships, and what Tandem remembers
between runs of its jobs so that each occasion is acted on once."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tandem.mentorships.models import Mentorship
from tandem.programmes.models import Programme

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _cadences(
    label: StrOrPromise, default: str, help_text: StrOrPromise = ""
) -> models.DecimalField:
    """A threshold counted in the pair's meeting cadence: 1.5 is one and a half gaps."""
    return models.DecimalField(
        label,
        max_digits=3,
        decimal_places=1,
        default=Decimal(default),
        help_text=help_text,
        validators=[MinValueValidator(Decimal("1.0")), MaxValueValidator(Decimal("10.0"))],
    )


class NudgeSettings(models.Model):
    """A programme's switches and thresholds. A programme without a row uses these defaults:
    `settings_for` returns an unsaved instance, so the defaults are written only here."""

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="nudge_settings"
    )
    request_reminders = models.BooleanField(
        _("remind mentors of unanswered requests"),
        default=True,
        help_text=_("The mentor first, then the coordinators."),
    )
    request_mentor_days = models.PositiveSmallIntegerField(
        _("remind the mentor after (days)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    request_coordinator_days = models.PositiveSmallIntegerField(
        _("tell the coordinators after (days)"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    charter_reminders = models.BooleanField(
        _("remind pairs to sign their charter"),
        default=True,
    )
    charter_days = models.PositiveSmallIntegerField(
        _("when the proposal is older than (days)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    meeting_reminders = models.BooleanField(
        _("remind pairs that have not met"),
        default=True,
        help_text=_("Measured against the cadence the charter agrees, or the programme's."),
    )
    meeting_first_factor = _cadences(
        _("first reminder after (cadences)"),
        "1.5",
        help_text=_("1.5 means one and a half times the agreed gap between meetings."),
    )
    meeting_second_factor = _cadences(_("second reminder after (cadences)"), "2.0")
    inactivity_alerts = models.BooleanField(
        _("tell the coordinators about silent pairs"),
        default=True,
        help_text=_("In their digest; the pair is told that the coordinators were informed."),
    )
    inactivity_factor = _cadences(_("after no contact for (cadences)"), "3.0")
    auto_close = models.BooleanField(
        _("close pairs that stay silent"),
        default=False,
        help_text=_(
            "The pair is warned first. Closed as “ended: inactive”, without blame; "
            "the mentee is offered a new match."
        ),
    )
    auto_close_days = models.PositiveSmallIntegerField(
        _("close after this many days without contact"),
        default=90,
        validators=[MinValueValidator(14), MaxValueValidator(730)],
    )
    auto_close_warning_days = models.PositiveSmallIntegerField(
        _("warn this many days before"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    overdue_reminders = models.BooleanField(
        _("weekly reminder of actions and goals past due"),
        default=True,
        help_text=_("To the person who owns them; goals belong to the mentee."),
    )
    health_alerts = models.BooleanField(
        _("tell the coordinators when a pair's health turns amber or red"),
        default=True,
        help_text=_("In their digest, on the day it changes."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = _("nudge settings")

    def __str__(self) -> str:
        return f"Nudge settings of {self.programme}"


class InactivityWarning(models.Model):
    """The warning before an automatic close. The close waits for the full notice period after
    it, so switching auto-close on never closes a pair that was not warned."""

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="inactivity_warnings"
    )
    # The last contact the warning counted from; contact after it starts a new count.
    silent_since = models.DateTimeField()
    warned_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "silent_since"], name="one_warning_per_silence"
            )
        ]

    def __str__(self) -> str:
        return f"Mentorship {self.mentorship_id} warned at {self.warned_at:%Y-%m-%d}"


class HealthWatch(models.Model):
    """The health status last seen for a pair, so that a change is noticed once."""

    mentorship = models.OneToOneField(
        Mentorship, on_delete=models.CASCADE, related_name="health_watch"
    )
    status = models.CharField(max_length=12)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Mentorship {self.mentorship_id}: {self.status}"
