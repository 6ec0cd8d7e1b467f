"""Coordinators hear when a pair's health turns amber or red, on the day it changes.

The status last seen is kept per pair (`HealthWatch`). A pair seen for the first time is
recorded without an alert: nobody knows when its status changed. A pair that recovers and then
worsens again alerts again.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from tandem.core.batches import batches
from tandem.core.i18n import interpolate_lazy, lazy_text
from tandem.mentorships.health import AMBER, GREEN, RED, mentorship_health
from tandem.mentorships.models import Mentorship
from tandem.mentorships.selectors import with_health_data
from tandem.nudges.models import HealthWatch
from tandem.nudges.services._common import names, tell_coordinators
from tandem.nudges.services.settings import SettingsByProgramme

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as StrPromise

SEVERITY = {GREEN: 0, AMBER: 1, RED: 2}


def health_alerts_send(*, now: datetime) -> int:
    settings = SettingsByProgramme()
    measured = with_health_data(
        Mentorship.objects.filter(state__in=(Mentorship.State.ACTIVE, Mentorship.State.CLOSING))
    ).select_related("mentee", "mentor")
    told = 0
    for batch in batches(measured.prefetch_related("programme__coordinators")):
        seen = {
            watch.mentorship_id: watch
            for watch in HealthWatch.objects.filter(mentorship__in=[m.pk for m in batch])
        }
        changed: list[HealthWatch] = []
        for mentorship in batch:
            report = mentorship_health(mentorship, now=now)
            watch = seen.get(mentorship.pk)
            if watch is not None and watch.status == report.status:
                continue
            worse = watch is not None and SEVERITY.get(report.status, 0) > SEVERITY.get(
                watch.status, 0
            )
            changed.append(HealthWatch(mentorship=mentorship, status=report.status, seen_at=now))
            if not worse or not settings[mentorship.programme_id].health_alerts:
                continue
            told += tell_coordinators(
                mentorship.programme,
                kind="alert.health",
                title=interpolate_lazy(
                    _turned(report.status),
                    pair=names((mentorship.mentee, mentorship.mentor)),
                    programme=mentorship.programme.name,
                ),
                body=lazy_text(_reasons, mentorship, now),
                url=reverse(
                    "mentorships:coordinator_detail",
                    args=[mentorship.programme.slug, mentorship.pk],
                ),
                key=f"alert.health:{mentorship.pk}:{report.status}:{now.date().isoformat()}",
            )
        HealthWatch.objects.bulk_create(
            changed,
            update_conflicts=True,
            unique_fields=["mentorship"],
            update_fields=["status", "seen_at"],
        )
    return told


def _reasons(mentorship: Mentorship, now: datetime) -> str:
    """The report's reasons, measured again as each coordinator reads them: they are sentences
    of the reader's language."""
    # The first letter only: a translation's own capitals (German nouns) stay.
    return capfirst("; ".join(mentorship_health(mentorship, now=now).sentences))


def _turned(status: str) -> StrPromise:
    if status == RED:
        return _("%(pair)s: health turned red (%(programme)s)")
    return _("%(pair)s: health turned amber (%(programme)s)")
