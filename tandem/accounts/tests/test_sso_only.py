"""Single sign-on only (TANDEM_SSO_ONLY): no signing in, resetting or signing up with a
password, except for the break-glass accounts (TANDEM_SSO_BREAK_GLASS). Signing in through the
identity provider under it is tested with each protocol (test_saml.py, test_oidc.py)."""

from __future__ import annotations

import re
import runpy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, override_settings
from django.urls import reverse

import tandem
from tandem.accounts.access import SSO_ONLY_REFUSAL
from tandem.accounts.models import User
from tandem.accounts.tests.factories import PASSWORD, UserFactory
from tandem.core.models import AuditEvent
from tandem.env import saml_providers

pytestmark = pytest.mark.django_db

BREAK_GLASS = "root@example.org"
# A configured identity provider; the pages only name it, nothing here reaches it.
PROVIDERS = saml_providers(
    {
        "SAML_PROVIDERS": "entra",
        "SAML_ENTRA_METADATA_URL": "https://login.example.org/metadata.xml",
        "SAML_ENTRA_NAME": "Example Corp",
    }
)


@pytest.fixture(autouse=True)
def sso_only() -> Iterator[None]:
    with override_settings(
        TANDEM_SSO_ONLY=True,
        TANDEM_SSO_BREAK_GLASS=[BREAK_GLASS],
        SOCIALACCOUNT_PROVIDERS=PROVIDERS,
    ):
        yield


def account(email: str) -> User:
    user = UserFactory(email=email, name="Someone")
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def sign_in_with_password(client: Client, email: str, password: str = PASSWORD) -> Any:
    return client.post(reverse("account_login"), {"login": email, "password": password})


def messages_of(response: Any) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_the_sign_in_page_offers_the_organisations_sign_in_and_a_folded_break_glass_form(
    client: Client,
) -> None:
    page = client.get(reverse("account_login")).content.decode()

    assert "Sign in with Example Corp" in page
    assert reverse("saml_login", kwargs={"organization_slug": "entra"}) in page
    folded = re.search(r'<details class="break-glass">(.*?)</details>', page, re.S)
    assert folded is not None
    assert "Emergency sign-in for operators" in folded.group(1)
    assert 'name="password"' in folded.group(1)
    assert page.count('name="password"') == 1
    assert reverse("account_signup") not in page
    assert "Use a passkey instead" not in page


def test_a_password_sign_in_is_refused(client: Client) -> None:
    account("pat@example.org")

    response = sign_in_with_password(client, "pat@example.org")

    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    assert str(SSO_ONLY_REFUSAL) in messages_of(response)
    assert not signed_in(client)
    assert AuditEvent.objects.filter(action="signin.failed", detail__reason="sso_only").exists()
    assert not AuditEvent.objects.filter(action="signin.succeeded").exists()


def test_a_wrong_password_is_answered_alike_for_break_glass_and_other_accounts(
    client: Client,
) -> None:
    """The refusal comes only once the password is right: a guess tells nobody which accounts
    are break-glass."""
    account("pat@example.org")
    account(BREAK_GLASS)

    answers = [
        sign_in_with_password(Client(), email, "not the password")
        for email in ("pat@example.org", BREAK_GLASS)
    ]

    assert [a.status_code for a in answers] == [200, 200]
    errors = [
        re.findall(r'<ul class="errorlist[^"]*">(.*?)</ul>', a.content.decode(), re.S)
        for a in answers
    ]
    assert errors[0] == errors[1]
    assert errors[0]
    assert str(SSO_ONLY_REFUSAL) not in answers[0].content.decode()


def test_a_break_glass_account_signs_in_with_its_password(client: Client) -> None:
    operator = account(BREAK_GLASS)

    response = sign_in_with_password(client, "Root@Example.org")

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session["_auth_user_id"] == str(operator.pk)


def test_signing_up_with_a_password_is_closed(client: Client) -> None:
    page = client.get(reverse("account_signup"))
    client.post(
        reverse("account_signup"),
        {
            "name": "Nora New",
            "email": "nora@example.org",
            "password1": "a long pass phrase",
            "password2": "a long pass phrase",
        },
    )

    assert "there is no signing up with a password" in page.content.decode()
    assert not User.objects.filter(email="nora@example.org").exists()
    assert mail.outbox == []


def test_a_password_reset_sends_no_link_but_how_to_sign_in(client: Client) -> None:
    account("pat@example.org")

    response = client.post(reverse("account_reset_password"), {"email": "pat@example.org"})

    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "there is no password to reset" in body
    assert "http://testserver/accounts/login/" in body
    assert "/password/reset/key/" not in body


def test_an_unknown_address_is_answered_as_an_account_would_be(client: Client) -> None:
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})

    assert response["Location"] == reverse("account_reset_password_done")
    assert len(mail.outbox) == 1
    assert "there is no password to reset" in mail.outbox[0].body
    assert reverse("account_signup") not in mail.outbox[0].body


def test_a_break_glass_account_resets_its_password(client: Client) -> None:
    operator = account(BREAK_GLASS)

    client.post(reverse("account_reset_password"), {"email": BREAK_GLASS})
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mail.outbox[0].body)
    assert link is not None
    form = client.get(link.group(1), follow=True)
    client.post(
        form.redirect_chain[-1][0],
        {"password1": "a new long pass phrase", "password2": "a new long pass phrase"},
    )

    operator.refresh_from_db()
    assert operator.check_password("a new long pass phrase")


def test_a_reset_link_sent_before_single_sign_on_only_no_longer_sets_a_password(
    client: Client,
) -> None:
    user = account("pat@example.org")
    key = f"{user_pk_to_url_str(user)}-{default_token_generator.make_token(user)}"
    link = reverse("account_reset_password_from_key", kwargs={"uidb36": "x", "key": "y"})
    link = link.replace("x-y", key)

    form = client.get(link, follow=True)
    response = client.post(
        form.redirect_chain[-1][0],
        {"password1": "a new long pass phrase", "password2": "a new long pass phrase"},
    )

    assert response.status_code == 200
    assert "single sign-on only" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_the_admins_sign_in_page_is_tandems(client: Client) -> None:
    response = client.get(reverse("admin:login"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_everything_is_as_before_without_the_switch(client: Client) -> None:
    account("pat@example.org")
    with override_settings(TANDEM_SSO_ONLY=False):
        page = client.get(reverse("account_login")).content.decode()
        response = sign_in_with_password(client, "pat@example.org")

    assert "Emergency sign-in" not in page
    assert reverse("account_signup") in page
    assert response["Location"] == reverse("home")


def test_the_switch_needs_an_identity_provider(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OIDC_SERVER_URL", "SAML_PROVIDERS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TANDEM_SSO_ONLY", "1")

    with pytest.raises(ImproperlyConfigured, match="configure single sign-on too"):
        runpy.run_path(str(Path(tandem.__file__).parent / "settings.py"))
