"""Pages in states the other journeys do not reach, at desktop and phone width: every button
readable (axe's colour-contrast rule), no console or CSP error, nothing wider than a phone,
and a menu that folds."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tandem.conftest import Personas
from tandem.core.testing.browser import Journey
from tandem.matching.models import PairRule
from tandem.mentorships.models import Mentorship
from tandem.mentorships.tests.conftest import build_world

from .steps import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1366, "height": 900}


def _watch_console(page: Page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def _overflow(page: Page) -> int:
    return int(
        page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
    )


def test_rarely_seen_states_are_readable_and_fit_a_phone(
    page: Page, live_server: LiveServer, journey: Journey, members: Personas, active: Mentorship
) -> None:
    world = build_world(members, active)
    PairRule.objects.create(
        programme=members.programme, mentee=members.alice, mentor=members.bob, kind="forbid"
    )
    errors = _watch_console(page)
    base = live_server.url
    pair = f"{base}/mentorships/{active.pk}"
    pages = {
        "bob": [
            ("journal", f"{pair}/journal/", "Make private"),
            ("meeting", f"{pair}/meetings/{world.meeting.pk}/", "Remove"),
            ("overview", f"{pair}/", None),
        ],
        "alice": [("journal-mentee", f"{pair}/journal/", f"Share with {members.bob.name}")],
        "carol": [
            (
                "run-create",
                f"{base}/matching/programme/{members.programme.slug}/runs/new/",
                "Remove",
            ),
            ("pairs", f"{base}/mentorships/programme/{members.programme.slug}/", None),
        ],
    }
    users = {"bob": members.bob.user, "alice": members.alice.user, "carol": members.carol}
    for who, visits in pages.items():
        sign_in(page, base, users[who])
        for size_name, size in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(size)
            for label, url, button in visits:
                page.goto(url)
                if button:
                    expect(page.get_by_role("button", name=button).first).to_be_visible()
                journey.check(page, f"{who}-{label}-{size_name}")
                if size_name == "phone":
                    assert _overflow(page) <= 0, f"{url} is wider than a phone"
                    toggle = page.locator(".nav-toggle")
                    expect(toggle).to_be_visible()
                    expect(page.get_by_role("link", name="Directory")).to_be_hidden()
                    toggle.click()
                    expect(page.get_by_role("link", name="Directory")).to_be_visible()
                else:
                    expect(page.locator(".nav-toggle")).to_be_hidden()
                    expect(page.get_by_role("link", name="Directory")).to_be_visible()
                assert not errors, f"{url}: {errors}"
    page.goto(f"{base}/no-such-page/")
    expect(page.get_by_role("link", name="Back to your home page")).to_be_visible()
    journey.check(page, "not-found")
