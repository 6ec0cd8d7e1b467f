"""Two-factor authentication in chromium: a participant adds a passkey from the Security
section of their profile and signs in with it alone; a coordinator whose organisation requires
two-factor authentication is sent to set it up, turns on an authenticator app, and signs in
with the password and a code."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tandem.accounts.tests.factories import PASSWORD
from tandem.accounts.tests.mfa import totp_code, verified
from tandem.conftest import Personas
from tandem.core.testing.browser import Journey, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _virtual_passkey_device(page: Page) -> Any:
    """A platform authenticator (like a laptop's fingerprint reader) that always says yes."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    return cdp


def _confirm_password(page: Page) -> None:
    expect(page.get_by_role("heading", name="Confirm Access")).to_be_visible()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()


def test_a_participant_adds_a_passkey_and_signs_in_with_it(
    page: Page, live_server: LiveServer, journey: Journey, personas: Personas
) -> None:
    # Browsers offer passkeys on https and on localhost, never on an IP address.
    base = live_server.url.replace("127.0.0.1", "localhost")
    alice = verified(personas.alice.user)
    _virtual_passkey_device(page)

    sign_in(page, base, alice.email)
    page.locator(".nav-account").get_by_role("link", name="My profile").click()
    security = page.get_by_role("region", name="Security")
    expect(security.get_by_text("Two-factor authentication is off")).to_be_visible()
    security.scroll_into_view_if_needed()
    journey.check(page, "profile-security-off")

    security.get_by_role("link", name="Set up two-factor authentication").click()
    expect(
        page.get_by_role("heading", name="Two-factor authentication", exact=True)
    ).to_be_visible()
    journey.check(page, "overview")

    page.get_by_role("link", name="Add a passkey or security key").click()
    _confirm_password(page)
    expect(page.get_by_role("heading", name="Add a passkey or security key")).to_be_visible()
    page.get_by_label("Name").fill("Work laptop")
    expect(page.get_by_label("Sign in with this key alone", exact=False)).to_be_checked()
    journey.check(page, "add-passkey")

    page.get_by_role("button", name="Add key").click()
    expect(page.get_by_role("heading", name="Recovery codes")).to_be_visible()
    expect(page.get_by_text("Security key added.")).to_be_visible()
    journey.check(page, "recovery-codes")
    key = Authenticator.objects.get(user=alice, type=Authenticator.Type.WEBAUTHN)
    assert key.data["name"] == "Work laptop"
    assert key.wrap().is_passwordless

    page.locator(".nav-account").get_by_role("link", name="My profile").click()
    security = page.get_by_role("region", name="Security")
    expect(security.get_by_text("Two-factor authentication is on")).to_be_visible()
    expect(security.get_by_text("Passkeys and security keys: 1")).to_be_visible()

    # Signed out, the passkey alone signs her in: no password, no code.
    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{base}/accounts/login/")
    journey.check(page, "sign-in-page")
    page.get_by_role("button", name="Use a passkey instead").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page).to_have_url(f"{base}/")
    journey.check(page, "signed-in-with-passkey")
    key.refresh_from_db()
    assert key.last_used_at is not None


def test_a_coordinator_is_sent_to_set_up_an_app_and_then_signs_in_with_a_code(
    page: Page, live_server: LiveServer, journey: Journey, personas: Personas, settings
) -> None:
    settings.TANDEM_MFA_REQUIRED_FOR = ["coordinators", "operators"]
    base = live_server.url
    carol = verified(personas.carol)

    sign_in(page, base, carol.email)
    expect(
        page.get_by_role("heading", name="Two-factor authentication", exact=True)
    ).to_be_visible()
    expect(page.get_by_text("Your organisation requires two-factor authentication")).to_be_visible()
    journey.check(page, "required")
    page.goto(f"{base}/reports/")  # any other page sends her back
    expect(page.get_by_text("Your organisation requires two-factor authentication")).to_be_visible()

    page.get_by_role("link", name="Set up an authenticator app").click()
    _confirm_password(page)
    expect(page.get_by_role("heading", name="Set up an authenticator app")).to_be_visible()
    expect(
        page.get_by_role("img", name="QR code that adds Tandem to your authenticator app")
    ).to_be_visible()
    journey.check(page, "authenticator-app")
    secret = page.locator("#totp-secret").inner_text()
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_role("heading", name="Recovery codes")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports").click()
    expect(page).to_have_url(f"{base}/reports/")

    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_login").fill(carol.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_text("Enter the code your authenticator app shows")).to_be_visible()
    journey.check(page, "code-step")
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Incorrect code.")).to_be_visible()
    journey.check(page, "wrong-code")
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page).to_have_url(f"{base}/")
