"""Journal entries, feedback and the prompt library."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from tandem.mentorships import access, selectors, services
from tandem.mentorships.api._common import MentorshipIdField, PairContentViewSet, _list_schema
from tandem.mentorships.models import Feedback, JournalEntry, Prompt
from tandem.people.models import Person
from tandem.programmes.models import Programme


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
        programme = access.prompt_programmes(self.request.user).filter(slug=slug).first()
        if programme is None:
            return Prompt.objects.filter(programme__isnull=True)
        # The serializer reads each prompt's programme slug.
        return selectors.prompt_library(programme).select_related("programme")
