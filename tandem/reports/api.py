"""The organisation view's figures over the API, with the page's access rule and range."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from tandem.reports.access import organisation_programmes
from tandem.reports.forms import OrganisationReportForm
from tandem.reports.organisation import HEALTH_ORDER, Figures, organisation_report


class FiguresSerializer(serializers.Serializer[Figures]):
    mentors = serializers.IntegerField()
    mentees = serializers.IntegerField()
    participants = serializers.IntegerField()
    matched_mentees = serializers.IntegerField()
    match_rate = serializers.FloatField(allow_null=True, help_text="0 to 1; null: no mentee.")
    median_days_to_match = serializers.FloatField(allow_null=True)
    meetings_held = serializers.IntegerField()
    pair_months = serializers.FloatField()
    meetings_per_pair_month = serializers.FloatField(allow_null=True)
    completed = serializers.IntegerField()
    ended_early = serializers.IntegerField(
        help_text="Ended early, including pairs closed after a long silence."
    )
    completion_rate = serializers.FloatField(allow_null=True)
    goals_set = serializers.IntegerField()
    goals_achieved = serializers.IntegerField()
    outcome_surveys = serializers.IntegerField(source="surveys")
    survey_goals_achieved = serializers.DictField(
        child=serializers.IntegerField(), source="surveys_goals"
    )
    confidence_before = serializers.FloatField(allow_null=True)
    confidence_after = serializers.FloatField(allow_null=True)
    would_recommend = serializers.FloatField(allow_null=True)
    surveys_sent = serializers.IntegerField(
        source="survey_deliveries", help_text="The coordinators' surveys sent in the range."
    )
    surveys_answered = serializers.IntegerField(
        source="survey_answers", help_text="Of the surveys sent in the range, those answered."
    )
    survey_response_rate = serializers.FloatField(
        allow_null=True, help_text="0 to 1; null: no survey sent."
    )


class ProgrammeFiguresSerializer(serializers.Serializer[Any]):
    slug = serializers.CharField()
    name = serializers.CharField()
    figures = FiguresSerializer()


class HealthDaySerializer(serializers.Serializer[Any]):
    day = serializers.DateField()
    green = serializers.IntegerField()
    amber = serializers.IntegerField()
    red = serializers.IntegerField()
    not_measured = serializers.IntegerField()


class OrganisationReportSerializer(serializers.Serializer[Any]):
    start = serializers.DateField()
    end = serializers.DateField()
    programmes = ProgrammeFiguresSerializer(many=True)
    total = FiguresSerializer()
    health = HealthDaySerializer(many=True)


class ReportViewSet(viewsets.ViewSet):
    """Reports over the API: each report one object of figures, under /api/reports/."""

    @extend_schema(
        parameters=[
            OpenApiParameter("start", OpenApiTypes.DATE, description="First day; a year ago."),
            OpenApiParameter("end", OpenApiTypes.DATE, description="Last day; today."),
            OpenApiParameter(
                "programme",
                OpenApiTypes.STR,
                many=True,
                description="Programme slugs; none: every programme you coordinate.",
            ),
        ],
        responses=OrganisationReportSerializer,
    )
    @action(detail=False, methods=["get"])
    def organisation(self, request: Request) -> Response:
        """Figures of the programmes you coordinate (every programme for an operator)."""
        form = OrganisationReportForm(
            request.query_params,
            programmes=organisation_programmes(request.user),
            today=timezone.localdate(),
        )
        if not form.is_valid():
            raise serializers.ValidationError(form.errors.get_json_data())
        report = organisation_report(form.programmes(), form.period())
        payload = {
            "start": report.range.start,
            "end": report.range.end,
            "programmes": [
                {"slug": p.slug, "name": p.name, "figures": figures} for p, figures in report.rows()
            ],
            "total": report.total,
            "health": [
                {"day": day, **{status: report.health[status][i] for status in HEALTH_ORDER}}
                for i, day in enumerate(report.health_days)
            ],
        }
        return Response(OrganisationReportSerializer(payload).data)


def register(router: BaseRouter) -> None:
    router.register("reports", ReportViewSet, basename="report")
