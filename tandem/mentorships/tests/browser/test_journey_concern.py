"""The mentor raises a concern with the coordinator, who reads exactly what he wrote."""

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tandem.conftest import Personas
from tandem.core.testing.browser import Journey
from tandem.mentorships.models import Concern, Mentorship

from .steps import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CONCERN = "We have missed two meetings in a row.\nCould we talk about how to get back on track?"


def test_mentor_raises_a_concern_and_the_coordinator_sees_exactly_that_text(
    page: Page, live_server: LiveServer, journey: Journey, members: Personas, active: Mentorship
) -> None:
    base = live_server.url
    alice, bob, carol = members.alice, members.bob, members.carol

    sign_in(page, base, bob.user)
    page.goto(f"{base}/mentorships/{active.pk}/")
    page.get_by_role("link", name="Raise a concern").click()
    expect(page.get_by_role("heading", name="Raise a concern")).to_be_visible()
    journey.check(page, "concern-form")
    page.get_by_role("radio", name="The programme coordinator").check()
    page.get_by_label("Message").fill(CONCERN)
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Your concern has been sent.")).to_be_visible()
    sent = page.get_by_role("region", name="Sent by me")
    expect(sent).to_contain_text("to the programme coordinator")
    expect(sent).to_contain_text("We have missed two meetings in a row.")
    journey.check(page, "concern-sent")

    (concern,) = Concern.objects.filter(mentorship=active)
    assert concern.raised_by_id == bob.pk
    assert concern.audience == Concern.Audience.COORDINATOR
    # Browsers submit a textarea's line breaks as CRLF; the words are exactly as typed.
    assert concern.text.replace("\r\n", "\n") == CONCERN

    sign_in(page, base, carol)
    page.goto(f"{base}/mentorships/programme/{members.programme.slug}/")
    panel = page.get_by_role("region", name="Concerns sent to you")
    expect(panel).to_contain_text(f"{bob.name} ({alice.name} with {bob.name})")
    # Line breaks become <br>, so the visible text is exactly the message as written.
    expect(panel.locator("li > p").nth(1)).to_have_text(CONCERN, use_inner_text=True)
    journey.check(page, "coordinator-sees-concern")
    page.get_by_role("button", name="Mark as read").click()
    expect(page.get_by_text("Marked as read.")).to_be_visible()
    expect(page.get_by_role("region", name="Concerns sent to you")).to_have_count(0)
    journey.check(page, "coordinator-read-concern")

    concern.refresh_from_db()
    assert concern.acknowledged_at is not None

    # It went to the coordinator only: the mentee does not receive it.
    sign_in(page, base, alice.user)
    page.goto(f"{base}/mentorships/{active.pk}/concerns/")
    expect(page.get_by_role("heading", name=f"From {bob.name}")).to_be_visible()
    expect(page.get_by_text("We have missed two meetings")).to_have_count(0)
    journey.check(page, "mentee-does-not-see-it")
