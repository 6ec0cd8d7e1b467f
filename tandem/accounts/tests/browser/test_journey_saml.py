"""Single sign-on with SAML in chromium: someone the organisation imported presses "Sign in
with …" on Tandem's sign-in page, passes through the identity provider (tests/saml_idp/, in its
own process), whose page posts its signed answer back to Tandem, and lands on their home page
with the account made for them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from allauth.account.models import EmailAddress
from django.test import override_settings
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tandem.accounts.models import User
from tandem.accounts.tests.factories import PASSWORD, UserFactory
from tandem.accounts.tests.saml import ENTRA, IDP_NAME, SamlIdp, metadata_path, running_idp
from tandem.core.testing.browser import Journey
from tandem.people.models import Person
from tandem.people.tests.factories import PersonFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def idp(tmp_path: Path) -> Iterator[SamlIdp]:
    with running_idp(tmp_path) as running:
        yield running


def test_a_person_signs_in_through_the_identity_provider_and_lands_on_their_home_page(
    page: Page, live_server: LiveServer, journey: Journey, idp: SamlIdp
) -> None:
    base = live_server.url
    PersonFactory(user=None, email="ada@example.org", name="Ada Lovelace")
    idp.sign_in_as(
        "ada-0001",
        {
            ENTRA["email"]: "ada@example.org",
            ENTRA["name"]: "Ada Lovelace",
            ENTRA["job_title"]: "Programmer",
        },
    )
    with override_settings(SOCIALACCOUNT_PROVIDERS=idp.tandem_settings()):
        idp.trust("live-server", requests.get(f"{base}{metadata_path()}", timeout=10).content)

        page.goto(f"{base}/accounts/login/")
        sign_in_button = page.get_by_role("button", name=f"Sign in with {IDP_NAME}")
        expect(sign_in_button).to_be_visible()
        journey.check(page, "sign-in-page")
        sign_in_button.click()

        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
        expect(page).to_have_url(f"{base}/")
        expect(page.get_by_text("Ada Lovelace").first).to_be_visible()
        journey.check(page, "home")

    user = User.objects.get(email="ada@example.org")
    person = Person.objects.get(email="ada@example.org")
    assert person.user == user
    assert person.job_title == "Programmer"


def test_with_single_sign_on_only_an_operator_uses_the_break_glass_form(
    page: Page, live_server: LiveServer, journey: Journey, idp: SamlIdp, settings: Any
) -> None:
    """The sign-in page offers the organisation's sign-in; the password form is folded away,
    and takes the break-glass operator only."""
    base = live_server.url
    settings.TANDEM_SSO_ONLY = True
    settings.TANDEM_SSO_BREAK_GLASS = ["root@example.org"]
    settings.SOCIALACCOUNT_PROVIDERS = idp.tandem_settings()
    operator = UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
    EmailAddress.objects.create(user=operator, email=operator.email, verified=True, primary=True)
    colleague = UserFactory(email="pat@example.org")
    EmailAddress.objects.create(user=colleague, email=colleague.email, verified=True, primary=True)

    page.goto(f"{base}/accounts/login/")
    expect(page.get_by_role("button", name=f"Sign in with {IDP_NAME}")).to_be_visible()
    expect(page.locator("#id_password")).to_be_hidden()
    journey.check(page, "sso-only-sign-in-page")

    page.get_by_text("Emergency sign-in for operators").click()
    page.locator("#id_login").fill(colleague.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    expect(page.get_by_text("through single sign-on only")).to_be_visible()
    journey.check(page, "sso-only-refused")

    page.get_by_text("Emergency sign-in for operators").click()
    page.locator("#id_login").fill(operator.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page).to_have_url(f"{base}/")
