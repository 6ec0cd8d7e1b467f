"""Calendar invitations as a mail client reads them: each email's text/calendar part, parsed."""

from __future__ import annotations

from typing import Any

from django.core import mail
from icalendar import Calendar


def invitations(to: str) -> list[tuple[Any, Any, Calendar]]:
    """(message, its calendar part, the parsed calendar) for each invitation sent to `to`."""
    found = []
    for message in mail.outbox:
        if message.to != [to]:
            continue
        for part in message.message().walk():
            if part.get_content_type() == "text/calendar":
                found.append((message, part, Calendar.from_ical(part.get_payload(decode=True))))
    return found


def event_of(calendar: Calendar) -> Any:
    return next(iter(calendar.walk("VEVENT")))
