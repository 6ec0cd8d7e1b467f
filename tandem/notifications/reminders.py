"""Reminders and celebrations, sent by periodic jobs.

Each notice has a dedupe key that names its occasion (the meeting, the check-in period, the
year of an anniversary), so a job that runs twice, or is retried, never sends it twice.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import F, Max, Q
from django.urls import reverse

from tandem.mentorships.health import settings_for
from tandem.mentorships.models import Meeting, Mentorship
from tandem.notifications.services import notification_send_to_person
from tandem.people.models import Person

RUNNING = (Mentorship.State.ACTIVE, Mentorship.State.PAUSED, Mentorship.State.CLOSING)


def _notify(
    person: Person, *, kind: str, title: str, url: str, key: str, programme_id: int, body: str = ""
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


def _local(moment: datetime, person: Person) -> str:
    return moment.astimezone(ZoneInfo(person.timezone)).strftime("%a %d %b at %H:%M")


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
                title=f"Meeting with {partner.name} {_local(meeting.starts_at, person)}",
                body="Add what you want to talk about to the agenda beforehand.",
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
                title="Time for a check-in",
                body="Four quick ratings: engagement, flexibility, authenticity and "
                "reciprocity. Your partner and the coordinator see the scores, not your comment.",
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
                    title=f"{years} year{'s' if years > 1 else ''} of mentoring with "
                    f"{partner.name}: happy anniversary!",
                    url=url,
                    key=f"anniversary:{mentorship.pk}:{today.year}",
                    programme_id=mentorship.programme_id,
                )
        for person in (mentorship.mentee, mentorship.mentor):
            partner = mentorship.partner_of(person)
            for occasion, day, wanted in (
                ("birthday", person.birthday, person.celebrate_birthday),
                ("work anniversary", person.work_anniversary, person.celebrate_work_anniversary),
            ):
                if wanted and day is not None and (day.month, day.day) == (today.month, today.day):
                    sent += _notify(
                        partner,
                        kind="celebration.person",
                        title=f"It is {person.name}'s {occasion} today",
                        url=reverse("mentorships:overview", args=[mentorship.pk]),
                        key=f"{occasion}:{person.pk}:{mentorship.pk}:{today.year}",
                        programme_id=mentorship.programme_id,
                    )
    return sent
