"""The mentee sees where the pair's expectations differ widely, before the charter."""

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tandem.conftest import Personas
from tandem.core.testing.browser import Journey
from tandem.mentorships.models import Mentorship

from .steps import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_mentee_sees_the_mismatch_flag_when_answers_differ_widely(
    page: Page, live_server: LiveServer, journey: Journey, members: Personas, proposed: Mentorship
) -> None:
    base = live_server.url
    alice, bob = members.alice, members.bob
    members.alice_enrolment.answers = {"frequency": "weekly", "style": "1", "format": "video"}
    members.alice_enrolment.save(update_fields=["answers"])
    members.bob_enrolment.answers = {"frequency": "quarterly", "style": "5", "format": "video"}
    members.bob_enrolment.save(update_fields=["answers"])

    sign_in(page, base, alice.user)
    page.goto(f"{base}/mentorships/{proposed.pk}/")
    page.get_by_role("link", name="Compare expectations").click()
    flag = page.get_by_role("note", name="Worth discussing Your answers differ")
    expect(flag).to_be_visible()
    expect(flag.get_by_role("listitem")).to_have_count(2)
    expect(flag).to_contain_text(
        f"{alice.name} would like to meet weekly, {bob.name} quarterly. "
        "Agree a cadence you can both keep."
    )
    expect(flag).to_contain_text(
        f"{alice.name} expects a very directive style, {bob.name} a very supportive one."
    )
    table = page.get_by_role("table", name="Answers of the mentee and the mentor")
    expect(table.get_by_text("Differs")).to_have_count(2)
    # The format they agree on is shown but not flagged.
    format_row = table.get_by_role("row").filter(has_text="Video")
    expect(format_row).to_have_count(1)
    expect(format_row).not_to_contain_text("Differs")
    journey.check(page, "mismatch-flagged")

    # Once they have talked, the pair moves on to the charter with the flag still in view.
    page.get_by_role("button", name="We have talked: write our charter").click()
    expect(page.get_by_role("heading", name="Write your charter")).to_be_visible()
    proposed.refresh_from_db()
    assert proposed.state == Mentorship.State.AGREEING
