"""Programme reports: aggregates and pair metadata only, never a pair's content."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from math import ceil

from django.db.models import Avg, Count
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import ngettext

from tandem.flash.selectors import ConversationCounts, conversation_counts
from tandem.matching.selectors import ResponseFigures, mentor_response_figures
from tandem.mentorships.models import MARKS, CheckIn, Meeting, OutcomeSurvey
from tandem.mentorships.selectors import (
    CoordinatorRow,
    coordinator_rows,
    mentees_awaiting_match,
    mentor_load,
)
from tandem.people.models import Person
from tandem.programmes.models import Enrolment, Programme
from tandem.reports.models import HealthSnapshot

HEALTH_ORDER = ("green", "amber", "red", "not_measured")


@dataclass
class Outcomes:
    surveys: int = 0
    goals_achieved: dict[str, int] = field(default_factory=dict)
    confidence_before: float | None = None
    confidence_after: float | None = None
    would_recommend: float | None = None


@dataclass(frozen=True)
class MentorRow:
    """One approved mentor on the report: places, and how they answer mentees' requests."""

    person: Person
    capacity: int
    taken: int
    responses: ResponseFigures

    @property
    def rate_text(self) -> str:
        rate = self.responses.rate
        return "—" if rate is None else f"{round(100 * rate)}%"

    @property
    def median_text(self) -> str:
        seconds = self.responses.median_seconds
        return "—" if seconds is None else duration_text(seconds)


def duration_text(seconds: float) -> str:
    """A wait as a coordinator reads it: minutes under an hour, hours under two days, else days."""
    minutes = seconds / 60
    if minutes < 60:
        n = max(1, round(minutes))
        return ngettext("%(count)s minute", "%(count)s minutes", n) % {"count": n}
    hours = minutes / 60
    if hours < 48:
        n = round(hours)
        return ngettext("%(count)s hour", "%(count)s hours", n) % {"count": n}
    # Two days or more: a fraction of a day reads in the plural, as the whole days do.
    days = round(hours / 24, 1)
    shown = int(days) if days.is_integer() else days
    return ngettext("%(count)s day", "%(count)s days", ceil(days)) % {"count": shown}


def mentor_rows(programme: Programme) -> list[MentorRow]:
    """The programme's approved mentors by name, in four queries whatever their number."""
    taken = mentor_load(programme)
    responses = mentor_response_figures(programme)
    enrolments = (
        Enrolment.objects.filter(
            programme=programme, role=Enrolment.Role.MENTOR, status=Enrolment.Status.APPROVED
        )
        .select_related("person")
        .order_by("person__name", "pk")
    )
    return [
        MentorRow(
            person=e.person,
            capacity=e.capacity,
            taken=taken.get(e.person_id, 0),
            responses=responses.get(e.person_id, ResponseFigures()),
        )
        for e in enrolments
    ]


@dataclass
class ProgrammeReport:
    programme: Programme
    enrolment_counts: dict[tuple[str, str], int]
    state_counts: dict[str, int]
    outcome_counts: dict[str, int]
    health_counts: dict[str, int]
    at_risk: list[CoordinatorRow]
    months: list[date]
    meetings_by_month: dict[str, list[int]]
    check_in_by_month: dict[str, list[float | None]]
    health_weeks: list[date]
    health_by_week: dict[str, list[int]]
    outcomes: Outcomes
    awaiting_match: int
    rows: list[CoordinatorRow]
    mentors: list[MentorRow]
    one_off: ConversationCounts


def _months_back(today: date, count: int) -> list[date]:
    first = today.replace(day=1)
    months = []
    for _ in range(count):
        months.append(first)
        first = (first - timedelta(days=1)).replace(day=1)
    return list(reversed(months))


