"""Meetings, agenda items, meeting notes and action items."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from tandem.mentorships import access, services
from tandem.mentorships.api._common import (
    MentorshipIdField,
    PairContentViewSet,
    _list_schema,
    inline_choice,
)
from tandem.mentorships.models import ActionItem, AgendaItem, Meeting, MeetingNote, Mentorship
from tandem.people.models import Person

# What moving a meeting may change; the rest of a meeting has its own actions.
MOVABLE = ("starts_at", "duration_minutes", "meeting_format", "location", "video_link")


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
            "video_link",
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
            for name in (
                "starts_at",
                "duration_minutes",
                "meeting_format",
                "location",
                "video_link",
            )
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
            raise DRFValidationError({"person": [_("Not a member of this mentorship.")]})
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
                raise DRFValidationError({"owner": [_("The owner is the mentee or the mentor.")]})
            meeting_id = values.pop("meeting_id", None)
            meeting = None
            if meeting_id is not None:
                meeting = mentorship.meetings.filter(pk=meeting_id).first()
                if meeting is None:
                    raise DRFValidationError({"meeting": [_("Not a meeting of this mentorship.")]})
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
