"""A coordinator runs a match, pins one pair, re-runs keeping it, and publishes."""

import re

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import Page, expect

from tandem.accounts.tests.factories import UserFactory
from tandem.core.testing.browser import sign_in
from tandem.matching.models import MatchProposal, MatchRun
from tandem.matching.tests.factories import mentee, mentor
from tandem.mentorships.models import Mentorship
from tandem.people.tests.factories import PersonFactory
from tandem.programmes.tests.factories import ProgrammeFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_coordinator_runs_a_match_pins_a_pair_reruns_and_publishes(
    page: Page, live_server, journey
):
    base = live_server.url
    carol = UserFactory(email="carol@example.org", name="Carol Coordinator", is_coordinator=True)
    EmailAddress.objects.create(user=carol, email=carol.email, verified=True, primary=True)
    PersonFactory(user=carol)
    programme = ProgrammeFactory(name="Leaders of Tomorrow", coordinators=[carol])
    mentor(
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
    mentee(programme, name="Ned Mentee", goals="Negotiate better deals.")

    sign_in(page, base, carol.email)
    page.goto(f"{base}/matching/programme/{programme.slug}/runs/new/")
    journey.check(page, "new-run")
    page.get_by_role("radio", name=re.compile("Optimal")).check()
    page.get_by_role("button", name="Start the run").click()

    expect(page.get_by_role("heading", name="Pairs (2)")).to_be_visible()
    journey.check(page, "results")
    first = MatchRun.objects.get()
    pair = MatchProposal.objects.get(run=first, mentee=mia)
    expect(page.locator(f"#pair-{pair.pk}")).to_contain_text("Cara Mentor")

    page.locator(f"#pair-{pair.pk}").get_by_role("button", name=re.compile("^Pin")).click()
    expect(page.locator(f"#pair-{pair.pk}")).to_contain_text("Pinned")
    journey.check(page, "pinned")

    page.get_by_role("button", name="Re-run keeping pins").click()
    expect(page.get_by_role("heading", name=re.compile("Match run \\d+ of"))).to_be_visible()
    expect(page.get_by_role("heading", name="Pairs (2)")).to_be_visible()
    rerun = MatchRun.objects.exclude(pk=first.pk).get()
    assert rerun.parent == first
    kept = MatchProposal.objects.get(run=rerun, mentee=mia)
    assert kept.pinned
    assert kept.mentor.name == "Cara Mentor"
    expect(page.locator(f"#pair-{kept.pk}")).to_contain_text("Pinned")
    journey.check(page, "rerun")

    page.get_by_role("link", name=re.compile("^Publish 2 pairs")).click()
    expect(page.get_by_text(re.compile("Creates 2 mentorships"))).to_be_visible()
    journey.check(page, "publish-confirm")
    page.get_by_role("button", name="Yes, publish 2 pairs").click()
    expect(page.get_by_text(re.compile("Publishing has started"))).to_be_visible()
    journey.check(page, "published")
    assert Mentorship.objects.filter(origin=Mentorship.Origin.MATCH).count() == 2

    page.goto(f"{base}/matching/programme/{programme.slug}/runs/")
    expect(page.locator(f"#run-{rerun.pk}")).to_contain_text("Published")
    journey.check(page, "history")
