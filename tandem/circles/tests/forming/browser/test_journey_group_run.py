"""A coordinator runs group matching and publishes circles: from the programme's navigation
to a new group run, its review with each member's reasons, one adjustment, and publishing;
the circles list then shows the circles formed."""

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tandem.circles.models import Circle, CircleMember
from tandem.conftest import Personas
from tandem.core.testing.browser import Journey, sign_in
from tandem.notifications.models import Notification

from ..cohort import cohort
from ..world import group_programme, mentee

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_coordinator_runs_group_matching_and_publishes_circles(
    page: Page, live_server: LiveServer, journey: Journey, personas: Personas
) -> None:
    base = live_server.url
    user = personas.carol
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    group = group_programme(user)
    cohort(group, mentors=2, mentees=7)
    mentee(group, "Lou Lingua", languages=["fr"])

    sign_in(page, base, user.email)
    page.goto(f"{base}/programmes/{group.slug}/")
    page.get_by_role("navigation", name=f"Manage {group.name}").get_by_role(
        "link", name="Group runs"
    ).click()
    expect(page.get_by_role("heading", name=f"Group runs of {group.name}")).to_be_visible()
    page.get_by_role("link", name="Start a group run").click()
    expect(page.get_by_role("heading", name=f"New group run for {group.name}")).to_be_visible()
    page.get_by_label("One circle per mentor's topic").check()
    journey.check(page, "new-group-run")
    page.get_by_role("button", name="Start the run").click()

    expect(page.get_by_role("heading", name="Proposed circles (2)")).to_be_visible()
    expect(page.get_by_role("heading", name="Unplaced mentees (1)")).to_be_visible()
    expect(page.get_by_text("No circle's members share a language with Lou Lingua")).to_be_visible()
    journey.check(page, "review")

    page.get_by_role("link", name="Rename Circle with Mentor 00").click()
    page.get_by_label("Name").fill("Budget builders")
    journey.check(page, "rename")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Budget builders")).to_be_visible()

    page.get_by_role("link", name="Publish the circles…").click()
    expect(page.get_by_role("heading", name="What publishing does")).to_be_visible()
    journey.check(page, "publish")
    page.get_by_role("button", name="Yes, publish 2 circles").click()

    expect(page.get_by_role("heading", name=f"Circles of {group.name}")).to_be_visible()
    expect(page.get_by_role("link", name="Budget builders")).to_be_visible()
    journey.check(page, "circles")

    assert Circle.objects.filter(programme=group, origin="match").count() == 2
    assert CircleMember.objects.filter(circle__programme=group, role="mentee").count() == 7
    assert Notification.objects.filter(kind="circle_unplaced").count() == 1
