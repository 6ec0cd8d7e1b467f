"""The mentor schedules a meeting; both add agenda items without the page reloading."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from tandem.conftest import Personas
from tandem.core.testing.browser import Journey
from tandem.mentorships.models import AgendaItem, Meeting, Mentorship

from .steps import mark_document, same_document, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def agenda_field(page: Page) -> Locator:
    return page.get_by_role("textbox", name="Agenda item")


def test_pair_schedules_a_meeting_and_adds_agenda_items(
    page: Page, live_server: LiveServer, journey: Journey, members: Personas, active: Mentorship
) -> None:
    base = live_server.url
    alice, bob = members.alice, members.bob
    bob.timezone = "Europe/Paris"
    bob.save(update_fields=["timezone"])
    paris = ZoneInfo("Europe/Paris")
    day = (timezone.now().astimezone(paris) + timedelta(days=9)).date()
    local_start = datetime(day.year, day.month, day.day, 9, 30)

    sign_in(page, base, bob.user)
    page.goto(f"{base}/mentorships/{active.pk}/")
    journey.check(page, "overview-active")
    page.get_by_role("link", name="Schedule a meeting").click()
    expect(page.get_by_role("heading", name="Schedule", exact=True)).to_be_visible()
    journey.check(page, "meetings")
    page.get_by_label("Starts").fill(local_start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Length (minutes)").fill("45")
    page.get_by_label("Format").select_option(label="In person")
    page.get_by_label("Location").fill("Riverside café")
    page.get_by_role("button", name="Schedule", exact=True).click()
    expect(page.get_by_text("Meeting scheduled.")).to_be_visible()
    journey.check(page, "meeting-scheduled")

    meeting = Meeting.objects.get(mentorship=active)
    # The time was typed in Bob's own zone, Paris, and is stored as that instant.
    assert meeting.starts_at == local_start.replace(tzinfo=paris)
    assert meeting.duration_minutes == 45
    assert meeting.location == "Riverside café"
    assert meeting.status == Meeting.Status.SCHEDULED

    page.get_by_role("link", name=local_start.strftime("%a %-d %b %Y, 09:30")).click()
    expect(page.get_by_role("heading", name="Agenda")).to_be_visible()
    expect(page.get_by_text("No agenda items yet.")).to_be_visible()
    journey.check(page, "meeting-detail")

    detail_url = page.url
    mark_document(page)
    agenda_field(page).fill("Board presentation: first draft")
    page.get_by_role("button", name="Add to agenda").click()
    agenda = page.locator("#agenda")
    expect(agenda.get_by_role("listitem")).to_have_count(1)
    expect(agenda).to_contain_text("Board presentation: first draft")
    expect(agenda).to_contain_text(bob.name)
    expect(agenda_field(page)).to_have_value("")
    assert page.url == detail_url
    assert same_document(page), "adding an agenda item reloaded the page"
    journey.check(page, "mentor-added-agenda-item")

    sign_in(page, base, alice.user)
    page.goto(detail_url)
    expect(page.locator("#agenda")).to_contain_text("Board presentation: first draft")
    mark_document(page)
    agenda_field(page).fill("How to handle tough questions")
    page.get_by_role("button", name="Add to agenda").click()
    agenda = page.locator("#agenda")
    expect(agenda.get_by_role("listitem")).to_have_count(2)
    expect(agenda.get_by_role("listitem").nth(1)).to_contain_text(
        f"How to handle tough questions — {alice.name}"
    )
    assert page.url == detail_url
    assert same_document(page), "adding an agenda item reloaded the page"
    journey.check(page, "mentee-added-agenda-item")

    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("pk"))
    assert [(i.text, i.author_id) for i in items] == [
        ("Board presentation: first draft", bob.pk),
        ("How to handle tough questions", alice.pk),
    ]

    page.goto(f"{base}/mentorships/{active.pk}/meetings/")
    expect(page.get_by_text("2 agenda items")).to_be_visible()
