"""Pairs that have not started, or have gone quiet: the charter reminder, the meeting
reminders, the coordinators' inactivity alert, and the warned automatic close.

Each notice's key names its occasion. For the quiet-pair notices that is the pair and the
moment the silence began, so a rerun never repeats a notice, and any new contact starts a new
count.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from tandem.core.batches import batches
from tandem.core.i18n import interpolate_lazy, lazy_text
from tandem.mentorships.access import zone_of
from tandem.mentorships.health import agreed_cadence, history, last_contact, span
from tandem.mentorships.models import Mentorship
from tandem.mentorships.selectors import with_health_data
from tandem.mentorships.services import mentorship_close_inactive
from tandem.nudges.models import InactivityWarning, NudgeSettings
from tandem.nudges.services._common import names, tell, tell_coordinators
from tandem.nudges.services.settings import SettingsByProgramme
from tandem.programmes.models import CADENCE_DAYS, Cadence

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

State = Mentorship.State


def charter_reminders_send(*, now: datetime) -> int:
    """Both members of a proposal that has waited too long for a signed charter."""
    settings = SettingsByProgramme()
    waiting = Mentorship.objects.filter(
        state__in=(State.PROPOSED, State.AGREEING), created_at__lte=now - timedelta(days=1)
    ).select_related("mentee__user", "mentor__user", "programme")
    told = 0
    for batch in batches(waiting):
        for mentorship in batch:
            chosen = settings[mentorship.programme_id]
            days = (now - mentorship.created_at).days
            if not chosen.charter_reminders or days < chosen.charter_days:
                continue
            for person in (mentorship.mentee, mentorship.mentor):
                partner = mentorship.partner_of(person)
                told += tell(
                    person,
                    kind="nudge.charter",
                    title=interpolate_lazy(
                        _("Agree your charter with %(partner)s"), partner=partner.name
                    ),
                    body=interpolate_lazy(
                        _(
                            "You were paired %(span)s ago. Agree how you will work together "
                            "and sign the charter, and your mentorship begins."
                        ),
                        span=lazy_text(span, days),
                    ),
                    url=reverse("mentorships:charter", args=[mentorship.pk]),
                    key=f"nudge.charter:{mentorship.pk}",
                    programme_id=mentorship.programme_id,
                )
    return told


def quiet_pairs_nudge(*, now: datetime) -> int:
    """Meeting reminders, inactivity alerts and the automatic close, over the active pairs.

    One pass reads each pair's history once for all three. Paused pairs have agreed to rest
    and closing ones are wrapping up, so only active pairs are looked at.
    """
    settings = SettingsByProgramme()
    active = with_health_data(
        Mentorship.objects.filter(state=State.ACTIVE, started_at__isnull=False)
    ).select_related("mentee__user", "mentor__user")
    told = 0
    for batch in batches(active.prefetch_related("programme__coordinators")):
        for mentorship in batch:
            chosen = settings[mentorship.programme_id]
            # Each pair's cadence and silence are read once, for all three.
            cadence = Cadence(agreed_cadence(mentorship)[0])
            silent_since = last_contact(mentorship, now) or mentorship.started_at
            assert silent_since is not None  # only started pairs are read
            told += _meeting_reminder(mentorship, chosen, cadence, now)
            told += _inactivity_alert(mentorship, chosen, cadence, silent_since, now)
            told += _auto_close(mentorship, chosen, silent_since, now)
    return told


def _lower(text: StrOrPromise) -> str:
    return str(text).lower()


def _past(days: int, interval: int, factor: Decimal) -> bool:
    return days >= interval * factor


def _meeting_reminder(
    mentorship: Mentorship, chosen: NudgeSettings, cadence: Cadence, now: datetime
) -> int:
    if not chosen.meeting_reminders:
        return 0
    meetings = history(mentorship, "meetings")
    if any(m.status == m.Status.SCHEDULED and m.starts_at > now for m in meetings):
        return 0  # the next meeting is already in their calendars
    held = [m.starts_at for m in meetings if m.status == m.Status.HELD and m.starts_at <= now]
    since = max(held) if held else mentorship.started_at
    assert since is not None
    days = (now - since).days
    interval = CADENCE_DAYS[cadence]
    if _past(days, interval, chosen.meeting_second_factor):
        level = 2
    elif _past(days, interval, chosen.meeting_first_factor):
        level = 1
    else:
        return 0
    planned = lazy_text(_lower, cadence.label)
    told = 0
    for person in (mentorship.mentee, mentorship.mentor):
        partner = mentorship.partner_of(person)
        body = (
            _(
                "Your last meeting was %(span)s ago, and you planned to meet %(cadence)s. "
                "Schedule the next one."
            )
            if held
            else _(
                "You have not met since your mentorship started %(span)s ago, and you planned "
                "to meet %(cadence)s. Schedule the next one."
            )
        )
        title = (
            _("Time to meet %(partner)s")
            if level == 1
            else _("It has been %(span)s since you last met %(partner)s")
        )
        told += tell(
            person,
            kind="nudge.quiet",
            title=interpolate_lazy(title, span=lazy_text(span, days), partner=partner.name),
            body=interpolate_lazy(body, span=lazy_text(span, days), cadence=planned),
            url=reverse("mentorships:meetings", args=[mentorship.pk]),
            key=f"nudge.quiet:{mentorship.pk}:{since.isoformat()}:{level}",
            programme_id=mentorship.programme_id,
        )
    return told


def _inactivity_alert(
    mentorship: Mentorship,
    chosen: NudgeSettings,
    cadence: Cadence,
    since: datetime,
    now: datetime,
) -> int:
    if not chosen.inactivity_alerts:
        return 0
    days = (now - since).days
    if not _past(days, CADENCE_DAYS[cadence], chosen.inactivity_factor):
        return 0
    key = f"inactive:{mentorship.pk}:{since.isoformat()}"
    pair = names((mentorship.mentee, mentorship.mentor))
    told = tell_coordinators(
        mentorship.programme,
        kind="alert.inactive",
        title=interpolate_lazy(
            _("%(pair)s have had no contact for %(span)s (%(programme)s)"),
            pair=pair,
            span=lazy_text(span, days),
            programme=mentorship.programme.name,
        ),
        body=_("No meeting, check-in, feedback or finished action recorded since then."),
        url=reverse(
            "mentorships:coordinator_detail", args=[mentorship.programme.slug, mentorship.pk]
        ),
        key=f"alert.{key}",
    )
    for person in (mentorship.mentee, mentorship.mentor):
        told += tell(
            person,
            kind="nudge.escalated",
            title=_("Your mentorship has gone quiet: the coordinator was told"),
            body=interpolate_lazy(
                _(
                    "Nothing was recorded for %(span)s, so the programme's coordinators "
                    "know the mentorship has gone quiet and may offer help. They were told the "
                    "dates only, never what you wrote."
                ),
                span=lazy_text(span, days),
            ),
            url=reverse("mentorships:overview", args=[mentorship.pk]),
            key=f"nudge.escalated:{key}",
            programme_id=mentorship.programme_id,
        )
    return told


def _auto_close(
    mentorship: Mentorship, chosen: NudgeSettings, since: datetime, now: datetime
) -> int:
    if not chosen.auto_close:
        return 0
    days = (now - since).days
    if days < chosen.auto_close_days - chosen.auto_close_warning_days:
        return 0
    warning = InactivityWarning.objects.filter(mentorship=mentorship, silent_since=since).first()
    if warning is None:
        return _warn(mentorship, chosen, since, now)
    noticed = (now - warning.warned_at).days >= chosen.auto_close_warning_days
    if days < chosen.auto_close_days or not noticed:
        return 0
    return _close(mentorship)


@transaction.atomic
def _warn(mentorship: Mentorship, chosen: NudgeSettings, since: datetime, now: datetime) -> int:
    InactivityWarning.objects.create(mentorship=mentorship, silent_since=since, warned_at=now)
    closes = now + timedelta(days=chosen.auto_close_warning_days)
    told = 0
    for person in (mentorship.mentee, mentorship.mentor):
        partner = mentorship.partner_of(person)
        # The day as it is where the person lives.
        closes_on = closes.astimezone(zone_of(person)).date()
        told += tell(
            person,
            kind="nudge.auto_close",
            title=interpolate_lazy(
                _("Your mentorship with %(partner)s closes on %(day)s unless you meet"),
                partner=partner.name,
                day=lazy_text(date_format, closes_on, "j F"),
            ),
            body=interpolate_lazy(
                _(
                    "Nothing was recorded for %(span)s. Record a meeting, a "
                    "check-in or feedback to keep it open. Otherwise it closes as “ended: "
                    "inactive”, which blames no one."
                ),
                span=lazy_text(span, (now - since).days),
            ),
            url=reverse("mentorships:overview", args=[mentorship.pk]),
            key=f"nudge.auto_close.warning:{mentorship.pk}:{since.isoformat()}",
            programme_id=mentorship.programme_id,
        )
    return told


@transaction.atomic
def _close(mentorship: Mentorship) -> int:
    mentorship_close_inactive(mentorship=mentorship)
    programme = mentorship.programme
    return tell(
        mentorship.mentee,
        kind="nudge.auto_close",
        title=interpolate_lazy(
            _("You can be matched with a new mentor in %(programme)s"), programme=programme.name
        ),
        body=_(
            "Your mentorship closed after a long silence. You are back among the mentees "
            "waiting for a match, and you can ask a recommended mentor where the programme "
            "allows it."
        ),
        url=reverse("programmes:detail", args=[programme.slug]),
        key=f"nudge.rematch:{mentorship.pk}",
        programme_id=mentorship.programme_id,
    )
