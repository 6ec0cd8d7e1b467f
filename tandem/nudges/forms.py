from __future__ import annotations

from typing import Any

from django import forms

from tandem.nudges.models import NudgeSettings
from tandem.nudges.services.settings import EDITABLE

# The settings page shows one group per job, each led by its switch.
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Requests awaiting an answer",
        ("request_reminders", "request_mentor_days", "request_coordinator_days"),
    ),
    ("Charters not signed", ("charter_reminders", "charter_days")),
    (
        "Pairs that have not met",
        ("meeting_reminders", "meeting_first_factor", "meeting_second_factor"),
    ),
    ("Silent pairs", ("inactivity_alerts", "inactivity_factor")),
    ("Automatic close", ("auto_close", "auto_close_days", "auto_close_warning_days")),
    ("Actions and goals past due", ("overdue_reminders",)),
    ("Health", ("health_alerts",)),
)


class NudgeSettingsForm(forms.ModelForm):
    class Meta:
        model = NudgeSettings
        fields = EDITABLE

    def groups(self) -> list[tuple[str, list[Any]]]:
        return [(title, [self[name] for name in names]) for title, names in GROUPS]
