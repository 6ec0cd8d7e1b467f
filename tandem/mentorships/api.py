"""Mentorships and everything in them over the API, under the same rules as the pages.

Pair content is listed only for the two members (private kinds only for their author);
mentorship metadata also for the programme's coordinators. Anything else answers 404.
Writes go through the same services as the pages; a refused rule answers 400 with its reason.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import Count, Max, Model, Q, QuerySet
from django.http import Http404
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
from rest_framework.routers import BaseRouter

from tandem.api.fields import OptionalChoiceField, query_choice
from tandem.mentorships import access, selectors, services
from tandem.mentorships.health import mentorship_health
from tandem.mentorships.models import (
    MARKS,
    ActionItem,
    AgendaItem,
    CharterVersion,
    CheckIn,
    ClosureReflection,
    Concern,
    DevelopmentOpportunity,
    Feedback,
    Goal,
    GoalComment,
    JournalEntry,
    LearningNeed,
    Meeting,
    MeetingNote,
    Mentorship,
    Milestone,
    OutcomeSurvey,
    Prompt,
    TeachBack,
)
from tandem.people.models import Person
from tandem.programmes.models import Programme

MENTORSHIP_PARAM = OpenApiParameter(
    "mentorship", int, description="Only items of this mentorship.", required=False
)


def inline_choice(choices: Any, **kwargs: Any) -> serializers.ChoiceField:
    """A choice field documented inline, so that an action's request does not compete with
    the resource for the enum's component name in the schema."""

    @extend_schema_field({"type": "string", "enum": [str(value) for value, _ in choices]})
    class InlineChoiceField(serializers.ChoiceField):
        pass

    return InlineChoiceField(choices=choices, **kwargs)


def _service_error(error: services.MentorshipError) -> DRFValidationError:
    return DRFValidationError({error.field or "non_field_errors": [error.message]})


class ServiceErrorsMixin:
    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, services.MentorshipError):
            exc = _service_error(exc)
        return super().handle_exception(exc)  # type: ignore[misc]


# Mentorships (metadata)


