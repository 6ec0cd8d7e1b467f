"""Fixtures for the browser journeys: Debian's chromium driven by Playwright, axe checks and
screenshots under test-results/."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

CHROMIUM = os.environ.get("TANDEM_CHROMIUM", "/usr/bin/chromium")
RESULTS_DIR = Path(os.environ.get("TANDEM_TEST_RESULTS", "test-results"))
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Browser journeys need chromium at {CHROMIUM} (apt-get install chromium).")
    # Playwright's sync API runs an event loop in the test thread; Django would otherwise refuse
    # the ORM calls the journeys make to set up and check data.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        # The machine has no route out: stop chromium calling home at every start.
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


def sign_in(page: Any, base: str, email: str, password: str | None = None) -> None:
    """Sign in through the sign-in page in a fresh session, dropping whoever was signed in."""
    from playwright.sync_api import expect

    from tandem.accounts.tests.factories import PASSWORD

    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password or PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("button", name="Sign In")).to_have_count(0)


class Journey:
    """Screenshots and accessibility checks for one browser journey."""

    def __init__(self, name: str) -> None:
        self.name = re.sub(r"[^a-z0-9_-]+", "-", name.lower())
        self.directory = RESULTS_DIR / self.name
        self.directory.mkdir(parents=True, exist_ok=True)
        self.steps = 0
        self.violations: list[str] = []
        self._axe = Axe()

    def check(self, page: Any, label: str) -> None:
        """Screenshot the page and record serious or critical axe violations on it."""
        self.steps += 1
        page.screenshot(path=str(self.directory / f"{self.steps:02d}-{label}.png"), full_page=True)
        result = self._axe.run(page)
        for violation in result.response["violations"]:
            if violation["impact"] in BLOCKING_IMPACTS:
                targets = [node["target"] for node in violation["nodes"]][:3]
                self.violations.append(
                    f"{label} ({page.url}): {violation['id']} [{violation['impact']}] "
                    f"{violation['help']} at {targets}"
                )


@pytest.fixture
def journey(request: pytest.FixtureRequest) -> Iterator[Journey]:
    tracker = Journey(request.node.name)
    yield tracker
    assert tracker.steps > 0, "a journey must look at least one page"
    assert not tracker.violations, "\n".join(tracker.violations)
