"""Who may see which notifications: their recipient, and nobody else (not even an operator)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tandem.notifications.models import Notification


def notifications_of(user: Any) -> QuerySet[Notification]:
    """The notifications `user` received, newest first; none for anyone not signed in."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")
