"""A circle's health, by the pair's factors and thresholds (`tandem.mentorships.health`).

The same five factors, weighted by the programme's health settings: meetings held against the
charter's cadence, attendance at the recent meetings (the pair's punctuality), each member's
latest check-in averaged across the members, goal progress, and days since the last contact.
Works on the relations `selectors.with_health_data` prefetches, so lists stay cheap.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tandem.circles.models import Circle, CircleAttendance, CircleMeeting, CircleMember
from tandem.mentorships.health import (
    AMBER,
    CHECK_INS,
    CIRCLE,
    CONTACT,
    FROM_CHARTER,
    FROM_PROGRAMME,
    GOALS,
    NOT_MEASURED,
    PUNCTUALITY,
    RECENT_MEETINGS,
    RED,
    REGULARITY,
    HealthReport,
    Reason,
    check_ins_factor,
    combine,
    contact_factor,
    goals_factor,
    programme_settings,
    regularity_factor,
)

NOTES = {
    Circle.State.FORMING: _("Measured once every member has signed the charter."),
    Circle.State.PAUSED: _("Paused: not measured until it resumes."),
    Circle.State.CLOSED: _("Closed."),
}


def _current(circle: Circle) -> list[CircleMember]:
    return [m for m in circle.members.all() if m.left_at is None]


def _attendance(
    members: list[CircleMember], meetings: list[CircleMeeting], now: datetime
) -> tuple[float | None, list[Reason]]:
    """Absences weigh in full, apologies in half, a missed meeting for everyone."""
    past = [
        m for m in meetings if m.starts_at <= now and m.status in (m.Status.HELD, m.Status.MISSED)
    ]
    recent = sorted(past, key=lambda m: m.starts_at)[-RECENT_MEETINGS:]
    if not recent or not members:
        return None, []
    names = {m.person_id: m.person.name for m in members}
    absent = dict.fromkeys(names, 0)
    missed = 0
    lost = 0.0
    for meeting in recent:
        if meeting.status == meeting.Status.MISSED:
            missed += 1
            lost += len(names)
            continue
        for attendance in meeting.attendances.all():
            if attendance.person_id not in names:
                continue
            if attendance.status == CircleAttendance.Status.ABSENT:
                absent[attendance.person_id] += 1
                lost += 1
            elif attendance.status == CircleAttendance.Status.APOLOGIES:
                lost += 0.5
    ratio = lost / (len(names) * len(recent))
    score = 1.0 if ratio <= 0.1 else 0.5 if ratio <= 0.25 else 0.0
    if score == 1.0:
        return score, []
    severity = AMBER if score == 0.5 else RED
    n = len(recent)
    reasons = []
    if missed:
        text = ngettext(
            "%(missed)s of the last meeting were missed",
            "%(missed)s of the last %(count)s meetings were missed",
            n,
        ) % {"missed": missed, "count": n}
        reasons.append(Reason(PUNCTUALITY, text, severity))
    reasons += [
        Reason(
            PUNCTUALITY,
            ngettext(
                "%(name)s was absent from %(absent)s of the last meeting",
                "%(name)s was absent from %(absent)s of the last %(count)s meetings",
                n,
            )
            % {"name": names[pid], "absent": count, "count": n},
            severity,
        )
        for pid, count in absent.items()
        if count
    ]
    if not reasons:
        text = ngettext(
            "apologies at the last meeting add up",
            "apologies at the last %(count)s meetings add up",
            n,
        ) % {"count": n}
        reasons.append(Reason(PUNCTUALITY, text, severity))
    return score, reasons


def circle_health(circle: Circle, *, now: datetime | None = None) -> HealthReport:
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    if circle.state != Circle.State.ACTIVE:
        return HealthReport(NOT_MEASURED, None, note=str(NOTES[Circle.State(circle.state)]))
    settings = programme_settings(circle.programme)
    meetings = list(circle.meetings.all())
    members = _current(circle)
    check_ins = list(circle.check_ins.all())
    charter = circle.current_charter()
    if charter is not None:
        cadence, source = charter.cadence, FROM_CHARTER
    else:
        cadence, source = circle.programme.meeting_cadence, FROM_PROGRAMME
    held = [m.starts_at for m in meetings if m.status == m.Status.HELD and m.starts_at <= now]
    contact = [*held, *(c.created_at for c in check_ins)]
    results: dict[str, tuple[float | None, list[Reason]]] = {
        REGULARITY: regularity_factor(
            cadence=cadence,
            source=source,
            held=held,
            started_at=circle.started_at,
            today=today,
            what=CIRCLE,
        ),
        PUNCTUALITY: _attendance(members, meetings, now),
        CHECK_INS: check_ins_factor(
            [
                (m.person.name, [c for c in check_ins if c.author_id == m.person_id])
                for m in members
            ],
            started_at=circle.started_at,
            interval=settings.checkin_interval_days,
            today=today,
            what=CIRCLE,
        ),
        GOALS: goals_factor(list(circle.goals.all()), started_at=circle.started_at, today=today),
        CONTACT: contact_factor(
            max(contact) if contact else None,
            started_at=circle.started_at,
            settings=settings,
            today=today,
            what=CIRCLE,
        ),
    }
    return combine(results, settings.weights)
