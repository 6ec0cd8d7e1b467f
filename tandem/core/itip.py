"""Calendar invitations by email (iTIP, RFC 5546), written once for every kind of meeting.

An event keeps one UID for its whole life and raises its SEQUENCE with every change, so a
calendar application (Outlook, Google Calendar, Apple Calendar) replaces the event it holds
instead of adding another; METHOD:REQUEST adds or updates it, METHOD:CANCEL removes it. Each
person's copy is written in their own time zone (TZID with its VTIMEZONE block).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.mime.base import MIMEBase
from email.mime.text import MIMEText
from zoneinfo import ZoneInfo

from django.utils.formats import date_format
from django.utils.translation import ngettext
from icalendar import Calendar, Event, vCalAddress, vText

REQUEST = "REQUEST"
CANCEL = "CANCEL"


@dataclass(frozen=True)
class Attendee:
    name: str
    email: str


@dataclass(frozen=True)
class Invitation:
    uid: str
    sequence: int
    method: str  # REQUEST or CANCEL
    stamp: datetime
    starts_at: datetime
    ends_at: datetime
    summary: str
    description: str
    url: str
    organizer: Attendee
    attendees: Sequence[Attendee]
    location: str = ""


def _address(person: Attendee) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    address.params["cn"] = vText(person.name)
    return address


def invitation_ics(invitation: Invitation, zone: ZoneInfo, *, prodid: str) -> bytes:
    """The invitation as one reader's calendar file, with times in `zone`."""
    calendar = Calendar()
    calendar.add("prodid", prodid)
    calendar.add("version", "2.0")
    calendar.add("method", invitation.method)
    event = Event()
    event.add("uid", invitation.uid)
    event.add("sequence", invitation.sequence)
    event.add("dtstamp", invitation.stamp)
    event.add("dtstart", invitation.starts_at.astimezone(zone))
    event.add("dtend", invitation.ends_at.astimezone(zone))
    event.add("summary", invitation.summary)
    event.add("status", "CANCELLED" if invitation.method == CANCEL else "CONFIRMED")
    if invitation.location:
        event.add("location", invitation.location)
    event.add("description", invitation.description)
    event.add("url", invitation.url)
    event.add("organizer", _address(invitation.organizer))
    for person in invitation.attendees:
        attendee = _address(person)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("ACCEPTED")
        event.add("attendee", attendee, encode=False)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def invitation_part(ics: bytes, method: str) -> MIMEBase:
    """The MIME part mail clients read as an invitation: text/calendar with its method."""
    part = MIMEText(ics.decode(), "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename="invite.ics")
    return part


def when_text(starts_at: datetime, minutes: int, zone: ZoneInfo) -> str:
    """The time of a meeting as its reader reads it in an invitation's text, in the active
    language: "Tuesday 1 December 2026, 14:00 (Europe/London), 60 minutes"."""
    start = starts_at.astimezone(zone)
    return ngettext(
        "%(start)s (%(zone)s), %(minutes)d minute",
        "%(start)s (%(zone)s), %(minutes)d minutes",
        minutes,
    ) % {"start": date_format(start, "l j F Y, H:i"), "zone": zone.key, "minutes": minutes}
