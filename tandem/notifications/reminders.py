"""Reminders and celebrations, sent by periodic jobs.

Each notice has a dedupe key that names its occasion (the meeting, the check-in period, the
year of an anniversary), so a job that runs twice, or is retried, never sends it twice.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.db.models import F, Max, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy, ngettext_lazy

from tandem.core.i18n import interpolate_lazy
from tandem.mentorships.health import settings_for
from tandem.mentorships.models import Meeting, Mentorship
from tandem.notifications.services import notification_send_to_person
from tandem.people.models import Person

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise
    from django.utils.functional import _StrPromise as StrPromise

RUNNING = (Mentorship.State.ACTIVE, Mentorship.State.PAUSED, Mentorship.State.CLOSING)

# Notices are written when read, in their recipient's language (tandem/core/i18n.py).
_date_format_lazy = lazy(date_format, str)


def _notify(
    person: Person,
    *,
    kind: str,
    title: StrOrPromise,
    url: str,
    key: str,
    programme_id: int,
    body: StrOrPromise = "",
) -> int:
    """1 when the person was notified now, 0 when they were before or have no account."""
    sent = notification_send_to_person(
        person=person,
        kind=kind,
        title=title,
        url=url,
        dedupe_key=key,
        body=body,
        programme_id=programme_id,
    )
    return 0 if sent is None else 1


def _local(moment: datetime, person: Person) -> StrPromise:
    """The moment in the person's time zone: "Tue 01 Dec at 14:00"."""
    local = moment.astimezone(ZoneInfo(person.timezone))
    return interpolate_lazy(
        gettext_lazy("%(day)s at %(time)s"),
        day=_date_format_lazy(local, "D d M"),
        time=_date_format_lazy(local, "H:i"),
    )


def meeting_reminders_send(*, now: datetime) -> int:
    """A reminder to both members of each meeting in the next 24 hours."""
    meetings = Meeting.objects.filter(
        status=Meeting.Status.SCHEDULED,
        starts_at__gt=now,
        starts_at__lte=now + timedelta(hours=24),
        mentorship__state__in=(Mentorship.State.ACTIVE, Mentorship.State.CLOSING),
    ).select_related("mentorship__mentee__user", "mentorship__mentor__user")
    sent = 0
    for meeting in meetings:
        mentorship = meeting.mentorship
        url = reverse("mentorships:meeting_detail", args=[mentorship.pk, meeting.pk])
        for person in (mentorship.mentee, mentorship.mentor):
            partner = mentorship.partner_of(person)
            sent += _notify(
                person,
                kind="reminder.meeting",
                title=interpolate_lazy(
                    gettext_lazy("Meeting with %(name)s %(when)s"),
                    name=partner.name,
                    when=_local(meeting.starts_at, person),
                ),
                body=gettext_lazy("Add what you want to talk about to the agenda beforehand."),
                url=url,
                key=f"meeting-reminder:{meeting.pk}:{meeting.starts_at.isoformat()}",
                programme_id=mentorship.programme_id,
            )
    return sent


def check_in_reminders_send(*, today: date) -> int:
    """Ask each member of an active pair to check in once per the programme's interval."""
    mentorships = (
        Mentorship.objects.filter(state=Mentorship.State.ACTIVE, started_at__isnull=False)
        .select_related("mentee__user", "mentor__user", "programme__health_settings")
        .annotate(
            mentee_last=Max("check_ins__created_at", filter=Q(check_ins__author=F("mentee"))),
            mentor_last=Max("check_ins__created_at", filter=Q(check_ins__author=F("mentor"))),
        )
    )
    sent = 0
    for mentorship in mentorships:
        interval = settings_for(mentorship).checkin_interval_days
        started = mentorship.started_at.date()  # type: ignore[union-attr]
        if (today - started).days < interval:
            continue
        period = (today - started).days // interval
        url = reverse("mentorships:check_ins", args=[mentorship.pk])
        for person, last in (
            (mentorship.mentee, mentorship.mentee_last),
            (mentorship.mentor, mentorship.mentor_last),
        ):
            if last is not None and (today - last.date()).days < interval:
                continue
            sent += _notify(
                person,
                kind="reminder.check_in",
                title=gettext_lazy("Time for a check-in"),
                body=gettext_lazy(
                    "Four quick ratings: engagement, flexibility, authenticity and "
                    "reciprocity. Your partner and the coordinator see the scores, not your "
                    "comment."
                ),
                url=url,
                key=f"check-in-due:{mentorship.pk}:{person.pk}:{period}",
                programme_id=mentorship.programme_id,
            )
    return sent


def celebrations_send(*, today: date) -> int:
    """Anniversaries of running mentorships, and birthdays and work anniversaries (opt-in)."""
    sent = 0
    running = Mentorship.objects.filter(state__in=RUNNING, started_at__isnull=False).select_related(
        "mentee__user", "mentor__user"
    )
    for mentorship in running:
        years = mentorship.anniversary_years(today)
        if years:
            url = reverse("mentorships:overview", args=[mentorship.pk])
            for person in (mentorship.mentee, mentorship.mentor):
                partner = mentorship.partner_of(person)
                sent += _notify(
                    person,
                    kind="celebration.anniversary",
                    title=interpolate_lazy(
                        ngettext_lazy(
                            "%(count)d year of mentoring with %(name)s: happy anniversary!",
                            "%(count)d years of mentoring with %(name)s: happy anniversary!",
                            "count",
                        ),
                        count=years,
                        name=partner.name,
                    ),
                    url=url,
                    key=f"anniversary:{mentorship.pk}:{today.year}",
                    programme_id=mentorship.programme_id,
                )
        for person in (mentorship.mentee, mentorship.mentor):
            partner = mentorship.partner_of(person)
            for occasion, day, wanted, title in (
                (
                    "birthday",
                    person.birthday,
                    person.celebrate_birthday,
                    gettext_lazy("It is %(name)s's birthday today"),
                ),
                (
                    "work anniversary",
                    person.work_anniversary,
                    person.celebrate_work_anniversary,
                    gettext_lazy("It is %(name)s's work anniversary today"),
                ),
            ):
                if wanted and day is not None and (day.month, day.day) == (today.month, today.day):
                    sent += _notify(
                        partner,
                        kind="celebration.person",
                        title=interpolate_lazy(title, name=person.name),
                        url=reverse("mentorships:overview", args=[mentorship.pk]),
                        key=f"{occasion}:{person.pk}:{mentorship.pk}:{today.year}",
                        programme_id=mentorship.programme_id,
                    )
    return sent
