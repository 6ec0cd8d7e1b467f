"""Mentorships themselves (metadata) and their lifecycle actions."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from tandem.core.api_fields import OptionalChoiceField, query_choice
from tandem.mentorships import access, selectors, services
from tandem.mentorships.api._common import PersonBriefSerializer
from tandem.mentorships.health import mentorship_health
from tandem.mentorships.models import MARKS, CheckIn, Meeting, Mentorship, OutcomeSurvey
from tandem.mentorships.transitions import TRANSITIONS
from tandem.people.access import signed_in_user
from tandem.people.models import Person
from tandem.programmes.access import programme_for_coordinator
from tandem.programmes.models import Programme


class HealthSerializer(serializers.Serializer[Any]):
    status = serializers.CharField()
    status_label = serializers.CharField(source="label")
    score = serializers.FloatField(allow_null=True)
    reasons = serializers.ListField(child=serializers.CharField(), source="sentences")


class MentorshipSerializer(serializers.ModelSerializer[Mentorship]):
    programme: serializers.SlugRelatedField[Programme] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    mentee = PersonBriefSerializer(read_only=True)
    mentor = PersonBriefSerializer(read_only=True)
    health = serializers.SerializerMethodField()
    meetings_held = serializers.IntegerField(read_only=True, source="held_count")
    last_meeting = serializers.DateTimeField(read_only=True, source="last_held", allow_null=True)
    outcome = OptionalChoiceField(choices=Mentorship.Outcome.choices, read_only=True)
    role_labels = serializers.SerializerMethodField(
        help_text="What the programme calls the people in the `mentee` and `mentor` fields: "
        "both are `peer` in a peer programme, where the two fields are only places (the lower "
        "person id first)."
    )

    class Meta:
        model = Mentorship
        fields = [
            "id",
            "programme",
            "mentee",
            "mentor",
            "role_labels",
            "state",
            "outcome",
            "maturity",
            "origin",
            "created_at",
            "started_at",
            "closed_at",
            "reporting_line_exception",
            "reporting_line_reason",
            "mentee_stays_in_touch",
            "mentor_stays_in_touch",
            "meetings_held",
            "last_meeting",
            "health",
        ]
        read_only_fields = fields

    @extend_schema_field(
        {
            "type": "object",
            "properties": {"mentee": {"type": "string"}, "mentor": {"type": "string"}},
            "required": ["mentee", "mentor"],
        }
    )
    def get_role_labels(self, obj: Mentorship) -> dict[str, str]:
        labels = obj.programme.labels
        return {"mentee": labels.mentee, "mentor": labels.mentor}

    @extend_schema(responses=HealthSerializer)
    def get_health(self, obj: Mentorship) -> dict[str, Any]:
        return HealthSerializer(mentorship_health(obj)).data


class MentorshipCreateSerializer(serializers.Serializer[Any]):
    programme = serializers.SlugField()
    mentee = serializers.IntegerField(help_text="Person id of the mentee.")
    mentor = serializers.IntegerField(help_text="Person id of the mentor.")
    reporting_line_exception = serializers.BooleanField(default=False)
    reporting_line_reason = serializers.CharField(required=False, allow_blank=True, default="")


class MaturitySerializer(serializers.Serializer[Any]):
    maturity = serializers.ChoiceField(choices=Mentorship.Maturity.choices)


class ExitSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Seen by the coordinator only."
    )


class StayInTouchSerializer(serializers.Serializer[Any]):
    stay = serializers.BooleanField()


class ClosureSubmitSerializer(serializers.Serializer[Any]):
    went_well = serializers.CharField()
    learnt = serializers.CharField()
    next_steps = serializers.CharField(required=False, allow_blank=True, default="")
    share_reflection = serializers.BooleanField(default=False)
    goals_achieved = serializers.ChoiceField(choices=OutcomeSurvey.GoalsAchieved.choices)
    confidence_before = serializers.IntegerField(min_value=1, max_value=10)
    confidence_after = serializers.IntegerField(min_value=1, max_value=10)
    would_recommend = serializers.IntegerField(min_value=0, max_value=10)


class CheckInScoresSerializer(serializers.ModelSerializer[CheckIn]):
    """Scores without the comment: what a coordinator may read."""

    role = serializers.SerializerMethodField()

    class Meta:
        model = CheckIn
        fields = ["id", "created_at", "role", *MARKS]

    def get_role(self, obj: CheckIn) -> str:
        return obj.mentorship.role_of(obj.author) or ""


def _member_action(
    name: str, request_serializer: type[serializers.Serializer[Any]] | None = None
) -> Any:
    return extend_schema(request=request_serializer, responses=MentorshipSerializer, summary=name)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("programme", str, description="Programme slug."),
            OpenApiParameter("state", str, enum=Mentorship.State.values),
        ]
    )
)
class MentorshipViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[Mentorship],
):
    """Mentorships the caller is in, or coordinates (metadata only)."""

    serializer_class = MentorshipSerializer

    def get_queryset(self) -> QuerySet[Mentorship]:
        held = (
            Meeting.objects.filter(mentorship=OuterRef("pk"), status=Meeting.Status.HELD)
            .order_by()
            .values("mentorship")
            .annotate(n=Count("pk"), last=Max("starts_at"))
        )
        queryset = selectors.with_health_data(
            access.metadata_mentorships(self.request.user)
        ).annotate(
            # Subqueries rather than a join and GROUP BY: the database works them out for the
            # page's pairs only, after the LIMIT, and the pager's count leaves them out.
            held_count=Coalesce(Subquery(held.values("n")), 0),
            last_held=Subquery(held.values("last")),
        )
        if slug := self.request.query_params.get("programme"):
            queryset = queryset.filter(programme__slug=slug)
        if state := query_choice(self.request.query_params, "state", Mentorship.State.values):
            queryset = queryset.filter(state=state)
        return queryset.order_by("-created_at")

    def _member(self, pk: Any) -> tuple[Mentorship, Person]:
        mentorship = access.mentorship_for_member(self.request.user, int(pk))
        return mentorship, access.member_person(mentorship, self.request.user)

    def _transition(self, name: str, pk: Any) -> Response:
        """A one-button lifecycle step, from the same table the pages draw their buttons from."""
        mentorship, me = self._member(pk)
        TRANSITIONS[name].run(mentorship, me)
        return self._done(mentorship)

    def _done(self, mentorship: Mentorship) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=mentorship.pk)).data)

    @extend_schema(request=MentorshipCreateSerializer, responses={201: MentorshipSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """A coordinator pairs two people by hand."""
        data = MentorshipCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            programme = programme_for_coordinator(request.user, values["programme"])
        except Http404 as exc:
            raise DRFValidationError({"programme": [_("No programme you coordinate.")]}) from exc
        people = Person.objects.in_bulk([values["mentee"], values["mentor"]])
        if values["mentee"] not in people or values["mentor"] not in people:
            raise DRFValidationError({"non_field_errors": [_("Unknown person.")]})
        mentorship = services.mentorship_create(
            programme=programme,
            mentee=people[values["mentee"]],
            mentor=people[values["mentor"]],
            created_by=signed_in_user(request),
            reporting_line_exception=values["reporting_line_exception"],
            reporting_line_reason=values["reporting_line_reason"],
        )
        body = self.get_serializer(self.get_queryset().get(pk=mentorship.pk)).data
        return Response(body, status=status.HTTP_201_CREATED)

    @_member_action(TRANSITIONS["start_agreeing"].summary)
    @action(detail=True, methods=["post"], url_path="start-agreeing")
    def start_agreeing(self, request: Request, pk: Any = None) -> Response:
        return self._transition("start_agreeing", pk)

    @_member_action(TRANSITIONS["activate"].summary)
    @action(detail=True, methods=["post"])
    def activate(self, request: Request, pk: Any = None) -> Response:
        return self._transition("activate", pk)

    @_member_action(TRANSITIONS["pause"].summary)
    @action(detail=True, methods=["post"])
    def pause(self, request: Request, pk: Any = None) -> Response:
        return self._transition("pause", pk)

    @_member_action(TRANSITIONS["resume"].summary)
    @action(detail=True, methods=["post"])
    def resume(self, request: Request, pk: Any = None) -> Response:
        return self._transition("resume", pk)

    @_member_action("Record the maturity phase", MaturitySerializer)
    @action(detail=True, methods=["post"])
    def maturity(self, request: Request, pk: Any = None) -> Response:
        mentorship, me = self._member(pk)
        data = MaturitySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.mentorship_set_maturity(
            mentorship=mentorship, by=me, maturity=data.validated_data["maturity"]
        )
        return self._done(mentorship)

    @_member_action(TRANSITIONS["look_elsewhere"].summary)
    @action(detail=True, methods=["post"], url_path="look-elsewhere")
    def look_elsewhere(self, request: Request, pk: Any = None) -> Response:
        return self._transition("look_elsewhere", pk)

    @_member_action(TRANSITIONS["closure_propose"].summary)
    @action(detail=True, methods=["post"], url_path="propose-closure")
    def propose_closure(self, request: Request, pk: Any = None) -> Response:
        return self._transition("closure_propose", pk)

    @_member_action(TRANSITIONS["closure_withdraw"].summary)
    @action(detail=True, methods=["post"], url_path="withdraw-closure")
    def withdraw_closure(self, request: Request, pk: Any = None) -> Response:
        return self._transition("closure_withdraw", pk)

    @_member_action("Submit my closure reflection and outcomes survey", ClosureSubmitSerializer)
    @action(detail=True, methods=["post"], url_path="closure")
    def closure(self, request: Request, pk: Any = None) -> Response:
        mentorship, me = self._member(pk)
        data = ClosureSubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.closure_submit(mentorship=mentorship, by=me, **data.validated_data)
        return self._done(mentorship)

    @_member_action("End early, without blame", ExitSerializer)
    @action(detail=True, methods=["post"], url_path="exit-early")
    def exit_early(self, request: Request, pk: Any = None) -> Response:
        mentorship, me = self._member(pk)
        data = ExitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.mentorship_exit_early(
            mentorship=mentorship, by=me, reason=data.validated_data["reason"]
        )
        return self._done(mentorship)

    @_member_action("Stay in touch after closing", StayInTouchSerializer)
    @action(detail=True, methods=["post"], url_path="stay-in-touch")
    def stay_in_touch(self, request: Request, pk: Any = None) -> Response:
        mentorship, me = self._member(pk)
        data = StayInTouchSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.mentorship_stay_in_touch(
            mentorship=mentorship, by=me, stay=data.validated_data["stay"]
        )
        return self._done(mentorship)

    @extend_schema(responses=CheckInScoresSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="check-in-scores")
    def check_in_scores(self, request: Request, pk: Any = None) -> Response:
        """Check-in marks without comments, for the pair and the coordinators."""
        mentorship = self.get_object()
        scores = selectors.check_in_scores_for_coordinator(mentorship).select_related(
            "author", "mentorship"
        )
        # The check-ins, not the viewset's mentorships, are what this action pages through.
        paginator = self.paginator
        assert paginator is not None
        page = paginator.paginate_queryset(scores, request, view=self)
        return paginator.get_paginated_response(CheckInScoresSerializer(page, many=True).data)
