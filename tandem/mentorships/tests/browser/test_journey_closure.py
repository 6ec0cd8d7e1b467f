"""The pair closes: one proposes, both write a reflection and answer the outcomes survey."""

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tandem.conftest import Personas
from tandem.core.testing.browser import Journey
from tandem.mentorships.models import ClosureReflection, Mentorship, OutcomeSurvey

from .steps import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def fill_closure(page: Page, *, went_well: str, learnt: str, before: int, after: int) -> None:
    page.get_by_label("What went well?").fill(went_well)
    page.get_by_label("What did you learn?").fill(learnt)
    page.get_by_label("Share this reflection with my partner").check()
    page.get_by_label("How many of the goals were achieved?").select_option(label="Most of them")
    page.get_by_label("Your confidence before the mentorship").fill(str(before))
    page.get_by_label("Your confidence now").fill(str(after))
    page.get_by_label("How likely are you to recommend mentoring").fill("9")


def test_pair_proposes_closure_reflects_answers_the_survey_and_closes(
    page: Page, live_server: LiveServer, journey: Journey, members: Personas, active: Mentorship
) -> None:
    base = live_server.url
    alice, bob = members.alice, members.bob

    sign_in(page, base, alice.user)
    page.goto(f"{base}/mentorships/{active.pk}/")
    journey.check(page, "overview-active")
    page.get_by_role("button", name="Propose closing: our goals are reached").click()
    expect(page.get_by_text("Closure proposed.")).to_be_visible()
    expect(page.locator(".pair-header .badge").first).to_have_text("Closing")
    journey.check(page, "closure-proposed")

    active.refresh_from_db()
    assert active.state == Mentorship.State.CLOSING
    assert active.closure_proposed_by_id == alice.pk

    # Proposing leads straight to the closure page, where each writes their part.
    expect(
        page.get_by_role("heading", name="Your closure reflection and outcomes survey")
    ).to_be_visible()
    fill_closure(
        page,
        went_well="Honest conversations every fortnight.",
        learnt="How to frame a budget for the board.",
        before=4,
        after=8,
    )
    journey.check(page, "mentee-closure-form")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("closes when your partner has done the same")).to_be_visible()
    expect(page.get_by_role("heading", name="My reflection")).to_be_visible()
    journey.check(page, "mentee-submitted")

    active.refresh_from_db()
    assert active.state == Mentorship.State.CLOSING

    sign_in(page, base, bob.user)
    page.goto(f"{base}/mentorships/{active.pk}/closure/")
    expect(page.get_by_role("heading", name=f"{alice.name}'s reflection")).to_be_visible()
    fill_closure(
        page,
        went_well="Alice came prepared every time.",
        learnt="Listening before advising.",
        before=6,
        after=8,
    )
    journey.check(page, "mentor-closure-form")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("Thank you. The mentorship is now closed.")).to_be_visible()
    expect(page.locator(".pair-header .badge").first).to_have_text("Closed")
    expect(page.locator(".pair-header")).to_contain_text("Completed")
    journey.check(page, "closed")

    active.refresh_from_db()
    assert active.state == Mentorship.State.CLOSED
    assert active.outcome == Mentorship.Outcome.COMPLETED
    assert active.closed_at is not None
    surveys = {s.respondent_id: s for s in OutcomeSurvey.objects.filter(mentorship=active)}
    assert surveys.keys() == {alice.pk, bob.pk}
    assert (surveys[alice.pk].confidence_before, surveys[alice.pk].confidence_after) == (4, 8)
    assert surveys[bob.pk].would_recommend == 9
    reflections = {
        r.author_id: r.learnt for r in ClosureReflection.objects.filter(mentorship=active)
    }
    assert reflections == {
        alice.pk: "How to frame a budget for the board.",
        bob.pk: "Listening before advising.",
    }

    page.get_by_role("link", name="Overview").click()
    expect(page.get_by_role("heading", name="Closed")).to_be_visible()
    page.get_by_role("button", name="I'd like to stay in touch").click()
    expect(page.get_by_text("Noted: you would like to stay in touch.")).to_be_visible()
    journey.check(page, "closed-overview")
    assert Mentorship.objects.get(pk=active.pk).mentor_stays_in_touch
