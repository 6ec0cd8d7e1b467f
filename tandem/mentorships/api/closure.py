"""Closure reflections and outcome surveys."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from rest_framework import serializers

from tandem.mentorships.api._common import MentorshipIdField, PairContentViewSet, _list_schema
from tandem.mentorships.models import ClosureReflection, OutcomeSurvey
from tandem.people.models import Person


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
