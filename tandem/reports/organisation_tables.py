"""The organisation view's figures as tables: one per figure, the same rows on the page and in
its CSV download. A row per programme, then the organisation's total."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from tandem.csvsafe import fixed
from tandem.mentorships.health import STATUS_LABELS
from tandem.mentorships.models import Mentorship
from tandem.reports.organisation import (
    HEALTH_ORDER,
    Figures,
    OrganisationReport,
    goals_distribution,
)

Cell = str | int | Decimal


def _percent(value: float | None) -> Cell:
    return "" if value is None else fixed(100 * value, 1)


def _number(value: float | None, places: int = 1) -> Cell:
    return "" if value is None else fixed(value, places)


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    header: list[str]
    row: Callable[[Figures], list[Cell]] | None = None  # per programme and for the total

    def rows(self, report: OrganisationReport) -> Iterator[list[Cell]]:
        if self.row is None:
            yield from _health_rows(report)
            return
        for programme, figures in report.rows():
            yield [programme.name, *self.row(figures)]
        yield ["All programmes", *self.row(report.total)]


def _health_rows(report: OrganisationReport) -> Iterator[list[Cell]]:
    for i, day in enumerate(report.health_days):
        yield [day.isoformat(), *(report.health[status][i] for status in HEALTH_ORDER)]


TABLES: dict[str, Table] = {
    table.key: table
    for table in (
        Table(
            "participants",
            "Participants",
            ["programme", "mentors", "mentees", "participants"],
            lambda f: [f.mentors, f.mentees, f.participants],
        ),
        Table(
            "matching",
            "Match rate and time to match",
            ["programme", "mentees", "matched", "match rate %", "median days to match"],
            lambda f: [
                f.mentees,
                f.matched_mentees,
                _percent(f.match_rate),
                _number(f.median_days_to_match),
            ],
        ),
        Table(
            "meetings",
            "Meetings per pair per month",
            ["programme", "meetings held", "pair-months", "meetings per pair per month"],
            lambda f: [
                f.meetings_held,
                fixed(f.pair_months, 1),
                _number(f.meetings_per_pair_month, 2),
            ],
        ),
        Table(
            "health",
            "Health over time",
            ["day", *(STATUS_LABELS[status] for status in HEALTH_ORDER)],
        ),
        Table(
            "outcomes",
            "Completion against early exit",
            [
                "programme",
                "completed",
                "ended early",
                "ended: inactive",
                "ended: left the organisation",
                "proposal withdrawn",
                "completion rate %",
            ],
            lambda f: [
                f.completed,
                f.outcomes.get(Mentorship.Outcome.ENDED_EARLY, 0),
                f.outcomes.get(Mentorship.Outcome.INACTIVE, 0),
                f.outcomes.get(Mentorship.Outcome.LEFT, 0),
                f.outcomes.get(Mentorship.Outcome.WITHDRAWN, 0),
                _percent(f.completion_rate),
            ],
        ),
        Table(
            "goals",
            "Goals achieved",
            [
                "programme",
                "goals set",
                "goals achieved",
                *(f"outcome survey: {label.lower()}" for label, _ in goals_distribution(Figures())),
            ],
            lambda f: [f.goals_set, f.goals_achieved, *(n for _, n in goals_distribution(f))],
        ),
        Table(
            "confidence",
            "Confidence before and after, and would-recommend",
            [
                "programme",
                "outcome surveys",
                "confidence before (1-10)",
                "confidence after (1-10)",
                "would recommend (0-10)",
            ],
            lambda f: [
                f.surveys,
                _number(f.confidence_before),
                _number(f.confidence_after),
                _number(f.would_recommend),
            ],
        ),
        Table(
            "survey_responses",
            "Survey response rates",
            ["programme", "surveys sent", "answered", "response rate %"],
            lambda f: [f.survey_deliveries, f.survey_answers, _percent(f.survey_response_rate)],
        ),
    )
}
