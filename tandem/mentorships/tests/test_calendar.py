"""The .ics download and the feed parse with icalendar and show each person's local time."""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from tandem.conftest import Personas
from tandem.mentorships import services
from tandem.mentorships.models import CalendarFeed, Mentorship

# The clock is pinned so that START is upcoming, which the feed (skipping the distant past)
# needs, on whatever day the suite runs.
NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
START = datetime.datetime(2026, 3, 22, 14, 30, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _clock(time_machine: Any) -> None:
    time_machine.move_to(NOW)


def _local_hour(zone: str) -> int:
    return START.astimezone(ZoneInfo(zone)).hour


def _schedule(personas: Personas, active: Mentorship) -> object:
    personas.alice.timezone = "Europe/Paris"
    personas.alice.save()
    personas.bob.timezone = "America/New_York"
    personas.bob.save()
    (meeting,) = services.meeting_schedule(
        mentorship=active, by=personas.alice, starts_at=START, location="Riverside café"
    )
    return meeting


def _events(body: bytes) -> list[Any]:
    return list(Calendar.from_ical(body).walk("VEVENT"))


def test_meeting_ics_is_in_each_persons_time_zone(personas: Personas, active: Mentorship) -> None:
    meeting = _schedule(personas, active)
    url = reverse("mentorships:meeting_ics", args=[active.pk, meeting.pk])
    for who, zone in (("alice", "Europe/Paris"), ("bob", "America/New_York")):
        local_hour = _local_hour(zone)
        response = personas.client_for(who).get(url)
        assert response["Content-Type"].startswith("text/calendar")
        (event,) = _events(response.content)
        start = event["DTSTART"].dt
        assert start == START
        assert start.tzinfo.key == zone
        assert (start.hour, start.minute) == (local_hour, 30)
        assert event["DTEND"].dt - start == datetime.timedelta(minutes=60)
        assert str(event["LOCATION"]) == "Riverside café"
        assert str(event["UID"]) == meeting.uid
        calendar = Calendar.from_ical(response.content)
        assert zone in {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}


def test_feed_lists_my_meetings_in_my_time_zone(personas: Personas, active: Mentorship) -> None:
    _schedule(personas, active)
    feed = services.calendar_feed_get_or_create(person=personas.bob)
    response = personas.client_for("anonymous").get(
        reverse("mentorships:calendar_feed", args=[feed.token])
    )
    assert response.status_code == 200
    (event,) = _events(response.content)
    assert event["DTSTART"].dt.hour == _local_hour("America/New_York")
    assert event["DTSTART"].dt == START
    assert event["DTSTART"].dt.tzinfo.key == "America/New_York"
    assert "Mentoring with Alice Mentee" in str(event["SUMMARY"])
    assert "no-store" in response["Cache-Control"]


def test_revoked_feed_stops_working(personas: Personas, active: Mentorship) -> None:
    _schedule(personas, active)
    old = services.calendar_feed_get_or_create(person=personas.alice)
    client = personas.client_for("alice")
    response = client.post(reverse("mentorships:calendar_revoke"))
    assert response.status_code == 302
    anonymous = personas.client_for("anonymous")
    assert anonymous.get(reverse("mentorships:calendar_feed", args=[old.token])).status_code == 404
    page = client.get(reverse("mentorships:calendar"))
    new = CalendarFeed.objects.get(person=personas.alice, revoked_at__isnull=True)
    assert new.token != old.token
    assert new.token in page.content.decode()
    assert anonymous.get(reverse("mentorships:calendar_feed", args=[new.token])).status_code == 200


def test_unknown_feed_token_is_404(db: None, client: Client) -> None:
    response = client.get(reverse("mentorships:calendar_feed", args=["nope"]))
    assert response.status_code == 404


def test_series_keeps_local_time_across_daylight_saving(
    personas: Personas, active: Mentorship
) -> None:
    paris = ZoneInfo("Europe/Paris")
    first = datetime.datetime(2026, 3, 17, 9, 0, tzinfo=paris)
    meetings = services.meeting_schedule(
        mentorship=active, by=personas.alice, starts_at=first, repeat=3, zone=paris
    )
    local = [m.starts_at.astimezone(paris) for m in meetings]
    assert [d.date() for d in local] == [
        datetime.date(2026, 3, 17),
        datetime.date(2026, 3, 31),
        datetime.date(2026, 4, 14),
    ]
    assert {(d.hour, d.minute) for d in local} == {(9, 0)}
    assert len({m.series for m in meetings}) == 1
