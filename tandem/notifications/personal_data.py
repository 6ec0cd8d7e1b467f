"""What the notifications app holds about a person: what Tandem told them, and when, and how
they chose to hear of it."""

from __future__ import annotations

from typing import Any

from tandem.core.personal_data import erases, fields, personal_data
from tandem.notifications.kinds import ALL_CATEGORIES
from tandem.notifications.models import Notification, NotificationPreference, SentEmail
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


@personal_data(section="notification_preferences", order=62)
def notification_preferences(user: Any) -> list[dict[str, Any]]:
    """Every category with how it reaches them, and whether they chose it or it is the default."""
    chosen = {row.category: row for row in NotificationPreference.objects.filter(user=user)}
    return [
        {
            "category": str(category.label),
            "delivery": str(
                chosen[category.key].get_delivery_display()
                if category.key in chosen
                else category.default.label
            ),
            "chosen": category.key in chosen,
            "updated_at": chosen[category.key].updated_at if category.key in chosen else None,
        }
        for category in ALL_CATEGORIES
    ]
