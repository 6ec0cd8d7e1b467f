"""Steps the mentorship journeys share."""

from __future__ import annotations

from playwright.sync_api import Page

from tandem.accounts.models import User
from tandem.core.testing.browser import sign_in as sign_in_as


def sign_in(page: Page, base: str, user: User) -> None:
    """Sign in as `user` in a fresh session, dropping whoever was signed in before."""
    sign_in_as(page, base, user.email)


def mark_document(page: Page) -> None:
    """Tag the loaded document so a later check can tell whether the page was reloaded."""
    page.evaluate("() => { window.tandemJourneyMark = true; }")


def same_document(page: Page) -> bool:
    return bool(page.evaluate("() => window.tandemJourneyMark === true"))
