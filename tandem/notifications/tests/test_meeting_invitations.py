"""Calendar invitations for a pair's meetings: iTIP by email, parsed back with icalendar."""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse

from tandem.conftest import Personas
from tandem.core.testing.itip import event_of, invitations
from tandem.mentorships import services
from tandem.mentorships.models import Meeting, Mentorship
from tandem.mentorships.tests.conftest import make_active
from tandem.notifications.meeting_invitations import meeting_invitations_send
from tandem.people.models import Person
from tandem.programmes.models import Programme

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
# 10:00 in Tokyo on Wednesday 4 March is 01:00 UTC, and 20:00 on the 3rd in New York.
STARTS = datetime.datetime(2026, 3, 4, 1, 0, tzinfo=datetime.UTC)
AGENDA = "ZQX-MEETING-AGENDA-7710"


@pytest.fixture(autouse=True)
def _clock(time_machine: Any) -> None:
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def pair(personas: Personas) -> Mentorship:
    return make_active(
        services.mentorship_create(
            programme=personas.programme, mentee=personas.alice, mentor=personas.bob
        )
    )


@pytest.fixture
def zones(personas: Personas) -> None:
    Person.objects.filter(pk=personas.alice.pk).update(timezone="America/New_York")
    Person.objects.filter(pk=personas.bob.pk).update(timezone="Asia/Tokyo")


def _schedule(pair: Mentorship, capture: Any, **fields: Any) -> Meeting:
    pair = Mentorship.objects.select_related("mentee", "mentor", "programme").get(pk=pair.pk)
    with capture(execute=True):
        (meeting,) = services.meeting_schedule(
            mentorship=pair,
            by=pair.mentee,
            starts_at=STARTS,
            duration_minutes=45,
            meeting_format=fields.pop("meeting_format", "in_person"),
            **fields,
        )
    return meeting


def test_scheduling_sends_each_member_a_request_in_their_own_time_zone(
    pair: Mentorship, zones: None, django_capture_on_commit_callbacks: Any
) -> None:
    meeting = _schedule(pair, django_capture_on_commit_callbacks, location="Café Luna")

    [(to_alice, part, alice_cal)] = invitations("alice@example.org")
    [(to_bob, _, bob_cal)] = invitations("bob@example.org")
    assert part.get_param("method") == "REQUEST"
    assert str(alice_cal["method"]) == "REQUEST"
    alice_event, bob_event = event_of(alice_cal), event_of(bob_cal)
    assert str(alice_event["uid"]) == str(bob_event["uid"]) == meeting.uid
    assert alice_event["sequence"] == 0
    assert alice_event.decoded("dtstart") == datetime.datetime(
        2026, 3, 3, 20, 0, tzinfo=ZoneInfo("America/New_York")
    )
    assert alice_event["dtstart"].params["TZID"] == "America/New_York"
    assert bob_event.decoded("dtstart") == datetime.datetime(
        2026, 3, 4, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo")
    )
    assert bob_event.decoded("dtend") - bob_event.decoded("dtstart") == datetime.timedelta(
        minutes=45
    )
    assert str(alice_event["location"]) == "Café Luna"
    assert to_alice.subject == "Mentoring meeting with Bob Mentor"
    assert "Tuesday 3 March 2026, 20:00 (America/New_York)" in to_alice.body
    assert "Wednesday 4 March 2026, 10:00 (Asia/Tokyo)" in to_bob.body
    attendees = sorted(str(a) for a in alice_event["attendee"])
    assert attendees == ["mailto:alice@example.org", "mailto:bob@example.org"]


