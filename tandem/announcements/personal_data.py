"""What the announcements app holds about a person: the announcements they wrote."""

from __future__ import annotations

from typing import Any

from tandem.announcements.models import Announcement
from tandem.announcements.services import announcements_erase_person
from tandem.core.personal_data import erases, fields, personal_data

erases(order=50)(announcements_erase_person)


@personal_data(section="announcements", order=55)
def announcements(user: Any) -> list[dict[str, Any]]:
    rows = Announcement.objects.filter(author=user).select_related("programme")
    return [
        {"programme": row.programme.name}
        | fields(row, "title", "body", "audience", "pair_state", "show_until")
        | fields(row, "created_at", "withdrawn_at")
        for row in rows.order_by("created_at", "pk")
    ]
