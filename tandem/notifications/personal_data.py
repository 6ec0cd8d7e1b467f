"""What the notifications app holds about a person: what Tandem told them, and when."""

from __future__ import annotations

from typing import Any

from tandem.core.personal_data import erases, fields, personal_data
from tandem.notifications.models import Notification, SentEmail
from tandem.notifications.services import notifications_erase_person

erases(order=60)(notifications_erase_person)


@personal_data(section="notifications", order=60)
def notifications(user: Any) -> list[dict[str, Any]]:
    rows = Notification.objects.filter(recipient=user).order_by("created_at", "pk")
    return [fields(n, "kind", "title", "body", "url", "created_at", "read_at") for n in rows]


@personal_data(section="emails", order=61)
def emails(user: Any) -> list[dict[str, Any]]:
    rows = SentEmail.objects.filter(to__iexact=user.email).order_by("created_at", "pk")
    return [fields(e, "subject", "status", "created_at", "sent_at") for e in rows]
