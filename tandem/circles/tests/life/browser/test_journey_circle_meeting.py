"""A circle schedules a meeting and takes attendance: the facilitator schedules it from the
circle's meetings page, a member adds to its agenda, and once it has taken place the
facilitator marks it held with who was present, who sent apologies and who was absent."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tandem.circles.models import CircleAttendance, CircleMeeting
from tandem.conftest import Personas
from tandem.core.testing.browser import Journey, sign_in
from tandem.notifications.models import Notification

from ..world import make_circle, person

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_circle_schedules_a_meeting_and_takes_attendance(
    page: Page, live_server: LiveServer, journey: Journey, personas: Personas
) -> None:
    base = live_server.url
    mia = person("Mia Member", personas.programme)
    circle = make_circle(
        personas.programme,
        facilitators=[personas.bob],
        mentees=[personas.alice, mia, person("Max Member")],
        started=timezone.now() - datetime.timedelta(days=14),
    )
    for user in (personas.alice.user, personas.bob.user):
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

    sign_in(page, base, personas.bob.user.email)
    page.get_by_role("link", name="Finance leaders").first.click()
    expect(page.get_by_role("heading", name="Finance leaders")).to_be_visible()
    journey.check(page, "overview")

    page.get_by_role("navigation", name="Circle sections").get_by_role(
        "link", name="Meetings"
    ).click()
    later = timezone.localtime(timezone.now() + datetime.timedelta(days=2)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    page.get_by_label("Starts").fill(later.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Format").select_option("video")
    page.get_by_label("Location").fill("https://video.example.org/finance")
    journey.check(page, "schedule")
    page.get_by_role("button", name="Schedule").click()

    expect(page.get_by_text("Meeting scheduled")).to_be_visible()
    meeting = CircleMeeting.objects.get(circle=circle)
    assert Notification.objects.filter(
        recipient=personas.alice.user, kind="circle.meeting_scheduled"
    ).exists()
    journey.check(page, "meeting")

    sign_in(page, base, personas.alice.user.email)
    page.goto(f"{base}/circles/{circle.pk}/meetings/{meeting.pk}/")
    page.get_by_label("Agenda item").fill("How each of us runs a one-to-one")
    page.get_by_role("button", name="Add to the agenda").click()
    expect(page.get_by_text("How each of us runs a one-to-one")).to_be_visible()

    # The meeting takes place.
    CircleMeeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=1)
    )
    sign_in(page, base, personas.bob.user.email)
    page.goto(f"{base}/circles/{circle.pk}/meetings/{meeting.pk}/")
    attendance = page.locator("section[aria-labelledby=attendance-heading]")
    attendance.get_by_role("group", name="Mia Member").get_by_label("Sent apologies").check()
    attendance.get_by_role("group", name="Max Member").get_by_label("Absent").check()
    journey.check(page, "attendance")
    page.get_by_role("button", name="Mark as held and save attendance").click()

    expect(page.get_by_text("Attendance saved")).to_be_visible()
    journey.check(page, "held")
    meeting.refresh_from_db()
    assert meeting.status == CircleMeeting.Status.HELD
    assert dict(
        CircleAttendance.objects.filter(meeting=meeting).values_list("person__name", "status")
    ) == {
        "Bob Mentor": "present",
        "Alice Mentee": "present",
        "Mia Member": "apologies",
        "Max Member": "absent",
    }
