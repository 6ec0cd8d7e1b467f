"""The charter: versions and signatures."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from tandem.mentorships import services
from tandem.mentorships.api._common import MentorshipIdField, PairContentViewSet, _list_schema
from tandem.mentorships.models import CharterVersion


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