class PersonBriefSerializer(serializers.Serializer[Person]):
    id = serializers.IntegerField()
    name = serializers.CharField()


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

    class Meta:
        model = Mentorship
        fields = [
            "id",
            "programme",
            "mentee",
            "mentor",
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
    ServiceErrorsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[Mentorship],
):
    """Mentorships the caller is in, or coordinates (metadata only)."""

    serializer_class = MentorshipSerializer

    def get_queryset(self) -> QuerySet[Mentorship]:
        queryset = selectors.with_health_data(
            access.metadata_mentorships(self.request.user)
        ).annotate(
            held_count=Count(
                "meetings", filter=Q(meetings__status=Meeting.Status.HELD), distinct=True
            ),
            last_held=Max("meetings__starts_at", filter=Q(meetings__status=Meeting.Status.HELD)),
        )
        if slug := self.request.query_params.get("programme"):
            queryset = queryset.filter(programme__slug=slug)
        if state := query_choice(self.request.query_params, "state", Mentorship.State.values):
            queryset = queryset.filter(state=state)
        return queryset.order_by("-created_at")

    def _member(self, pk: Any) -> tuple[Mentorship, Person]:
        mentorship = access.mentorship_for_member(self.request.user, int(pk))
        return mentorship, access.member_person(mentorship, self.request.user)

    def _done(self, mentorship: Mentorship) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=mentorship.pk)).data)

    @extend_schema(request=MentorshipCreateSerializer, responses={201: MentorshipSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """A coordinator pairs two people by hand."""
        data = MentorshipCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            programme = access.programme_for_coordinator(request.user, values["programme"])
        except Http404 as exc:
            raise DRFValidationError({"programme": ["No programme you coordinate."]}) from exc
        people = Person.objects.in_bulk([values["mentee"], values["mentor"]])
        if values["mentee"] not in people or values["mentor"] not in people:
            raise DRFValidationError({"non_field_errors": ["Unknown person."]})
        mentorship = services.mentorship_create(
            programme=programme,
            mentee=people[values["mentee"]],
            mentor=people[values["mentor"]],
            created_by=request.user,  # type: ignore[arg-type]
            reporting_line_exception=values["reporting_line_exception"],
            reporting_line_reason=values["reporting_line_reason"],
        )
        body = self.get_serializer(self.get_queryset().get(pk=mentorship.pk)).data
        return Response(body, status=status.HTTP_201_CREATED)

    @_member_action("Start writing the charter")
    @action(detail=True, methods=["post"], url_path="start-agreeing")
    def start_agreeing(self, request: Request, pk: Any = None) -> Response:
        mentorship, me = self._member(pk)
        services.mentorship_start_agreeing(mentorship=mentorship, by=me)
        return self._done(mentorship)

    @_member_action("Start the mentorship (both signed the charter)")
    @action(detail=True, methods=["post"])
    def activate(self, request: Request, pk: Any = None) -> Response:
        mentorship, me = self._member(pk)
        services.mentorship_activate(mentorship=mentorship, by=me)
        return self._done(mentorship)

    @_member_action("Pause")
    @action(detail=True, methods=["post"])
    def pause(self, request: Request, pk: Any = None) -> Response:
        mentorship, me = self._member(pk)
        services.mentorship_pause(mentorship=mentorship, by=me)
        return self._done(mentorship)

    @_member_action("Resume")
    @action(detail=True, methods=["post"])
    def resume(self, request: Request, pk: Any = None) -> Response:
        mentorship, me = self._member(pk)
        services.mentorship_resume(mentorship=mentorship, by=me)
        return self._done(mentorship)

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

    @_member_action("Mentee looks for another mentor")
    @action(detail=True, methods=["post"], url_path="look-elsewhere")
    def look_elsewhere(self, request: Request, pk: Any = None) -> Response:
        mentorship, me = self._member(pk)
        services.mentorship_look_elsewhere(mentorship=mentorship, by=me)
        return self._done(mentorship)

    @_member_action("Propose closing")
    @action(detail=True, methods=["post"], url_path="propose-closure")
    def propose_closure(self, request: Request, pk: Any = None) -> Response:
        mentorship, me = self._member(pk)
        services.closure_propose(mentorship=mentorship, by=me)
        return self._done(mentorship)

    @_member_action("Carry on instead of closing")
    @action(detail=True, methods=["post"], url_path="withdraw-closure")
    def withdraw_closure(self, request: Request, pk: Any = None) -> Response:
        mentorship, me = self._member(pk)
        services.closure_withdraw(mentorship=mentorship, by=me)
        return self._done(mentorship)

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
        page = self.paginate_queryset(scores)
        return self.get_paginated_response(CheckInScoresSerializer(page, many=True).data)


# Pair content


class PairContentViewSet(
    ServiceErrorsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Any],
):
    """Items of the caller's own mentorships; `scope` narrows private kinds to their author."""

    model: ClassVar[Any]
    mentorship_path: ClassVar[str] = "mentorship"
    related: ClassVar[tuple[str, ...]] = ()

    def scope(self, queryset: QuerySet[Any], person: Person) -> QuerySet[Any]:
        return queryset

    def get_queryset(self) -> QuerySet[Any]:
        person = access.person_of(self.request.user)
        if person is None:
            return self.model.objects.none()
        mine = access.member_mentorships(self.request.user).values("pk")
        queryset = self.model.objects.filter(**{f"{self.mentorship_path}__in": mine})
        queryset = self.scope(queryset, person).select_related(*self.related)
        mentorship = self.request.query_params.get("mentorship", "")
        if mentorship.isdigit():
            queryset = queryset.filter(**{self.mentorship_path: int(mentorship)})
        return queryset

    def member(self, mentorship_id: int) -> tuple[Mentorship, Person]:
        mentorship = access.mentorship_for_member(self.request.user, mentorship_id)
        return mentorship, access.member_person(mentorship, self.request.user)

    def me(self) -> Person:
        person = access.person_of(self.request.user)
        if person is None:
            raise Http404
        return person

    def respond(self, instance: Model, code: int = status.HTTP_201_CREATED) -> Response:
        return Response(self.get_serializer(instance).data, status=code)

    def create_from(self, request: Request, build: Any) -> Response:
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        mentorship, me = self.member(values.pop("mentorship_id"))
        return self.respond(build(mentorship, me, values))


def _list_schema(viewset: type[PairContentViewSet]) -> type[PairContentViewSet]:
    return extend_schema_view(list=extend_schema(parameters=[MENTORSHIP_PARAM]))(viewset)


class MentorshipIdField(serializers.IntegerField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="mentorship_id", **kwargs)


class CharterSerializer(serializers.ModelSerializer[CharterVersion]):
    mentorship = MentorshipIdField()

    class Meta:
        model = CharterVersion
        fields = [
            "id",
            "mentorship",
            "number",
            *CharterVersion.EDITABLE_FIELDS,
            "created_at",
            "mentee_signed_at",
            "mentor_signed_at",
        ]
        read_only_fields = ["id", "number", "created_at", "mentee_signed_at", "mentor_signed_at"]
        # Every version states them: the model's defaults are not a choice the pair made.
        extra_kwargs = {"cadence": {"required": True}, "meeting_format": {"required": True}}


@_list_schema
class CharterViewSet(PairContentViewSet, mixins.CreateModelMixin):
    """Charter versions. Creating one edits the charter: in place while nobody has signed,
    otherwise as a new version that both sign again."""

    model = CharterVersion
    serializer_class = CharterSerializer

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.create_from(
            request, lambda m, me, v: services.charter_edit(mentorship=m, by=me, **v)
        )

    @extend_schema(request=None, responses=CharterSerializer)
    @action(detail=True, methods=["post"])
    def sign(self, request: Request, pk: Any = None) -> Response:
        version = self.get_object()
        mentorship, me = self.member(version.mentorship_id)
        services.charter_sign(mentorship=mentorship, by=me, version=version)
        version.refresh_from_db()
        return self.respond(version, status.HTTP_200_OK)


class GoalSerializer(serializers.ModelSerializer[Goal]):
    mentorship = MentorshipIdField()

    class Meta:
        model = Goal
        fields = [
            "id",
            "mentorship",
            "title",
            "description",
            "success_criterion",
            "target_on",
            "is_stretch",
            "status",
            "progress",
            "achieved_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "status", "progress", "achieved_at", "created_at", "updated_at"]


class GoalProgressSerializer(serializers.Serializer[Any]):
    progress = serializers.IntegerField(min_value=0, max_value=100)
    status = inline_choice(Goal.Status.choices)


@_list_schema
class GoalViewSet(PairContentViewSet, mixins.CreateModelMixin, mixins.UpdateModelMixin):
    model = Goal
    serializer_class = GoalSerializer

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.create_from(
            request, lambda m, me, v: services.goal_create(mentorship=m, by=me, **v)
        )

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        goal = self.get_object()
        data = self.get_serializer(goal, data=request.data, partial=kwargs.get("partial", False))
        data.is_valid(raise_exception=True)
        values = {
            name: data.validated_data.get(name, getattr(goal, name))
            for name in ("title", "success_criterion", "description", "target_on", "is_stretch")
        }
        services.goal_update(goal=goal, by=self.me(), **values)
        return self.respond(goal, status.HTTP_200_OK)

    @extend_schema(request=GoalProgressSerializer, responses=GoalSerializer)
    @action(detail=True, methods=["post"])
    def progress(self, request: Request, pk: Any = None) -> Response:
        """The mentee updates progress and status."""
        goal = self.get_object()
        data = GoalProgressSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.goal_progress_update(goal=goal, by=self.me(), **data.validated_data)
        return self.respond(goal, status.HTTP_200_OK)


def _owned_goal(viewset: PairContentViewSet, goal_id: int) -> Goal:
    goal = Goal.objects.filter(
        pk=goal_id, mentorship__in=access.member_mentorships(viewset.request.user).values("pk")
    ).first()
    if goal is None:
        raise Http404
    return goal


class _GoalChildSerializer(serializers.ModelSerializer[Any]):
    goal = serializers.IntegerField(source="goal_id")


class GoalCommentIn(_GoalChildSerializer):
    author = serializers.IntegerField(source="author_id", read_only=True)

    class Meta:
        model = GoalComment
        fields = ["id", "goal", "author", "text", "created_at"]
        read_only_fields = ["id", "author", "created_at"]


@extend_schema_view(list=extend_schema(parameters=[MENTORSHIP_PARAM]))
class GoalCommentViewSet(PairContentViewSet, mixins.CreateModelMixin):
    model = GoalComment
    mentorship_path = "goal__mentorship"
    serializer_class = GoalCommentIn

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        goal = _owned_goal(self, data.validated_data["goal_id"])
        comment = services.goal_comment_add(
            goal=goal, by=self.me(), text=data.validated_data["text"]
        )
        return self.respond(comment)


class MilestoneSerializer(_GoalChildSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "goal", "title", "due_on", "reached_at"]
        read_only_fields = ["id", "reached_at"]


class ReachedSerializer(serializers.Serializer[Any]):
    reached = serializers.BooleanField()


@_list_schema
class MilestoneViewSet(PairContentViewSet, mixins.CreateModelMixin):
    model = Milestone
    mentorship_path = "goal__mentorship"
    serializer_class = MilestoneSerializer

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        goal = _owned_goal(self, values.pop("goal_id"))
        return self.respond(services.milestone_add(goal=goal, by=self.me(), **values))

    @extend_schema(request=ReachedSerializer, responses=MilestoneSerializer)
    @action(detail=True, methods=["post"])
    def reached(self, request: Request, pk: Any = None) -> Response:
        milestone = self.get_object()
        data = ReachedSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.milestone_set_reached(
            milestone=milestone, by=self.me(), reached=data.validated_data["reached"]
        )
        return self.respond(milestone, status.HTTP_200_OK)


class LearningNeedSerializer(serializers.ModelSerializer[LearningNeed]):
    mentorship = MentorshipIdField()

    class Meta:
        model = LearningNeed
        fields = ["id", "mentorship", "goal", "description", "created_at"]
        read_only_fields = ["id", "goal", "created_at"]


@_list_schema
class LearningNeedViewSet(PairContentViewSet, mixins.CreateModelMixin):
    model = LearningNeed
    serializer_class = LearningNeedSerializer

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.create_from(
            request, lambda m, me, v: services.learning_need_add(mentorship=m, by=me, **v)
        )


class OpportunitySerializer(serializers.ModelSerializer[DevelopmentOpportunity]):
    mentorship = MentorshipIdField()

    class Meta:
        model = DevelopmentOpportunity
        fields = ["id", "mentorship", "need", "kind", "title", "details", "status", "completed_at"]
        read_only_fields = ["id", "need", "status", "completed_at"]


class OpportunityStatusSerializer(serializers.Serializer[Any]):
    status = inline_choice(DevelopmentOpportunity.Status.choices)


@_list_schema
class OpportunityViewSet(PairContentViewSet, mixins.CreateModelMixin):
    model = DevelopmentOpportunity
    serializer_class = OpportunitySerializer

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.create_from(
            request, lambda m, me, v: services.opportunity_add(mentorship=m, by=me, **v)
        )

    @extend_schema(request=OpportunityStatusSerializer, responses=OpportunitySerializer)
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request: Request, pk: Any = None) -> Response:
        opportunity = self.get_object()
        data = OpportunityStatusSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.opportunity_set_status(
            opportunity=opportunity, by=self.me(), status=data.validated_data["status"]
        )
        return self.respond(opportunity, status.HTTP_200_OK)


class TeachBackSerializer(serializers.ModelSerializer[TeachBack]):
    mentorship = MentorshipIdField()

    class Meta:
        model = TeachBack
        fields = ["id", "mentorship", "opportunity", "description", "audience", "taught_on"]
        read_only_fields = ["id", "opportunity"]


@_list_schema
class TeachBackViewSet(PairContentViewSet, mixins.CreateModelMixin):
    model = TeachBack
    serializer_class = TeachBackSerializer

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.create_from(
            request, lambda m, me, v: services.teach_back_add(mentorship=m, by=me, **v)
        )


class MeetingSerializer(serializers.ModelSerializer[Meeting]):
    mentorship = MentorshipIdField()
    repeat = serializers.IntegerField(
        write_only=True,
        default=1,
        min_value=1,
        max_value=26,
        help_text="More than 1 schedules a series at the charter's cadence.",
    )

    class Meta:
        model = Meeting
        fields = [
            "id",
            "mentorship",
            "starts_at",
            "duration_minutes",
            "meeting_format",
            "location",
            "status",
            "series",
            "repeat",
        ]
        read_only_fields = ["id", "status", "series"]


class MeetingStatusSerializer(serializers.Serializer[Any]):
    status = inline_choice(Meeting.Status.choices)


class AttendanceInSerializer(serializers.Serializer[Any]):
    person = serializers.IntegerField(help_text="The mentee's or the mentor's person id.")
    status = serializers.ChoiceField(
        choices=[("on_time", "On time"), ("late", "Late"), ("absent", "Absent")]
    )


@_list_schema
class MeetingViewSet(PairContentViewSet, mixins.CreateModelMixin, mixins.UpdateModelMixin):
    model = Meeting
    serializer_class = MeetingSerializer

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        mentorship, me = self.member(values.pop("mentorship_id"))
        meetings = services.meeting_schedule(
            mentorship=mentorship, by=me, zone=access.zone_of(me), **values
        )
        body = self.get_serializer(meetings, many=True).data
        return Response(body, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        meeting = self.get_object()
        data = self.get_serializer(meeting, data=request.data, partial=kwargs.get("partial", False))
        data.is_valid(raise_exception=True)
        values = {
            name: data.validated_data.get(name, getattr(meeting, name))
            for name in ("starts_at", "duration_minutes", "meeting_format", "location")
        }
        services.meeting_update(meeting=meeting, by=self.me(), **values)
        return self.respond(meeting, status.HTTP_200_OK)

    @extend_schema(request=MeetingStatusSerializer, responses=MeetingSerializer)
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request: Request, pk: Any = None) -> Response:
        meeting = self.get_object()
        data = MeetingStatusSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.meeting_set_status(
            meeting=meeting, by=self.me(), status=data.validated_data["status"]
        )
        return self.respond(meeting, status.HTTP_200_OK)

    @extend_schema(request=AttendanceInSerializer, responses=MeetingSerializer)
    @action(detail=True, methods=["post"])
    def attendance(self, request: Request, pk: Any = None) -> Response:
        meeting = self.get_object()
        data = AttendanceInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        mentorship = meeting.mentorship
        person_id = data.validated_data["person"]
        person = {mentorship.mentee_id: mentorship.mentee, mentorship.mentor_id: mentorship.mentor}
        if person_id not in person:
            raise DRFValidationError({"person": ["Not a member of this mentorship."]})
        services.attendance_record(
            meeting=meeting,
            by=self.me(),
            person=person[person_id],
            status=data.validated_data["status"],
        )
        return self.respond(meeting, status.HTTP_200_OK)


def _owned_meeting(viewset: PairContentViewSet, meeting_id: int) -> Meeting:
    meeting = Meeting.objects.filter(
        pk=meeting_id,
        mentorship__in=access.member_mentorships(viewset.request.user).values("pk"),
    ).first()
    if meeting is None:
        raise Http404
    return meeting


class AgendaItemSerializer(serializers.ModelSerializer[AgendaItem]):
    meeting = serializers.IntegerField(source="meeting_id")
    author = serializers.IntegerField(source="author_id", read_only=True)

    class Meta:
        model = AgendaItem
        fields = ["id", "meeting", "author", "text", "created_at"]
        read_only_fields = ["id", "author", "created_at"]


@_list_schema
class AgendaItemViewSet(PairContentViewSet, mixins.CreateModelMixin, mixins.DestroyModelMixin):
    model = AgendaItem
    mentorship_path = "meeting__mentorship"
    serializer_class = AgendaItemSerializer

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        meeting = _owned_meeting(self, data.validated_data["meeting_id"])
        item = services.agenda_item_add(
            meeting=meeting, by=self.me(), text=data.validated_data["text"]
        )
        return self.respond(item)

    def perform_destroy(self, instance: AgendaItem) -> None:
        services.agenda_item_remove(item=instance, by=self.me())


class MeetingNoteSerializer(serializers.ModelSerializer[MeetingNote]):
    meeting = serializers.IntegerField(source="meeting_id")
    author = serializers.IntegerField(source="author_id", read_only=True)

    class Meta:
        model = MeetingNote
        fields = ["id", "meeting", "is_private", "author", "body", "updated_at"]
        read_only_fields = ["id", "author", "updated_at"]


@_list_schema
class MeetingNoteViewSet(PairContentViewSet, mixins.CreateModelMixin):
    """The shared note of each meeting, and the caller's own private notes.

    Creating saves: it replaces the meeting's shared note, or the caller's private one."""

    model = MeetingNote
    mentorship_path = "meeting__mentorship"
    serializer_class = MeetingNoteSerializer

    def scope(self, queryset: QuerySet[Any], person: Person) -> QuerySet[Any]:
        return queryset & access.meeting_notes_for(person)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        meeting = _owned_meeting(self, data.validated_data["meeting_id"])
        note = services.meeting_note_save(
            meeting=meeting,
            by=self.me(),
            body=data.validated_data["body"],
            private=data.validated_data.get("is_private", False),
        )
        return self.respond(note)


class ActionItemSerializer(serializers.ModelSerializer[ActionItem]):
    mentorship = MentorshipIdField()
    owner = serializers.IntegerField(source="owner_id", help_text="Person id of the owner.")
    meeting = serializers.IntegerField(source="meeting_id", required=False, allow_null=True)
    done = serializers.BooleanField(source="is_done", read_only=True)

    class Meta:
        model = ActionItem
        fields = ["id", "mentorship", "meeting", "owner", "text", "due_on", "done", "done_at"]
        read_only_fields = ["id", "done", "done_at"]


class DoneSerializer(serializers.Serializer[Any]):
    done = serializers.BooleanField()


@_list_schema
class ActionItemViewSet(PairContentViewSet, mixins.CreateModelMixin):
    model = ActionItem
    serializer_class = ActionItemSerializer

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        def build(mentorship: Mentorship, me: Person, values: dict[str, Any]) -> ActionItem:
            owners = {
                mentorship.mentee_id: mentorship.mentee,
                mentorship.mentor_id: mentorship.mentor,
            }
            owner = owners.get(values.pop("owner_id"))
            if owner is None:
                raise DRFValidationError({"owner": ["The owner is the mentee or the mentor."]})
            meeting_id = values.pop("meeting_id", None)
            meeting = None
            if meeting_id is not None:
                meeting = mentorship.meetings.filter(pk=meeting_id).first()
                if meeting is None:
                    raise DRFValidationError({"meeting": ["Not a meeting of this mentorship."]})
            return services.action_item_add(
                mentorship=mentorship, by=me, owner=owner, meeting=meeting, **values
            )

        return self.create_from(request, build)

    @extend_schema(request=DoneSerializer, responses=ActionItemSerializer)
    @action(detail=True, methods=["post"])
    def done(self, request: Request, pk: Any = None) -> Response:
        item = self.get_object()
        data = DoneSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.action_item_set_done(item=item, by=self.me(), done=data.validated_data["done"])
        return self.respond(item, status.HTTP_200_OK)


class JournalEntrySerializer(serializers.ModelSerializer[JournalEntry]):
    mentorship = MentorshipIdField()
    author = serializers.IntegerField(source="author_id", read_only=True)
    share = serializers.BooleanField(write_only=True, default=False)
    shared = serializers.BooleanField(source="is_shared", read_only=True)

    class Meta:
        model = JournalEntry
        fields = ["id", "mentorship", "author", "title", "body", "share", "shared", "created_at"]
        read_only_fields = ["id", "author", "shared", "created_at"]


@_list_schema
class JournalEntryViewSet(PairContentViewSet, mixins.CreateModelMixin, mixins.UpdateModelMixin):
    """The caller's entries, and entries their partner shared with them."""

    model = JournalEntry
    serializer_class = JournalEntrySerializer

    def scope(self, queryset: QuerySet[Any], person: Person) -> QuerySet[Any]:
        return queryset & access.journal_entries_for(person)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.create_from(
            request, lambda m, me, v: services.journal_entry_create(mentorship=m, by=me, **v)
        )

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        entry = self.get_object()
        me = self.me()
        data = self.get_serializer(entry, data=request.data, partial=kwargs.get("partial", False))
        data.is_valid(raise_exception=True)
        values = data.validated_data
        services.journal_entry_update(
            entry=entry,
            by=me,
            title=values.get("title", entry.title),
            body=values.get("body", entry.body),
        )
        if "share" in request.data:
            services.journal_entry_share(entry=entry, by=me, share=values["share"])
        return self.respond(entry, status.HTTP_200_OK)


class FeedbackSerializer(serializers.ModelSerializer[Feedback]):
    mentorship = MentorshipIdField()
    author = serializers.IntegerField(source="author_id", read_only=True)

    class Meta:
        model = Feedback
        fields = ["id", "mentorship", "author", "keep", "try_next", "created_at"]
        read_only_fields = ["id", "author", "created_at"]


@_list_schema
class FeedbackViewSet(PairContentViewSet, mixins.CreateModelMixin):
    model = Feedback
    serializer_class = FeedbackSerializer

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.create_from(
            request, lambda m, me, v: services.feedback_give(mentorship=m, by=me, **v)
        )


class CheckInSerializer(serializers.ModelSerializer[CheckIn]):
    mentorship = MentorshipIdField()
    author = serializers.IntegerField(source="author_id", read_only=True)

    class Meta:
        model = CheckIn
        fields = ["id", "mentorship", "author", *MARKS, "comment", "created_at"]
        read_only_fields = ["id", "author", "created_at"]


@_list_schema
class CheckInViewSet(PairContentViewSet, mixins.CreateModelMixin):
    """Check-ins with comments, for the pair. Coordinators read scores from the mentorship."""

    model = CheckIn
    serializer_class = CheckInSerializer

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.create_from(
            request, lambda m, me, v: services.check_in_submit(mentorship=m, by=me, **v)
        )


class ConcernSerializer(serializers.ModelSerializer[Concern]):
    mentorship = MentorshipIdField()
    raised_by = serializers.IntegerField(source="raised_by_id", read_only=True)

    class Meta:
        model = Concern
        fields = [
            "id",
            "mentorship",
            "raised_by",
            "audience",
            "text",
            "created_at",
            "acknowledged_at",
        ]
        read_only_fields = ["id", "raised_by", "created_at", "acknowledged_at"]


@_list_schema
class ConcernViewSet(PairContentViewSet, mixins.CreateModelMixin):
    """Concerns the caller raised, and those their partner chose to send them."""

    model = Concern
    serializer_class = ConcernSerializer

    def scope(self, queryset: QuerySet[Any], person: Person) -> QuerySet[Any]:
        return queryset & access.concerns_for_member(person)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.create_from(
            request, lambda m, me, v: services.concern_raise(mentorship=m, by=me, **v)
        )


class ClosureReflectionSerializer(serializers.ModelSerializer[ClosureReflection]):
    mentorship = MentorshipIdField(read_only=True)
    author = serializers.IntegerField(source="author_id", read_only=True)

    class Meta:
        model = ClosureReflection
        fields = [
            "id",
            "mentorship",
            "author",
            "went_well",
            "learnt",
            "next_steps",
            "shared_with_partner",
            "created_at",
        ]
        read_only_fields = fields


@_list_schema
class ClosureReflectionViewSet(PairContentViewSet):
    """The caller's reflections, and those their partner shared. Submit via the mentorship."""

    model = ClosureReflection
    serializer_class = ClosureReflectionSerializer

    def scope(self, queryset: QuerySet[Any], person: Person) -> QuerySet[Any]:
        return queryset.filter(Q(author=person) | Q(shared_with_partner=True))


class OutcomeSurveySerializer(serializers.ModelSerializer[OutcomeSurvey]):
    mentorship = MentorshipIdField(read_only=True)
    respondent = serializers.IntegerField(source="respondent_id", read_only=True)

    class Meta:
        model = OutcomeSurvey
        fields = [
            "id",
            "mentorship",
            "respondent",
            "goals_achieved",
            "confidence_before",
            "confidence_after",
            "would_recommend",
            "created_at",
        ]
        read_only_fields = fields


@_list_schema
class OutcomeSurveyViewSet(PairContentViewSet):
    model = OutcomeSurvey
    serializer_class = OutcomeSurveySerializer


class PromptSerializer(serializers.ModelSerializer[Prompt]):
    programme: serializers.SlugRelatedField[Programme] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )

    class Meta:
        model = Prompt
        fields = ["id", "programme", "purpose", "text"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("programme", str, description="Programme slug.")]
    )
)
class PromptViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[Prompt]):
    """The question prompts of a programme the caller takes part in or coordinates."""

    serializer_class = PromptSerializer

    def get_queryset(self) -> QuerySet[Prompt]:
        slug = self.request.query_params.get("programme", "")
        user = self.request.user
        visible = Programme.objects.filter(
            Q(coordinators=user) | Q(mentorships__in=access.member_mentorships(user).values("pk"))
        )
        programme = visible.filter(slug=slug).first()
        if programme is None:
            return Prompt.objects.filter(programme__isnull=True)
        # The serializer reads each prompt's programme slug.
        return selectors.prompt_library(programme).select_related("programme")


