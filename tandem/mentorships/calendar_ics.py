"""Meetings as iCalendar: one .ics per meeting, and each person's feed.

Times are written with the reader's own time zone (Person.timezone) and a VTIMEZONE block, so
a calendar application shows them right even when the two people live in different zones.
Descriptions carry a link, never notes or agenda text: a feed address can end up on a calendar
provider's servers.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from tandem.core.links import absolute_url
from tandem.mentorships.access import zone_of
from tandem.mentorships.models import Meeting
from tandem.people.models import Person

PRODID = "-//Tandem//Mentoring meetings//EN"
ICS_STATUS = {
    Meeting.Status.SCHEDULED: "CONFIRMED",
    Meeting.Status.HELD: "CONFIRMED",
    Meeting.Status.MISSED: "CONFIRMED",
    Meeting.Status.CANCELLED: "CANCELLED",
}


def meeting_event(meeting: Meeting, reader: Person) -> Event:
    zone = zone_of(reader)
    mentorship = meeting.mentorship
    partner = mentorship.partner_of(reader)
    event = Event()
    event.add("uid", meeting.uid)
    event.add("dtstamp", meeting.updated_at or timezone.now())
    event.add("dtstart", meeting.starts_at.astimezone(zone))
    event.add("dtend", meeting.ends_at.astimezone(zone))
    event.add("summary", f"Mentoring with {partner.name}")
    if meeting.location:
        event.add("location", meeting.location)
    event.add("status", ICS_STATUS[Meeting.Status(meeting.status)])
    event.add("sequence", meeting.sequence)
    url = absolute_url(reverse("mentorships:meeting_detail", args=[mentorship.pk, meeting.pk]))
    event.add("url", url)
    event.add(
        "description",
        f"{meeting.get_meeting_format_display()}. Agenda and notes: {url}",
    )
    return event


def calendar_bytes(meetings: Iterable[Meeting], reader: Person, *, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", zone_of(reader).key)
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, reader))
    calendar.add_missing_timezones()
    return calendar.to_ical()
