from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from tandem.core import audit, charts
from tandem.csvsafe import csv_lines, fixed
from tandem.mentorships.health import STATUS_LABELS
from tandem.mentorships.models import CheckIn
from tandem.mentorships.selectors import coordinator_rows_streamed
from tandem.programmes.access import programme_for_coordinator
from tandem.programmes.models import Programme
from tandem.reports.selectors import HEALTH_ORDER, programme_report

HEALTH_COLOURS = {
    "green": charts.STATUS_COLOURS["green"],
    "amber": charts.STATUS_COLOURS["amber"],
    "red": charts.STATUS_COLOURS["red"],
    "not_measured": charts.STATUS_COLOURS["none"],
}

# The bars of "Mentorships by state" name each state in a word; another state reads as its code.
STATE_NAMES = {
    "proposed": pgettext_lazy("mentorship state", "Proposed"),
    "agreeing": pgettext_lazy("mentorship state", "Agreeing"),
    "active": pgettext_lazy("mentorship state", "Active"),
    "paused": pgettext_lazy("mentorship state", "Paused"),
    "closing": pgettext_lazy("mentorship state", "Closing"),
    "closed": pgettext_lazy("mentorship state", "Closed"),
}


def _state_name(state: str) -> str:
    return str(STATE_NAMES.get(state) or state.replace("_", " ").capitalize())


def _mark_name(mark: str) -> str:
    field = CheckIn._meta.get_field(mark)
    return str(capfirst(getattr(field, "verbose_name", mark)))


@login_required
def programme_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_for_coordinator(request.user, slug)
    report = programme_report(programme, mentors_page=request.GET.get("page"))
    month_labels = [date_format(m, "M") for m in report.months]
    week_labels = [date_format(w, "d M") for w in report.health_weeks]
    figures = {
        "states": charts.horizontal_bars(
            _("Mentorships by state"),
            [
                (_state_name(state), count, charts.PALETTE[0])
                for state, count in sorted(report.state_counts.items())
            ],
        ),
        "health_now": charts.horizontal_bars(
            _("Health of open mentorships"),
            [
                (STATUS_LABELS[key], report.health_counts[key], HEALTH_COLOURS[key])
                for key in HEALTH_ORDER
            ],
        ),
        "health_weeks": charts.stacked_columns(
            _("Health over the last 12 weeks"),
            week_labels,
            [
                charts.Series(STATUS_LABELS[key], report.health_by_week[key], HEALTH_COLOURS[key])
                for key in HEALTH_ORDER
            ],
        ),
        "meetings": charts.stacked_columns(
            _("Meetings per month"),
            month_labels,
            [
                charts.Series(
                    pgettext("meetings", "Held"),
                    report.meetings_by_month.get("held", []),
                    charts.PALETTE[0],
                ),
                charts.Series(
                    pgettext("meetings", "Scheduled"),
                    report.meetings_by_month.get("scheduled", []),
                    charts.PALETTE[3],
                ),
                charts.Series(
                    pgettext("meetings", "Cancelled"),
                    report.meetings_by_month.get("cancelled", []),
                    charts.PALETTE[5],
                ),
                charts.Series(
                    pgettext("meetings", "Missed"),
                    report.meetings_by_month.get("missed", []),
                    charts.PALETTE[2],
                ),
            ],
        ),
        "check_ins": charts.lines(
            _("Check-in scores per month (1 to 5)"),
            month_labels,
            [
                charts.Series(_mark_name(mark), values, charts.PALETTE[i])
                for i, (mark, values) in enumerate(report.check_in_by_month.items())
            ],
            y_max=5,
        ),
    }
    labels = programme.labels
    # A peer programme has one pool of peers; the others, mentors and mentees: each counted
    # under the programme's own words for them.
    plural = {"mentor": labels.mentors, "peer": labels.mentors, "mentee": labels.mentees}
    people = [
        (plural[role], report.enrolment_counts.get((role, "approved"), 0))
        for role in programme.roles()
    ]
    context = {
        "programme": programme,
        "report": report,
        "labels": labels,
        "people": people,
        # Every text in the SVG is escaped where the chart is drawn.
        "charts": {name: mark_safe(svg) for name, svg in figures.items()},
        "month_labels": month_labels,
        "health_labels": STATUS_LABELS,
    }
    return render(request, "reports/programme.html", context)


PAIRS_CSV_HEADER = [
    "mentee",
    "mentor",
    "state",
    "outcome",
    "started",
    "closed",
    "meetings_held",
    "last_meeting",
    "health",
    "health_score",
    "mentee_check_in_average",
    "mentor_check_in_average",
]


@login_required
def programme_pairs_csv(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    """Every pair's metadata as CSV, streamed: it starts at once and memory stays flat."""
    programme = programme_for_coordinator(request.user, slug)
    audit.record("export.pairs_csv", actor=request.user, obj=programme, request=request)
    response = StreamingHttpResponse(
        csv_lines(_pairs_csv_rows(programme)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{programme.slug}-pairs.csv"'
    return response


# A peer programme's pairs have no roles: the two peers, in the order the pair stores them.
PEER_PAIRS_CSV_HEADER = [
    "peer",
    "partner",
    *PAIRS_CSV_HEADER[2:-2],
    "peer_check_in_average",
    "partner_check_in_average",
]


def _pairs_csv_rows(programme: Programme) -> Iterator[list[Any]]:
    yield PEER_PAIRS_CSV_HEADER if programme.is_peer else PAIRS_CSV_HEADER
    for row in coordinator_rows_streamed(programme):
        m = row.mentorship
        averages = []
        for role in ("mentee", "mentor"):
            scores = row.check_in_scores.get(role)
            averages.append(fixed(sum(scores.values()) / len(scores), 2) if scores else "")
        yield [
            m.mentee.name,
            m.mentor.name,
            m.state,
            m.outcome,
            m.started_at.date().isoformat() if m.started_at else "",
            m.closed_at.date().isoformat() if m.closed_at else "",
            row.meetings_held,
            row.last_meeting.date().isoformat() if row.last_meeting else "",
            row.health.status,
            "" if row.health.score is None else fixed(row.health.score, 2),
            *averages,
        ]
