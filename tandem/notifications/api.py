"""A person's own notifications over the API: list them, and mark them read.

Someone else's notification answers 404, as on the pages.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from tandem.notifications.access import notifications_of
from tandem.notifications.kinds import category_for
from tandem.notifications.models import Notification
from tandem.notifications.services import notifications_mark_read
from tandem.people.access import signed_in_user


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    category = serializers.SerializerMethodField(
        help_text="The category the notification belongs to, as on the notification settings "
        "page (reminders, nudges, pairing, requests, concerns, activity, celebrations, "
        "alerts, other)."
    )
    url = serializers.CharField(
        read_only=True, help_text="The page the notification is about, as a path on the site."
    )

    class Meta:
        model = Notification
        fields = ["id", "kind", "category", "title", "body", "url", "created_at", "read_at"]
        read_only_fields = fields

    def get_category(self, notification: Notification) -> str:
        return category_for(notification.kind).key


class NotificationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Notification]
):
    """Your notifications, newest first."""

    serializer_class = NotificationSerializer

    def get_queryset(self) -> QuerySet[Notification]:
        return notifications_of(self.request.user)

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str) -> Response:
        """Mark one of your notifications read; one already read keeps its time."""
        notification = self.get_object()
        notifications_mark_read(recipient=signed_in_user(request), ids=[notification.pk])
        notification.refresh_from_db(fields=["read_at"])
        return Response(self.get_serializer(notification).data)

    @extend_schema(
        request=None,
        responses=inline_serializer(
            "NotificationsMarkedRead",
            {"marked": serializers.IntegerField(help_text="How many were unread until now.")},
        ),
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request: Request, *args: Any) -> Response:
        """Mark every one of your notifications read."""
        marked = notifications_mark_read(recipient=signed_in_user(request))
        return Response({"marked": marked})


def register(router: BaseRouter) -> None:
    router.register("notifications", NotificationViewSet, basename="notification")
