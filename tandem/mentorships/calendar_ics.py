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
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from tandem.core.links import absolute_url
from tandem.mentorships.access import zone_of
from tandem.mentorships.models import Meeting
from tandem.mentorships.models.shared import MeetingFields, MeetingStatus
from tandem.people.models import Person

PRODID = "-//Tandem//Mentoring meetings//EN"
ICS_STATUS = {
    MeetingStatus.SCHEDULED: "CONFIRMED",
    MeetingStatus.HELD: "CONFIRMED",
    MeetingStatus.MISSED: "CONFIRMED",
    MeetingStatus.CANCELLED: "CANCELLED",
}


def meeting_event(meeting: Meeting, reader: Person) -> Event:
    mentorship = meeting.mentorship
    partner = mentorship.partner_of(reader)
    url = absolute_url(reverse("mentorships:meeting_detail", args=[mentorship.pk, meeting.pk]))
    return calendar_event(
        meeting,
        reader,
        uid=meeting.uid,
        summary=_("Mentoring with %(partner)s") % {"partner": partner.name},
        url=url,
    )


def calendar_event(
    meeting: MeetingFields, reader: Person, *, uid: str, summary: str, url: str
) -> Event:
    """One meeting, a pair's or a circle's, as the reader's calendar shows it: in their time
    zone, with a link to its page and nothing that was written in it."""
    zone = zone_of(reader)
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", getattr(meeting, "updated_at", None) or timezone.now())
    event.add("dtstart", meeting.starts_at.astimezone(zone))
    event.add("dtend", meeting.ends_at.astimezone(zone))
    event.add("summary", summary)
    if meeting.location:
        event.add("location", meeting.location)
    event.add("status", ICS_STATUS[MeetingStatus(meeting.status)])
    event.add("sequence", meeting.sequence)
    event.add("url", url)
    event.add(
        "description",
        _("%(format)s. Agenda and notes: %(url)s")
        % {"format": meeting.get_meeting_format_display(), "url": url},
    )
    return event


def calendar_bytes(
    meetings: Iterable[Meeting], reader: Person, *, name: str, events: Iterable[Event] = ()
) -> bytes:
    """A calendar of the reader's pair meetings, or of `events` built elsewhere (a circle's)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", zone_of(reader).key)
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, reader))
    for event in events:
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
