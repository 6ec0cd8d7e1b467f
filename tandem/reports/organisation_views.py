"""The organisation view: every programme the person coordinates, over a chosen range."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from tandem.core import audit, charts
from tandem.csvsafe import csv_lines
from tandem.mentorships.health import STATUS_LABELS
from tandem.reports.access import organisation_programmes
from tandem.reports.forms import OrganisationReportForm
from tandem.reports.organisation import (
    HEALTH_ORDER,
    OrganisationReport,
    goals_distribution,
    organisation_report,
)
from tandem.reports.organisation_tables import TABLES
from tandem.reports.views import HEALTH_COLOURS


def _form(request: HttpRequest) -> OrganisationReportForm:
    return OrganisationReportForm(
        request.GET,
        programmes=organisation_programmes(request.user),
        today=timezone.localdate(),
    )


@login_required
def organisation(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    if not form.is_valid():
        return render(request, "reports/organisation.html", {"form": form}, status=400)
    report = organisation_report(form.programmes(), form.period())
    return render(
        request,
        "reports/organisation.html",
        {
            "form": form,
            "report": report,
            # The charts are built from numbers and escaped labels (core/charts.py).
            "charts": {name: mark_safe(svg) for name, svg in _charts(report).items()},
            "tables": [(table, list(table.rows(report))) for table in TABLES.values()],
            # The range shown, filled in or chosen, so that each download holds what the page does.
            "query": urlencode(form.data, doseq=True),
        },
    )


@login_required
def organisation_csv(request: HttpRequest, figure: str) -> StreamingHttpResponse:
    table = TABLES.get(figure)
    form = _form(request)
    if table is None or not form.is_valid():
        raise Http404("No such figure.")
    period = form.period()
    report = organisation_report(form.programmes(), period)
    audit.record("export.organisation_csv", actor=request.user, request=request, figure=figure)
    response = StreamingHttpResponse(
        csv_lines([table.header, *table.rows(report)]), content_type="text/csv; charset=utf-8"
    )
    name = f"tandem-{figure}-{period.start.isoformat()}-{period.end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _charts(report: OrganisationReport) -> dict[str, str]:
    rows = list(report.rows())

    def bars(title: str, values: list[tuple[str, float | None]], unit: str = "") -> str:
        shown = [(name, value, charts.PALETTE[0]) for name, value in values if value is not None]
        return charts.horizontal_bars(title, shown, unit=unit)

    return {
        "matching": bars(
            _("Match rate by programme"),
            [
                (p.name, None if f.match_rate is None else round(100 * f.match_rate, 1))
                for p, f in rows
            ],
            unit="%",
        ),
        "meetings": bars(
            _("Meetings per pair per month"),
            [(p.name, f.meetings_per_pair_month) for p, f in rows],
        ),
        "health": (
            charts.stacked_columns(
                _("Health of the pairs over time"),
                [date_format(day, "d M") for day in report.health_days],
                [
                    charts.Series(STATUS_LABELS[key], report.health[key], HEALTH_COLOURS[key])
                    for key in HEALTH_ORDER
                ],
            )
        ),
        "outcomes": bars(
            _("Completed, of the pairs that ended"),
            [
                (p.name, None if f.completion_rate is None else round(100 * f.completion_rate, 1))
                for p, f in rows
            ],
            unit="%",
        ),
        "goals": (
            charts.horizontal_bars(
                _("Goals achieved, as the outcome surveys say"),
                [
                    (label, n, charts.PALETTE[i % len(charts.PALETTE)])
                    for i, (label, n) in enumerate(goals_distribution(report.total))
                ],
            )
        ),
        "confidence": (
            charts.horizontal_bars(
                _("Confidence before and after (1 to 10)"),
                [
                    item
                    for p, f in rows
                    if f.surveys
                    for item in (
                        (
                            _("%(programme)s: before") % {"programme": p.name},
                            f.confidence_before or 0,
                            charts.PALETTE[3],
                        ),
                        (
                            _("%(programme)s: after") % {"programme": p.name},
                            f.confidence_after or 0,
                            charts.PALETTE[0],
                        ),
                    )
                ],
            )
        ),
        "recommend": bars(
            _("Would recommend (0 to 10)"),
            [(p.name, f.would_recommend) for p, f in rows],
        ),
        "survey_responses": bars(
            _("Survey response rate by programme"),
            [
                (
                    p.name,
                    None
                    if f.survey_response_rate is None
                    else round(100 * f.survey_response_rate, 1),
                )
                for p, f in rows
            ],
            unit="%",
        ),
    }
