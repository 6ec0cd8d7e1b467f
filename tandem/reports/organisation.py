"""The organisation view: the same figures for every programme a person coordinates, over a
chosen date range, side by side and in total.

Every figure is one grouped query over all the programmes, so the number of queries does not
grow with programmes, people or pairs. Figures count metadata only: dates, states, outcomes and
the numbers people gave in their outcome survey, never what anyone wrote.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from math import ceil

from django.db.models import Count, Min, Q, QuerySet, Sum
from django.utils import timezone

from tandem.mentorships.models import Goal, Meeting, Mentorship, OutcomeSurvey
from tandem.programmes.models import Enrolment, Programme
from tandem.reports.models import HealthSnapshot
from tandem.reports.selectors import HEALTH_ORDER
from tandem.surveys.models import Delivery

OUTCOMES = tuple(Mentorship.Outcome.values)
GOALS_ACHIEVED = tuple(OutcomeSurvey.GoalsAchieved.values)
MAX_SAMPLES = 53  # health points drawn over the range: weekly for a year, sparser beyond
DAYS_PER_MONTH = 365.25 / 12


@dataclass(frozen=True)
class DateRange:
    start: date
    end: date  # inclusive

    @property
    def first_moment(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def after_last_moment(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    def health_days(self) -> list[date]:
        """The days whose snapshots draw the health over time: every week, or fewer for long
        ranges, always ending on the range's last day."""
        days = (self.end - self.start).days
        step = max(7, ceil(days / (MAX_SAMPLES - 1)))
        samples = [self.end - timedelta(days=step * i) for i in range(days // step + 1)]
        return sorted(samples)


@dataclass
class Figures:
    """One programme's figures over the range, or the organisation's total."""

    mentors: int = 0
    mentees: int = 0
    matched_mentees: int = 0
    days_to_match: list[float] = field(default_factory=list)
    meetings_held: int = 0
    pair_days: float = 0.0
    outcomes: dict[str, int] = field(default_factory=dict)
    goals_set: int = 0
    goals_achieved: int = 0
    surveys: int = 0
    surveys_goals: dict[str, int] = field(default_factory=dict)
    confidence_before_sum: int = 0
    confidence_after_sum: int = 0
    recommend_sum: int = 0
    survey_deliveries: int = 0
    survey_answers: int = 0

    @property
    def participants(self) -> int:
        return self.mentors + self.mentees

    @property
    def match_rate(self) -> float | None:
        return self.matched_mentees / self.mentees if self.mentees else None

    @property
    def median_days_to_match(self) -> float | None:
        return round(statistics.median(self.days_to_match), 1) if self.days_to_match else None

    @property
    def pair_months(self) -> float:
        return self.pair_days / DAYS_PER_MONTH

    @property
    def meetings_per_pair_month(self) -> float | None:
        months = self.pair_months
        return round(self.meetings_held / months, 2) if months >= 0.5 else None

    @property
    def completed(self) -> int:
        return self.outcomes.get(Mentorship.Outcome.COMPLETED, 0)

    @property
    def ended_early(self) -> int:
        # A pair ended because someone left the organisation (Outcome.LEFT) counts on neither
        # side, like a withdrawn proposal: it says nothing about how the programme went.
        return self.outcomes.get(Mentorship.Outcome.ENDED_EARLY, 0) + self.outcomes.get(
            Mentorship.Outcome.INACTIVE, 0
        )

    @property
    def completion_rate(self) -> float | None:
        ended = self.completed + self.ended_early
        return self.completed / ended if ended else None

    def _mean(self, total: int) -> float | None:
        return round(total / self.surveys, 1) if self.surveys else None

    @property
    def confidence_before(self) -> float | None:
        return self._mean(self.confidence_before_sum)

    @property
    def confidence_after(self) -> float | None:
        return self._mean(self.confidence_after_sum)

    @property
    def would_recommend(self) -> float | None:
        return self._mean(self.recommend_sum)

    @property
    def survey_response_rate(self) -> float | None:
        return self.survey_answers / self.survey_deliveries if self.survey_deliveries else None

    def add(self, other: Figures) -> None:
        for name in (
            "mentors",
            "mentees",
            "matched_mentees",
            "meetings_held",
            "pair_days",
            "goals_set",
            "goals_achieved",
            "surveys",
            "confidence_before_sum",
            "confidence_after_sum",
            "recommend_sum",
            "survey_deliveries",
            "survey_answers",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.days_to_match.extend(other.days_to_match)
        for target, source in (
            (self.outcomes, other.outcomes),
            (self.surveys_goals, other.surveys_goals),
        ):
            for key, n in source.items():
                target[key] = target.get(key, 0) + n


@dataclass
class OrganisationReport:
    range: DateRange
    programmes: list[Programme]
    by_programme: dict[int, Figures]
    total: Figures
    health_days: list[date]
    health: dict[str, list[int]]  # status → count of pairs on each health day

    def rows(self) -> Iterable[tuple[Programme, Figures]]:
        return ((p, self.by_programme[p.pk]) for p in self.programmes)


def organisation_report(programmes: QuerySet[Programme], period: DateRange) -> OrganisationReport:
    chosen = list(programmes.order_by("name", "pk"))
    ids = [p.pk for p in chosen]
    figures = {pk: Figures() for pk in ids}
    _participants(ids, period, figures)
    _matching(ids, period, figures)
    _meetings(ids, period, figures)
    _pair_time(ids, period, figures)
    _outcomes(ids, period, figures)
    _goals(ids, period, figures)
    _surveys(ids, period, figures)
    _survey_responses(ids, period, figures)
    total = Figures()
    for one in figures.values():
        total.add(one)
    days, health = _health(ids, period)
    return OrganisationReport(period, chosen, figures, total, days, health)


def _participants(ids: list[int], period: DateRange, figures: dict[int, Figures]) -> None:
    approved = Enrolment.objects.filter(
        programme_id__in=ids,
        status=Enrolment.Status.APPROVED,
        created_at__lt=period.after_last_moment,
    )
    for programme_id, role, n in (
        approved.values_list("programme_id", "role").annotate(n=Count("pk")).order_by()
    ):
        if role == Enrolment.Role.MENTOR:
            figures[programme_id].mentors = n
        elif role == Enrolment.Role.MENTEE:
            figures[programme_id].mentees = n


def _matching(ids: list[int], period: DateRange, figures: dict[int, Figures]) -> None:
    """A mentee is matched once their first pair in the programme exists; the time to match
    runs from their application's approval to that pair, for first pairs made in the range."""
    first_pairs = {
        (programme_id, mentee_id): first
        for programme_id, mentee_id, first in Mentorship.objects.filter(
            programme_id__in=ids, created_at__lt=period.after_last_moment
        )
        .values_list("programme_id", "mentee_id")
        .annotate(first=Min("created_at"))
        .order_by()
    }
    mentees = Enrolment.objects.filter(
        programme_id__in=ids,
        role=Enrolment.Role.MENTEE,
        status=Enrolment.Status.APPROVED,
        created_at__lt=period.after_last_moment,
    ).values_list("programme_id", "person_id", "decided_at", "created_at")
    for programme_id, person_id, decided_at, created_at in mentees:
        first = first_pairs.get((programme_id, person_id))
        if first is None:
            continue
        figures[programme_id].matched_mentees += 1
        if period.first_moment <= first < period.after_last_moment:
            waited = (first - (decided_at or created_at)).total_seconds() / 86400
            figures[programme_id].days_to_match.append(max(0.0, waited))


def _meetings(ids: list[int], period: DateRange, figures: dict[int, Figures]) -> None:
    held = Meeting.objects.filter(
        programme_id__in=ids,
        status=Meeting.Status.HELD,
        starts_at__gte=period.first_moment,
        starts_at__lt=period.after_last_moment,
    )
    for programme_id, n in held.values_list("programme_id").annotate(n=Count("pk")).order_by():
        figures[programme_id].meetings_held = n


def _pair_time(ids: list[int], period: DateRange, figures: dict[int, Figures]) -> None:
    """Days each pair ran within the range, from its start to its close (or the range's end)."""
    running = Mentorship.objects.filter(
        programme_id__in=ids, started_at__lt=period.after_last_moment
    ).exclude(closed_at__lt=period.first_moment)
    for programme_id, started_at, closed_at in running.values_list(
        "programme_id", "started_at", "closed_at"
    ).iterator(chunk_size=5000):
        assert started_at is not None  # the filter keeps started pairs only
        begin = max(started_at, period.first_moment)
        finish = min(closed_at or period.after_last_moment, period.after_last_moment)
        if finish > begin:
            figures[programme_id].pair_days += (finish - begin).total_seconds() / 86400


def _outcomes(ids: list[int], period: DateRange, figures: dict[int, Figures]) -> None:
    closed = Mentorship.objects.filter(
        programme_id__in=ids,
        state=Mentorship.State.CLOSED,
        closed_at__gte=period.first_moment,
        closed_at__lt=period.after_last_moment,
    )
    for programme_id, outcome, n in (
        closed.values_list("programme_id", "outcome").annotate(n=Count("pk")).order_by()
    ):
        if outcome:
            figures[programme_id].outcomes[outcome] = n


def _goals(ids: list[int], period: DateRange, figures: dict[int, Figures]) -> None:
    start, stop = period.first_moment, period.after_last_moment
    counts = (
        Goal.objects.filter(mentorship__programme_id__in=ids)
        .values_list("mentorship__programme_id")
        .annotate(
            set=Count(
                "pk",
                filter=Q(created_at__gte=start, created_at__lt=stop),
            ),
            achieved=Count(
                "pk",
                filter=Q(achieved_at__gte=start, achieved_at__lt=stop),
            ),
        )
        .order_by()
    )
    for programme_id, goals_set, achieved in counts:
        figures[programme_id].goals_set = goals_set
        figures[programme_id].goals_achieved = achieved


def _surveys(ids: list[int], period: DateRange, figures: dict[int, Figures]) -> None:
    answered = OutcomeSurvey.objects.filter(
        mentorship__programme_id__in=ids,
        created_at__gte=period.first_moment,
        created_at__lt=period.after_last_moment,
    )
    for programme_id, goals, n, before, after, recommend in (
        answered.values_list("mentorship__programme_id", "goals_achieved")
        .annotate(
            n=Count("pk"),
            before=Sum("confidence_before"),
            after=Sum("confidence_after"),
            recommend=Sum("would_recommend"),
        )
        .order_by()
    ):
        one = figures[programme_id]
        one.surveys += n
        one.surveys_goals[goals] = n
        one.confidence_before_sum += before
        one.confidence_after_sum += after
        one.recommend_sum += recommend


def _survey_responses(ids: list[int], period: DateRange, figures: dict[int, Figures]) -> None:
    """The coordinators' surveys sent in the range, and how many of those were answered, even
    after the range's end: an answer belongs to the send it replies to."""
    sent = Delivery.objects.filter(
        survey__programme_id__in=ids,
        sent_at__gte=period.first_moment,
        sent_at__lt=period.after_last_moment,
    )
    for programme_id, n, answered in (
        sent.values_list("survey__programme_id")
        .annotate(n=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False)))
        .order_by()
    ):
        figures[programme_id].survey_deliveries = n
        figures[programme_id].survey_answers = answered


def _health(ids: list[int], period: DateRange) -> tuple[list[date], dict[str, list[int]]]:
    days = period.health_days()
    index = {day: i for i, day in enumerate(days)}
    counts = {status: [0] * len(days) for status in HEALTH_ORDER}
    rows = (
        HealthSnapshot.objects.filter(mentorship__programme_id__in=ids, day__in=days)
        .values_list("day", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for day, status, n in rows:
        if status in counts:
            counts[status][index[day]] += n
    return days, counts


def default_range(today: date) -> DateRange:
    """The last twelve months up to today (a leap day has no twin a year before)."""
    return DateRange(today - timedelta(days=364), today)


def goals_distribution(figures: Figures) -> list[tuple[str, int]]:
    labels = dict(OutcomeSurvey.GoalsAchieved.choices)
    return [(str(labels[key]), figures.surveys_goals.get(key, 0)) for key in GOALS_ACHIEVED]
