"""Steps the mentorship journeys share."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tandem.accounts.models import User
from tandem.accounts.tests.factories import PASSWORD


def sign_in(page: Page, base: str, user: User) -> None:
    """Sign in as `user` in a fresh session, dropping whoever was signed in before."""
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("button", name="Sign In")).to_have_count(0)


def mark_document(page: Page) -> None:
    """Tag the loaded document so a later check can tell whether the page was reloaded."""
    page.evaluate("() => { window.tandemJourneyMark = true; }")


def same_document(page: Page) -> bool:
    return bool(page.evaluate("() => window.tandemJourneyMark === true"))