def programme_report(programme: Programme, *, today: date | None = None) -> ProgrammeReport:
    today = today or timezone.localdate()
    rows = coordinator_rows(programme)
    enrolments = Counter(
        (role, status)
        for role, status in Enrolment.objects.filter(programme=programme).values_list(
            "role", "status"
        )
    )
    state_counts = Counter(row.mentorship.state for row in rows)
    health_counts = Counter(row.health.status for row in rows if row.mentorship.is_open)
    at_risk = [
        row for row in rows if row.mentorship.is_open and row.health.status in ("amber", "red")
    ]
    at_risk.sort(key=lambda row: (row.health.status != "red", row.health.score or 0))

    months = _months_back(today, 12)
    meetings_by_month = _meetings_by_month(programme, months)
    check_in_by_month = _check_ins_by_month(programme, months)
    weeks, health_by_week = _health_by_week(programme, today)
    return ProgrammeReport(
        programme=programme,
        enrolment_counts=dict(enrolments),
        state_counts=dict(state_counts),
        outcome_counts=dict(
            Counter(row.mentorship.outcome for row in rows if not row.mentorship.is_open)
        ),
        health_counts={key: health_counts.get(key, 0) for key in HEALTH_ORDER},
        at_risk=at_risk,
        months=months,
        meetings_by_month=meetings_by_month,
        check_in_by_month=check_in_by_month,
        health_weeks=weeks,
        health_by_week=health_by_week,
        outcomes=_outcomes(programme),
        awaiting_match=mentees_awaiting_match(programme).count(),
        rows=rows,
        mentors=mentor_rows(programme),
        one_off=conversation_counts(programme),
    )


def _meetings_by_month(programme: Programme, months: list[date]) -> dict[str, list[int]]:
    counts = (
        Meeting.objects.filter(mentorship__programme=programme, starts_at__date__gte=months[0])
        .annotate(month=TruncMonth("starts_at"))
        .values("month", "status")
        .annotate(n=Count("pk"))
    )
    index = {month: i for i, month in enumerate(months)}
    result = {status: [0] * len(months) for status in Meeting.Status.values}
    for row in counts:
        month = row["month"].date() if hasattr(row["month"], "date") else row["month"]
        if month in index:
            result[row["status"]][index[month]] += row["n"]
    return result


def _check_ins_by_month(programme: Programme, months: list[date]) -> dict[str, list[float | None]]:
    averages = (
        CheckIn.objects.filter(mentorship__programme=programme, created_at__date__gte=months[0])
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(**{mark: Avg(mark) for mark in MARKS})
    )
    index = {month: i for i, month in enumerate(months)}
    result: dict[str, list[float | None]] = {mark: [None] * len(months) for mark in MARKS}
    for row in averages:
        month = row["month"].date() if hasattr(row["month"], "date") else row["month"]
        if month in index:
            for mark in MARKS:
                value: float = row[mark]  # type: ignore[literal-required]
                result[mark][index[month]] = round(value, 2)
    return result


def _health_by_week(programme: Programme, today: date) -> tuple[list[date], dict[str, list[int]]]:
    start = today - timedelta(weeks=12)
    snapshots = (
        HealthSnapshot.objects.filter(mentorship__programme=programme, day__gte=start)
        .values("day", "status")
        .annotate(n=Count("pk"))
    )
    weeks = [start + timedelta(weeks=i) for i in range(13)]
    counts = {status: [0] * len(weeks) for status in HEALTH_ORDER}
    # A week shows its latest snapshot day, so daily snapshots are not counted seven times.
    latest: dict[int, date] = {}
    rows = list(snapshots)
    for row in rows:
        week = min((row["day"] - start).days // 7, len(weeks) - 1)
        latest[week] = max(latest.get(week, row["day"]), row["day"])
    for row in rows:
        week = min((row["day"] - start).days // 7, len(weeks) - 1)
        if row["day"] == latest[week] and row["status"] in counts:
            counts[row["status"]][week] += row["n"]
    return weeks, counts


def _outcomes(programme: Programme) -> Outcomes:
    surveys = OutcomeSurvey.objects.filter(mentorship__programme=programme)
    summary = surveys.aggregate(
        n=Count("pk"),
        before=Avg("confidence_before"),
        after=Avg("confidence_after"),
        recommend=Avg("would_recommend"),
    )
    achieved = dict(surveys.values_list("goals_achieved").annotate(n=Count("pk")).order_by())
    return Outcomes(
        surveys=summary["n"],
        goals_achieved=achieved,
        confidence_before=summary["before"],
        confidence_after=summary["after"],
        would_recommend=summary["recommend"],
    )
