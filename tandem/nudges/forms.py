from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.nudges.models import NudgeSettings
from tandem.nudges.services.settings import EDITABLE

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The settings page shows one group per job, each led by its switch.
GROUPS: tuple[tuple[StrOrPromise, tuple[str, ...]], ...] = (
    (
        _("Requests awaiting an answer"),
        ("request_reminders", "request_mentor_days", "request_coordinator_days"),
    ),
    (_("Charters not signed"), ("charter_reminders", "charter_days")),
    (
        _("Pairs that have not met"),
        ("meeting_reminders", "meeting_first_factor", "meeting_second_factor"),
    ),
    (_("Silent pairs"), ("inactivity_alerts", "inactivity_factor")),
    (_("Automatic close"), ("auto_close", "auto_close_days", "auto_close_warning_days")),
    (_("Actions and goals past due"), ("overdue_reminders",)),
    (_("Health"), ("health_alerts",)),
)


class NudgeSettingsForm(forms.ModelForm):
    class Meta:
        model = NudgeSettings
        fields = EDITABLE

    def groups(self) -> list[tuple[StrOrPromise, list[Any]]]:
        return [(title, [self[name] for name in names]) for title, names in GROUPS]