def test_moving_replaces_the_event_and_cancelling_removes_it(
    pair: Mentorship, zones: None, django_capture_on_commit_callbacks: Any
) -> None:
    meeting = _schedule(pair, django_capture_on_commit_callbacks)
    services.agenda_item_add(meeting=meeting, by=pair.mentee, text=AGENDA)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(
            meeting=meeting,
            by=pair.mentor,
            starts_at=STARTS + datetime.timedelta(days=1),
            duration_minutes=45,
            meeting_format="in_person",
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_set_status(meeting=meeting, by=pair.mentor, status="cancelled")

    sent = invitations("alice@example.org")
    assert [str(cal["method"]) for _, _, cal in sent] == ["REQUEST", "REQUEST", "CANCEL"]
    events = [event_of(cal) for _, _, cal in sent]
    assert {str(e["uid"]) for e in events} == {meeting.uid}
    assert [e["sequence"] for e in events] == [0, 1, 2]
    assert events[1].decoded("dtstart") == datetime.datetime(
        2026, 3, 4, 20, 0, tzinfo=ZoneInfo("America/New_York")
    )
    assert str(events[2]["status"]) == "CANCELLED"
    assert sent[1][0].subject == "Changed: mentoring meeting with Bob Mentor"
    assert sent[2][0].subject == "Cancelled: mentoring meeting with Bob Mentor"
    assert all(AGENDA not in message.body for message in mail.outbox)
    assert all(AGENDA not in cal.to_ical().decode() for _, _, cal in sent)


def test_saving_a_meeting_unchanged_or_marking_it_held_sends_nothing(
    pair: Mentorship, django_capture_on_commit_callbacks: Any
) -> None:
    meeting = _schedule(pair, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(
            meeting=meeting,
            by=pair.mentor,
            starts_at=meeting.starts_at,
            duration_minutes=45,
            meeting_format="in_person",
        )
    meeting.refresh_from_db()
    assert meeting.sequence == 0
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_set_status(
            meeting=meeting,
            by=pair.mentor,
            status="held",
            now=STARTS + datetime.timedelta(hours=1),
        )
    assert mail.outbox == []


def test_a_retried_task_sends_no_invitation_twice(
    pair: Mentorship, django_capture_on_commit_callbacks: Any
) -> None:
    meeting = _schedule(pair, django_capture_on_commit_callbacks)
    meeting_invitations_send.call([meeting.pk])
    assert len(mail.outbox) == 2


def test_a_video_meeting_gets_the_programmes_room_and_carries_its_link(
    pair: Mentorship, django_capture_on_commit_callbacks: Any
) -> None:
    Programme.objects.filter(pk=pair.programme_id).update(
        video_room_pattern="https://meet.example.org/mentoring-{pair}-{meeting}"
    )
    meeting = _schedule(pair, django_capture_on_commit_callbacks, meeting_format="video")
    meeting.refresh_from_db()
    assert meeting.video_link == f"https://meet.example.org/mentoring-{pair.pk}-{meeting.pk}"
    [(message, _, calendar)] = invitations("alice@example.org")
    assert f"Join the call: {meeting.video_link}" in message.body
    assert str(event_of(calendar)["location"]) == meeting.video_link

    own = _schedule(
        pair,
        django_capture_on_commit_callbacks,
        meeting_format="video",
        video_link="https://video.example.com/our-room",
    )
    own.refresh_from_db()
    assert own.video_link == "https://video.example.com/our-room"


def test_the_meeting_page_links_to_the_call(
    personas: Personas, pair: Mentorship, django_capture_on_commit_callbacks: Any
) -> None:
    meeting = _schedule(
        pair,
        django_capture_on_commit_callbacks,
        meeting_format="video",
        video_link="https://video.example.com/our-room",
    )
    page = personas.client_for("alice").get(
        reverse("mentorships:meeting_detail", args=[pair.pk, meeting.pk])
    )
    assert b'href="https://video.example.com/our-room"' in page.content


@pytest.mark.parametrize(
    ("pattern", "error"),
    [
        ("http://meet.example.org/{pair}", "Enter a valid URL."),
        ("https://meet.example.org/{team}", "Use only {pair} and {meeting} as placeholders."),
    ],
)
def test_a_room_pattern_must_be_an_https_address_with_known_placeholders(
    personas: Personas, pattern: str, error: str
) -> None:
    from tandem.core.testing.forms import form_values

    client = personas.client_for("carol")
    url = reverse("programmes:edit", args=[personas.programme.slug])
    data = dict(form_values(client.get(url).content.decode(), "name"))
    data["video_room_pattern"] = pattern
    response = client.post(url, data)
    assert error in response.content.decode()
    assert Programme.objects.get(pk=personas.programme.pk).video_room_pattern == ""


def test_an_invitation_crosses_a_real_mail_server_as_a_calendar_request(
    pair: Mentorship, zones: None, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    """Through SMTP to a server started here: the calendar part keeps its method, which is
    what makes Outlook, Google Calendar and Apple Calendar offer it as an invitation."""
    from icalendar import Calendar

    from tandem.core.testing.smtp import smtp_sink

    with smtp_sink() as sink:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = sink.host, sink.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        meeting = _schedule(pair, django_capture_on_commit_callbacks)
        with django_capture_on_commit_callbacks(execute=True):
            services.meeting_set_status(meeting=meeting, by=pair.mentor, status="cancelled")

    received = sink.to("bob@example.org")
    assert [m["Subject"] for m in received] == [
        "Mentoring meeting with Alice Mentee",
        "Cancelled: mentoring meeting with Alice Mentee",
    ]
    methods = []
    for message in received:
        (part,) = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
        assert part.get_param("method") in ("REQUEST", "CANCEL")
        calendar = Calendar.from_ical(part.get_content())
        methods.append(str(calendar["method"]))
        assert event_of(calendar).decoded("dtstart").tzinfo.key == "Asia/Tokyo"
    assert methods == ["REQUEST", "CANCEL"]
