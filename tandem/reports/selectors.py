"""Programme reports: aggregates and pair metadata only, never a pair's content."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from math import ceil

from django.core.paginator import Page, Paginator
from django.db.models import Avg, Count, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import ngettext

from tandem.flash.selectors import ConversationCounts, conversation_counts
from tandem.matching.selectors import ResponseFigures, mentor_response_figures
from tandem.mentorships.models import MARKS, CheckIn, Meeting, Mentorship, OutcomeSurvey
from tandem.mentorships.selectors import (
    CoordinatorRow,
    coordinator_rows_of,
    enrolments_awaiting_match,
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


def mentor_enrolments(programme: Programme) -> QuerySet[Enrolment]:
    """The programme's approved mentors' enrolments, by name, each with its person."""
    return (
        Enrolment.objects.filter(
            programme=programme, role=Enrolment.Role.MENTOR, status=Enrolment.Status.APPROVED
        )
        .select_related("person")
        .order_by("person__name", "pk")
    )


def mentor_rows(
    programme: Programme, enrolments: Iterable[Enrolment] | None = None
) -> list[MentorRow]:
    """The programme's approved mentors by name (or those `enrolments`, a page of
    `mentor_enrolments`), in four queries whatever their number."""
    taken = mentor_load(programme)
    responses = mentor_response_figures(programme)
    return [
        MentorRow(
            person=e.person,
            capacity=e.capacity,
            taken=taken.get(e.person_id, 0),
            responses=responses.get(e.person_id, ResponseFigures()),
        )
        for e in (mentor_enrolments(programme) if enrolments is None else enrolments)
    ]


@dataclass
class ProgrammeReport:
    programme: Programme
    enrolment_counts: dict[tuple[str, str], int]
    state_counts: dict[str, int]
    outcome_counts: dict[str, int]
    health_counts: dict[str, int]
    at_risk: list[CoordinatorRow]
    at_risk_count: int
    months: list[date]
    meetings_by_month: dict[str, list[int]]
    check_in_by_month: dict[str, list[float | None]]
    health_weeks: list[date]
    health_by_week: dict[str, list[int]]
    outcomes: Outcomes
    awaiting_match: int
    mentors: list[MentorRow]
    # The page of mentors listed; a programme may have thousands.
    mentors_page: Page[Enrolment]
    one_off: ConversationCounts

    @property
    def at_risk_more(self) -> int:
        """Pairs to look at beyond those listed by name."""
        return max(0, self.at_risk_count - len(self.at_risk))


def _months_back(today: date, count: int) -> list[date]:
    first = today.replace(day=1)
    months = []
    for _ in range(count):
        months.append(first)
        first = (first - timedelta(days=1)).replace(day=1)
    return list(reversed(months))


MENTORS_PER_PAGE = 25
# The open pairs most in need of a look that the report lists by name; the rest are counted.
AT_RISK_SHOWN = 20


def programme_report(
    programme: Programme, *, today: date | None = None, mentors_page: str | int | None = None
) -> ProgrammeReport:
    today = today or timezone.localdate()
    mentors = Paginator(mentor_enrolments(programme), MENTORS_PER_PAGE).get_page(mentors_page)
    pairs = Mentorship.objects.filter(programme=programme).order_by()
    # Counted in SQL, without the model's ordering (which would join every person to sort).
    enrolments = {
        (role, status): n
        for role, status, n in Enrolment.objects.filter(programme=programme)
        .order_by()
        .values_list("role", "status")
        .annotate(n=Count("pk"))
    }
    health_counts, at_risk, at_risk_count = _health_now(programme, today)

    months = _months_back(today, 12)
    meetings_by_month = _meetings_by_month(programme, months)
    check_in_by_month = _check_ins_by_month(programme, months)
    weeks, health_by_week = _health_by_week(programme, today)
    return ProgrammeReport(
        programme=programme,
        enrolment_counts=enrolments,
        state_counts=dict(pairs.values_list("state").annotate(n=Count("pk"))),
        outcome_counts=dict(
            pairs.filter(state=Mentorship.State.CLOSED)
            .values_list("outcome")
            .annotate(n=Count("pk"))
        ),
        health_counts=health_counts,
        at_risk=at_risk,
        at_risk_count=at_risk_count,
        months=months,
        meetings_by_month=meetings_by_month,
        check_in_by_month=check_in_by_month,
        health_weeks=weeks,
        health_by_week=health_by_week,
        outcomes=_outcomes(programme),
        awaiting_match=enrolments_awaiting_match(programme).count(),
        mentors=mentor_rows(programme, mentors.object_list),
        mentors_page=mentors,
        one_off=conversation_counts(programme),
    )


def _health_now(
    programme: Programme, today: date
) -> tuple[dict[str, int], list[CoordinatorRow], int]:
    """The health of the open pairs, the pairs to look at first, and how many there are.

    Each pair's health is read from its snapshot of today or yesterday (the daily job records
    every open pair); only a pair without one, new since the job ran, is worked out here. The
    pairs listed by name are worked out again now, with the reasons the page shows, so a pair
    that has recovered since its snapshot drops out of the list.
    """
    open_ids = set(
        Mentorship.objects.open().filter(programme=programme).values_list("pk", flat=True)
    )
    status: dict[int, tuple[str, float | None]] = {}
    for pk, status_, score in (
        HealthSnapshot.objects.filter(
            mentorship__programme=programme, day__gte=today - timedelta(days=1)
        )
        .order_by("day")
        .values_list("mentorship_id", "status", "score")
    ):
        if pk in open_ids:
            status[pk] = (status_, score)
    missing = sorted(open_ids - status.keys())
    for start in range(0, len(missing), LIVE_BATCH):
        for row in coordinator_rows_of(
            Mentorship.objects.filter(pk__in=missing[start : start + LIVE_BATCH])
        ):
            status[row.mentorship.pk] = (row.health.status, row.health.score)
    counts = Counter(value for value, _score in status.values())
    worst = sorted(
        (pk for pk, (value, _score) in status.items() if value in ("amber", "red")),
        key=lambda pk: (status[pk][0] != "red", status[pk][1] or 0, pk),
    )
    at_risk = [
        row
        for row in coordinator_rows_of(
            Mentorship.objects.filter(pk__in=worst[:AT_RISK_SHOWN]).order_by()
        )
        if row.health.status in ("amber", "red")
    ]
    at_risk.sort(key=lambda row: (row.health.status != "red", row.health.score or 0))
    return {key: counts.get(key, 0) for key in HEALTH_ORDER}, at_risk, len(worst)


# Pairs without a snapshot are worked out this many at a time, so memory stays bounded.
LIVE_BATCH = 500


def _start_of(day: date) -> datetime:
    """The first instant of ``day`` in the current time zone, which the months are counted
    in. Compared on the column itself, each row costs a plain comparison rather than a time
    zone conversion, and an index on the column can serve it: the meetings query at 100,000
    people went 52 -> 46 ms (best of five)."""
    return timezone.make_aware(datetime.combine(day, time.min))


def _meetings_by_month(programme: Programme, months: list[date]) -> dict[str, list[int]]:
    counts = (
        Meeting.objects.filter(programme=programme, starts_at__gte=_start_of(months[0]))
        # Without the model's ordering, which would join every meeting to its pair to sort.
        .order_by()
        .annotate(month=TruncMonth("starts_at"))
        .values("month", "status")
        # COUNT(*), not of the key: the programme's index holds every column the query reads,
        # so the database answers from the index alone.
        .annotate(n=Count("*"))
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
        CheckIn.objects.filter(programme=programme, created_at__gte=_start_of(months[0]))
        .order_by()
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
