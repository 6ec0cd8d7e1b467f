"""What every mentorship API module shares: the pair-content viewset and small fields."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import Model, QuerySet
from django.http import Http404
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from tandem.mentorships import access
from tandem.mentorships.models import Mentorship
from tandem.people.access import person_of
from tandem.people.models import Person

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


# Mentorships (metadata)


class PersonBriefSerializer(serializers.Serializer[Person]):
    id = serializers.IntegerField()
    name = serializers.CharField()


# Pair content


class PairContentViewSet(
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
        person = person_of(self.request.user)
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
        person = person_of(self.request.user)
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
