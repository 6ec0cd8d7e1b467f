"""A mentee asks a recommended mentor, who accepts."""

import re

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import Page, expect

from tandem.core.testing.browser import sign_in
from tandem.matching.models import MentorRequest
from tandem.matching.tests.factories import mentee, mentor
from tandem.mentorships.models import Mentorship
from tandem.programmes.models import Programme
from tandem.programmes.tests.factories import ProgrammeFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_mentee_asks_a_recommended_mentor_who_accepts(page: Page, live_server, journey):
    base = live_server.url
    programme = ProgrammeFactory(
        name="Data Guild", matching_mode=Programme.MatchingMode.SELF_SELECT
    )
    cara = mentor(
        programme,
        name="Cara Mentor",
        bio="Data science lead; machine learning.",
        skills=("Machine learning",),
        capacity=1,
    )
    mentor(
        programme,
        name="Dan Mentor",
        bio="Sales director; negotiation.",
        skills=("Negotiation",),
        capacity=1,
    )
    mia = mentee(programme, name="Mia Mentee", goals="Learn machine learning.")
    for person in (cara, mia):
        EmailAddress.objects.create(
            user=person.user, email=person.user.email, verified=True, primary=True
        )

    sign_in(page, base, mia.user.email)
    page.goto(f"{base}/matching/programme/{programme.slug}/mentors/")
    expect(page.get_by_role("heading", name="Recommended for you")).to_be_visible()
    first = page.locator(".cards > li").first
    expect(first).to_contain_text("Cara Mentor")
    expect(first).to_contain_text("machine learning")
    journey.check(page, "recommendations")

    first.get_by_role("link", name="Ask Cara Mentor").click()
    page.get_by_label("What do you hope to gain?").fill("Build my first forecasting model.")
    page.get_by_label("Why this mentor?").fill("She leads the data science team.")
    journey.check(page, "request-form")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_text(re.compile("Your request is with Cara Mentor"))).to_be_visible()
    journey.check(page, "request-sent")

    page.context.clear_cookies()
    sign_in(page, base, cara.user.email)
    page.goto(f"{base}/matching/requests/")
    journey.check(page, "inbox")
    page.get_by_role("link", name="Mia Mentee").click()
    expect(page.get_by_text("Build my first forecasting model.")).to_be_visible()
    page.get_by_label("Note to the mentee (optional)").fill("Happy to help.")
    journey.check(page, "request-detail")
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_text(re.compile("You are now Mia Mentee's mentor"))).to_be_visible()
    journey.check(page, "accepted")

    request = MentorRequest.objects.get()
    assert request.status == MentorRequest.Status.ACCEPTED
    assert Mentorship.objects.get().mentee == mia
