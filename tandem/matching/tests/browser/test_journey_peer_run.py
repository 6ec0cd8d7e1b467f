"""A coordinator runs a peer programme's match, reads each pair's reasons both ways and the
certificate, takes a pair apart and pairs it again by hand, and publishes."""

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import Page, expect

from tandem.matching.models import MatchRun
from tandem.matching.tests.test_peer_runs import Pool
from tandem.mentorships.models import Mentorship

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_coordinator_reviews_adjusts_and_publishes_a_peer_run(
    page: Page, live_server, journey, personas
):
    from tandem.core.testing.browser import sign_in

    base = live_server.url
    carol = personas.carol
    EmailAddress.objects.create(user=carol, email=carol.email, verified=True, primary=True)
    pool = Pool(personas)
    slug = pool.programme.slug

    sign_in(page, base, carol.email)
    page.goto(f"{base}/matching/programme/{slug}/runs/new/")
    expect(page.get_by_text("largest total mutual fit")).to_be_visible()
    journey.check(page, "new-peer-run")
    page.get_by_role("button", name="Start the run").click()
    expect(page.get_by_role("heading", name="How good these pairs are")).to_be_visible(
        timeout=15000
    )
    expect(page.get_by_text("For Ana Lind:")).to_be_visible()
    expect(page.get_by_text("proved optimum")).to_be_visible()
    journey.check(page, "peer-run-review")

    # Take one pair apart, then put it back together by hand: it is checked and pinned.
    page.get_by_role("button", name="Unassign Cy Park and Di Rossi").click()
    expect(
        page.get_by_text("Unassigned Cy Park from Di Rossi; both are now unmatched.")
    ).to_be_visible()
    page.get_by_role("link", name="Choose a partner for Cy Park").click()
    expect(page.get_by_role("heading", name="Choose a partner for Cy Park")).to_be_visible()
    expect(page.get_by_text("No other peer shares a language with Eve Virtanen")).to_be_visible()
    journey.check(page, "choose-a-partner")
    page.get_by_role("button", name="Pair with Di Rossi").click()
    expect(page.get_by_text("Paired Cy Park with Di Rossi; pinned.")).to_be_visible()
    journey.check(page, "paired-by-hand")

    run = MatchRun.objects.get(programme=pool.programme)
    page.goto(f"{base}/matching/programme/{slug}/runs/{run.pk}/publish/")
    expect(page.get_by_text("one to each peer of each pair")).to_be_visible()
    journey.check(page, "publish-peer-run")
    page.get_by_role("button", name="Yes, publish 2 pairs").click()
    expect(page.get_by_text("Published")).to_be_visible(timeout=15000)
    journey.check(page, "published")
    assert Mentorship.objects.filter(programme=pool.programme).count() == 2
