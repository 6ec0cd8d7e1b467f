"""Two peers compare expectations, write their charter together and both sign it: their
pairing starts, and no page on the way calls either of them a mentor or a mentee."""

import re

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tandem.conftest import Personas
from tandem.core.testing.browser import Journey
from tandem.mentorships.models import CharterVersion, Mentorship

from ..peers import build_peer_pair
from .steps import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROLE_WORDS = re.compile(r"\bment(?:or|ee)s?\b", re.IGNORECASE)


def _no_role_words(page: Page) -> None:
    text = page.locator("body").inner_text()
    assert not ROLE_WORDS.search(text), ROLE_WORDS.findall(text)


def test_a_peer_pair_signs_its_charter(
    page: Page, live_server: LiveServer, journey: Journey, personas: Personas
) -> None:
    base = live_server.url
    pair = build_peer_pair(personas)
    priya, tom, mentorship = pair.priya, pair.tom, pair.mentorship
    for user in (priya.user, tom.user):
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

    sign_in(page, base, priya.user)
    page.goto(f"{base}/mentorships/")
    journey.check(page, "my-pairs")
    page.get_by_role("link", name=f"With {tom.name} (your partner)").click()
    expect(page.get_by_role("heading", name=f"Peer mentoring with {tom.name}")).to_be_visible()
    _no_role_words(page)
    journey.check(page, "overview-proposed")

    page.get_by_role("link", name="Compare expectations").click()
    expect(page.get_by_role("button", name="Look for another partner")).to_be_visible()
    _no_role_words(page)
    journey.check(page, "expectations")
    page.get_by_role("button", name="We have talked: write our charter").click()

    expect(page.get_by_role("heading", name="Write your charter")).to_be_visible()
    _no_role_words(page)
    journey.check(page, "write-charter")
    page.get_by_label("What each of you wants").fill(
        "Priya: negotiate budgets with confidence. Tom: run better customer interviews."
    )
    page.get_by_label("Cadence").select_option(label="Fortnightly")
    page.get_by_label("Meeting format").select_option(label="Video call")
    page.get_by_label("Confidentiality").fill("Nothing leaves the pair unless we both agree.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Charter, version 1")).to_be_visible()
    journey.check(page, "charter-drafted")

    sign_in(page, base, tom.user)
    page.goto(f"{base}/mentorships/{mentorship.pk}/charter/")
    expect(page.get_by_role("heading", name=f"Peer mentoring with {priya.name}")).to_be_visible()
    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Roles and responsibilities").fill(
        "We take turns: one session on Priya's topic, the next on Tom's."
    )
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Sign version 1").click()
    expect(page.get_by_text("Signed.", exact=True)).to_be_visible()
    expect(page.locator(".signature").nth(1)).to_contain_text(re.compile(rf"{tom.name}: signed \d"))
    expect(page.locator(".signature").nth(0)).to_contain_text(f"{priya.name}: not signed yet")
    _no_role_words(page)
    journey.check(page, "tom-signed")

    sign_in(page, base, priya.user)
    page.goto(f"{base}/mentorships/{mentorship.pk}/charter/")
    page.get_by_role("button", name="Sign version 1").click()
    expect(page.get_by_text("Signed.", exact=True)).to_be_visible()
    expect(page.locator(".pair-header .badge").first).to_have_text("Active")
    _no_role_words(page)
    journey.check(page, "both-signed-active")
    page.goto(f"{base}/mentorships/{mentorship.pk}/")
    _no_role_words(page)
    journey.check(page, "overview-active")

    mentorship.refresh_from_db()
    assert mentorship.state == Mentorship.State.ACTIVE
    (charter,) = CharterVersion.objects.filter(mentorship=mentorship)
    assert charter.mentee_signed_at is not None
    assert charter.mentor_signed_at is not None
    assert charter.roles.startswith("We take turns")
