"""Check-ins and concerns."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import mixins, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from tandem.mentorships import access, services
from tandem.mentorships.api._common import MentorshipIdField, PairContentViewSet, _list_schema
from tandem.mentorships.models import MARKS, CheckIn, Concern
from tandem.people.models import Person


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
