"""The mentee ticks off an action item in place and updates a goal's progress."""

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tandem.conftest import Personas
from tandem.core.testing.browser import Journey
from tandem.mentorships import services
from tandem.mentorships.models import Goal, Mentorship

from .steps import mark_document, same_document, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_mentee_ticks_an_action_item_and_updates_a_goal(
    page: Page, live_server: LiveServer, journey: Journey, members: Personas, active: Mentorship
) -> None:
    base = live_server.url
    alice, bob = members.alice, members.bob
    goal = services.goal_create(
        mentorship=active,
        by=alice,
        title="Present the budget to the board",
        success_criterion="The board approves the budget at the first reading.",
    )
    action = services.action_item_add(
        mentorship=active, by=bob, owner=alice, text="Draft three slides on the forecast"
    )

    sign_in(page, base, alice.user)
    page.goto(f"{base}/mentorships/{active.pk}/")
    item = page.locator(f"#action-{action.pk}")
    expect(item).to_contain_text("Draft three slides on the forecast")
    journey.check(page, "overview-open-action")

    overview_url = page.url
    mark_document(page)
    page.get_by_role("button", name="Mark done: Draft three slides on the forecast").click()
    done = page.get_by_role("button", name="Mark not done: Draft three slides on the forecast")
    expect(done).to_have_attribute("aria-pressed", "true")
    expect(done).to_have_text("✓ Done")
    expect(page.locator(f"#action-{action.pk}")).to_have_class("action-item done")
    assert page.url == overview_url
    assert same_document(page), "ticking an action item reloaded the page"
    journey.check(page, "action-ticked")

    action.refresh_from_db()
    assert action.is_done

    page.get_by_role("link", name="Present the budget to the board").click()
    expect(page.get_by_role("heading", name="Update progress")).to_be_visible()
    journey.check(page, "goal")
    page.get_by_label("Progress (%)").fill("60")
    page.get_by_label("Status").select_option(label="In progress")
    page.get_by_role("button", name="Update", exact=True).click()
    expect(page.get_by_text("Progress updated.")).to_be_visible()
    expect(page.locator("#goal-progress")).to_have_attribute("value", "60")
    expect(page.get_by_role("heading", name="Present the budget to the board")).to_contain_text(
        "In progress"
    )
    journey.check(page, "goal-updated")

    goal.refresh_from_db()
    assert goal.progress == 60
    assert goal.status == Goal.Status.IN_PROGRESS

    page.get_by_role("link", name="Overview").click()
    expect(page.get_by_text("No open action items.")).to_be_visible()
    expect(page.locator(f"#goal-progress-{goal.pk}")).to_have_attribute("value", "60")
    journey.check(page, "overview-after")