def register(router: BaseRouter) -> None:
    router.register("mentorships", MentorshipViewSet, basename="mentorship")
    router.register("mentorship-charters", CharterViewSet, basename="mentorship-charter")
    router.register("mentorship-goals", GoalViewSet, basename="mentorship-goal")
    router.register(
        "mentorship-goal-comments", GoalCommentViewSet, basename="mentorship-goal-comment"
    )
    router.register("mentorship-milestones", MilestoneViewSet, basename="mentorship-milestone")
    router.register(
        "mentorship-learning-needs", LearningNeedViewSet, basename="mentorship-learning-need"
    )
    router.register(
        "mentorship-opportunities", OpportunityViewSet, basename="mentorship-opportunity"
    )
    router.register("mentorship-teach-backs", TeachBackViewSet, basename="mentorship-teach-back")
    router.register("mentorship-meetings", MeetingViewSet, basename="mentorship-meeting")
    router.register("mentorship-agenda-items", AgendaItemViewSet, basename="mentorship-agenda-item")
    router.register(
        "mentorship-meeting-notes", MeetingNoteViewSet, basename="mentorship-meeting-note"
    )
    router.register("mentorship-action-items", ActionItemViewSet, basename="mentorship-action-item")
    router.register(
        "mentorship-journal-entries", JournalEntryViewSet, basename="mentorship-journal-entry"
    )
    router.register("mentorship-feedback", FeedbackViewSet, basename="mentorship-feedback")
    router.register("mentorship-check-ins", CheckInViewSet, basename="mentorship-check-in")
    router.register("mentorship-concerns", ConcernViewSet, basename="mentorship-concern")
    router.register(
        "mentorship-closure-reflections",
        ClosureReflectionViewSet,
        basename="mentorship-closure-reflection",
    )
    router.register(
        "mentorship-outcome-surveys", OutcomeSurveyViewSet, basename="mentorship-outcome-survey"
    )
    router.register("mentorship-prompts", PromptViewSet, basename="mentorship-prompt")
