"""The plan: goals, comments, milestones, learning needs, opportunities, teach-backs."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from tandem.mentorships import access, services
from tandem.mentorships.api._common import (
    MENTORSHIP_PARAM,
    MentorshipIdField,
    PairContentViewSet,
    _list_schema,
    inline_choice,
)
from tandem.mentorships.models import (
    DevelopmentOpportunity,
    Goal,
    GoalComment,
    LearningNeed,
    Milestone,
    TeachBack,
)


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
