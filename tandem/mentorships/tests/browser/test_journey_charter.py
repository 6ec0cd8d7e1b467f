"""The pair compares expectations, co-writes the charter and both sign: the mentorship starts."""

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tandem.conftest import Personas
from tandem.core.testing.browser import Journey
from tandem.mentorships.models import CharterVersion, Mentorship

from .steps import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_mentor_and_mentee_agree_and_sign_a_charter(
    page: Page, live_server: LiveServer, journey: Journey, members: Personas, proposed: Mentorship
) -> None:
    base = live_server.url
    alice, bob = members.alice, members.bob

    sign_in(page, base, alice.user)
    page.goto(f"{base}/mentorships/")
    journey.check(page, "my-mentorships")
    page.get_by_role("link", name=f"With {bob.name} (your mentor)").click()
    expect(page.get_by_role("heading", name=f"Mentored by {bob.name}")).to_be_visible()
    expect(page.locator(".pair-header .badge").first).to_have_text("Proposed")
    journey.check(page, "overview-proposed")

    page.get_by_role("link", name="Compare expectations").click()
    expect(page.get_by_role("heading", name="Your expectations, side by side")).to_be_visible()
    journey.check(page, "expectations")
    page.get_by_role("button", name="We have talked: write our charter").click()

    expect(page.get_by_role("heading", name="Write your charter")).to_be_visible()
    journey.check(page, "write-charter")
    page.get_by_label("Desired outcomes").fill("Present the budget to the board with confidence.")
    page.get_by_label("Agenda habits").fill("Alice sends the agenda two days ahead.")
    page.get_by_label("Cadence").select_option(label="Fortnightly")
    page.get_by_label("Meeting format").select_option(label="Video call")
    page.get_by_label("Location").fill("The café on the ground floor")
    page.get_by_label("Confidentiality").fill("Nothing leaves the pair unless we both agree.")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", name="Charter, version 1")).to_be_visible()
    expect(page.get_by_text("Present the budget to the board with confidence.")).to_be_visible()
    journey.check(page, "charter-drafted-by-mentee")

    # The mentor adds his part before anyone signs, so the draft stays version 1.
    sign_in(page, base, bob.user)
    page.goto(f"{base}/mentorships/{proposed.pk}/charter/")
    expect(page.get_by_role("heading", name=f"Mentoring {alice.name}")).to_be_visible()
    page.get_by_role("link", name="Edit").click()
    expect(page.get_by_label("Desired outcomes")).to_have_value(
        "Present the budget to the board with confidence."
    )
    page.get_by_label("Roles and responsibilities").fill(
        "Bob challenges and shares contacts; Alice owns her goals."
    )
    journey.check(page, "mentor-edits-charter")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Charter, version 1")).to_be_visible()
    expect(page.get_by_text("Bob challenges and shares contacts")).to_be_visible()
    page.get_by_role("button", name="Sign version 1").click()
    expect(page.get_by_text("Signed.", exact=True)).to_be_visible()
    expect(page.locator(".signature").nth(1)).to_contain_text(re.compile(r"signed \d"))
    expect(page.locator(".signature").nth(0)).to_contain_text("not signed yet")
    expect(page.get_by_role("button", name="Sign version 1")).to_have_count(0)
    journey.check(page, "mentor-signed")

    proposed.refresh_from_db()
    assert proposed.state == Mentorship.State.AGREEING

    sign_in(page, base, alice.user)
    page.goto(f"{base}/mentorships/{proposed.pk}/charter/")
    page.get_by_role("button", name="Sign version 1").click()
    expect(page.get_by_text("Signed.", exact=True)).to_be_visible()
    expect(page.locator(".pair-header .badge").first).to_have_text("Active")
    expect(page.locator(".signature").nth(0)).to_contain_text(re.compile(r"signed \d"))
    journey.check(page, "both-signed-active")

    proposed.refresh_from_db()
    assert proposed.state == Mentorship.State.ACTIVE
    assert proposed.started_at is not None
    (charter,) = CharterVersion.objects.filter(mentorship=proposed)
    assert charter.number == 1
    assert charter.cadence == "fortnightly"
    assert charter.meeting_format == "video"
    assert charter.roles.startswith("Bob challenges")
    assert charter.mentee_signed_at is not None
    assert charter.mentor_signed_at is not None
    assert charter.mentor_signed_at < charter.mentee_signed_at
