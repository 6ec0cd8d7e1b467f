"""The organisation view's figures as tables: one per figure, the same rows on the page and in
its CSV download. A row per programme, then the organisation's total."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
    title: str | Promise
    # The column headings, written when asked for: in the reader's language.
    columns: Callable[[], list[str]]
    row: Callable[[Figures], list[Cell]] | None = None  # per programme and for the total

    @property
    def header(self) -> list[str]:
        return self.columns()

    def rows(self, report: OrganisationReport) -> Iterator[list[Cell]]:
        if self.row is None:
            yield from _health_rows(report)
            return
        for programme, figures in report.rows():
            yield [programme.name, *self.row(figures)]
        yield [_("All programmes"), *self.row(report.total)]


def _health_rows(report: OrganisationReport) -> Iterator[list[Cell]]:
    for i, day in enumerate(report.health_days):
        yield [day.isoformat(), *(report.health[status][i] for status in HEALTH_ORDER)]


def _health_columns() -> list[str]:
    return [_("day"), *(str(STATUS_LABELS[status]) for status in HEALTH_ORDER)]


def _goals_columns() -> list[str]:
    answers = [
        _("outcome survey: %(answer)s") % {"answer": label.lower()}
        for label, _count in goals_distribution(Figures())
    ]
    return [_("programme"), _("goals set"), _("goals achieved"), *answers]


TABLES: dict[str, Table] = {
    table.key: table
    for table in (
        Table(
            "participants",
            gettext_lazy("Participants"),
            lambda: [_("programme"), _("mentors"), _("mentees"), _("participants")],
            lambda f: [f.mentors, f.mentees, f.participants],
        ),
        Table(
            "matching",
            gettext_lazy("Match rate and time to match"),
            lambda: [
                _("programme"),
                _("mentees"),
                _("matched"),
                _("match rate %"),
                _("median days to match"),
            ],
            lambda f: [
                f.mentees,
                f.matched_mentees,
                _percent(f.match_rate),
                _number(f.median_days_to_match),
            ],
        ),
        Table(
            "meetings",
            gettext_lazy("Meetings per pair per month"),
            lambda: [
                _("programme"),
                _("meetings held"),
                _("pair-months"),
                _("meetings per pair per month"),
            ],
            lambda f: [
                f.meetings_held,
                fixed(f.pair_months, 1),
                _number(f.meetings_per_pair_month, 2),
            ],
        ),
        Table("health", gettext_lazy("Health over time"), _health_columns),
        Table(
            "outcomes",
            gettext_lazy("Completion against early exit"),
            lambda: [
                _("programme"),
                _("completed"),
                _("ended early"),
                _("ended: inactive"),
                _("ended: left the organisation"),
                _("proposal withdrawn"),
                _("completion rate %"),
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
            gettext_lazy("Goals achieved"),
            _goals_columns,
            lambda f: [f.goals_set, f.goals_achieved, *(n for _label, n in goals_distribution(f))],
        ),
        Table(
            "confidence",
            gettext_lazy("Confidence before and after, and would-recommend"),
            lambda: [
                _("programme"),
                _("outcome surveys"),
                _("confidence before (1-10)"),
                _("confidence after (1-10)"),
                _("would recommend (0-10)"),
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
            gettext_lazy("Survey response rates"),
            lambda: [_("programme"), _("surveys sent"), _("answered"), _("response rate %")],
            lambda f: [f.survey_deliveries, f.survey_answers, _percent(f.survey_response_rate)],
        ),
    )
}
