"""Each programme's nudge settings: read with their defaults, and changed by a coordinator."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.core import audit
from tandem.core.errors import ServiceError
from tandem.nudges.models import NudgeSettings
from tandem.programmes.access import is_coordinator_of
from tandem.programmes.models import Programme

EDITABLE = (
    "request_reminders",
    "request_mentor_days",
    "request_coordinator_days",
    "charter_reminders",
    "charter_days",
    "meeting_reminders",
    "meeting_first_factor",
    "meeting_second_factor",
    "inactivity_alerts",
    "inactivity_factor",
    "auto_close",
    "auto_close_days",
    "auto_close_warning_days",
    "overdue_reminders",
    "health_alerts",
)


class NudgeError(ServiceError):
    """The nudge settings were refused; the message says why."""


def settings_for(programme: Programme) -> NudgeSettings:
    stored = NudgeSettings.objects.filter(programme=programme).first()
    return stored if stored is not None else NudgeSettings(programme=programme)


class SettingsByProgramme:
    """Every programme's settings for one run of a job, read in one query."""

    def __init__(self) -> None:
        self._stored = {s.programme_id: s for s in NudgeSettings.objects.all()}

    def __getitem__(self, programme_id: int) -> NudgeSettings:
        found = self._stored.get(programme_id)
        if found is None:
            found = self._stored[programme_id] = NudgeSettings(programme_id=programme_id)
        return found


@transaction.atomic
def nudge_settings_update(*, programme: Programme, by: User, **values: Any) -> NudgeSettings:
    if not is_coordinator_of(by, programme):
        raise NudgeError(
            _("Only the programme's coordinators change when Tandem nudges its pairs.")
        )
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise NudgeError(_("Unknown settings: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    current = settings_for(programme)
    merged = {name: values.get(name, getattr(current, name)) for name in EDITABLE}
    if merged["request_coordinator_days"] <= merged["request_mentor_days"]:
        raise NudgeError(
            _("Tell the coordinators later than the mentor is reminded."),
            field="request_coordinator_days",
        )
    if merged["meeting_second_factor"] <= merged["meeting_first_factor"]:
        raise NudgeError(
            _("The second reminder comes after the first."), field="meeting_second_factor"
        )
    if merged["auto_close_warning_days"] >= merged["auto_close_days"]:
        raise NudgeError(
            _("The warning comes before the close: fewer days than the close."),
            field="auto_close_warning_days",
        )
    changed = sorted(name for name in EDITABLE if merged[name] != getattr(current, name))
    stored, _created = NudgeSettings.objects.update_or_create(programme=programme, defaults=merged)
    if changed:
        audit.record("programme.nudges_changed", actor=by, obj=programme, fields=changed)
    return stored
