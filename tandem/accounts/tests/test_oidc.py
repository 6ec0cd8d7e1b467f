"""Single sign-on with OpenID Connect, end to end against a real provider in its own process
(tests/oidc_provider/, django-oauth-toolkit): sign-in, accounts made on first sign-in, the
claims mapped onto the profile, and the sign-ins that must be refused."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.messages import get_messages
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.models import User
from tandem.accounts.tests.factories import UserFactory
from tandem.accounts.tests.oidc import (
    OidcProvider,
    running_provider,
    sign_in,
    sign_in_at_provider,
    start_sign_in,
    with_query,
)
from tandem.accounts.tests.sessions import signed_in_user
from tandem.core.models import AuditEvent
from tandem.people.models import Person
from tandem.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OidcProvider]:
    with running_provider(Path(tmp_path_factory.mktemp("oidc-provider"))) as running:
        yield running


@pytest.fixture
def sso(provider: OidcProvider) -> Iterator[OidcProvider]:
    provider.publish_wrong_key(False)
    with override_settings(SOCIALACCOUNT_PROVIDERS=provider.tandem_settings()):
        yield provider


def login_page_messages(client: Client, response: object) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_first_sign_in_creates_the_account_and_maps_the_claims(sso: OidcProvider) -> None:
    PersonFactory(user=None, email="grace.boss@example.org", name="Grace Boss")
    sso.add_person(
        "ada",
        email="ada@example.org",
        email_verified=True,
        name="Ada Lovelace",
        department="Analytical Engines",
        job_title="Programmer",
        manager_email="Grace.Boss@example.org",
    )
    client = Client()

    _, response = sign_in(client, "ada")

    assert response.status_code == 302, response.content
    user = signed_in_user(client)
    assert user is not None
    assert user.email == "ada@example.org"
    assert user.name == "Ada Lovelace"
    person = Person.objects.select_related("department", "manager").get(user=user)
    assert person.name == "Ada Lovelace"
    assert person.department is not None
    assert person.department.name == "Analytical Engines"
    assert person.job_title == "Programmer"
    assert person.manager is not None
    assert person.manager.email == "grace.boss@example.org"


def refused(client: Client, response: object) -> str:
    """Not signed in; the message the sign-in page shows, if any."""
    assert signed_in_user(client) is None
    return " ".join(login_page_messages(client, response))


def test_the_second_sign_in_opens_the_same_account_and_follows_the_directory(
    sso: OidcProvider,
) -> None:
    sso.add_person("bob", email="bob@example.org", email_verified=True, name="Bob", job_title="A")
    first = Client()
    sign_in(first, "bob")
    account = signed_in_user(first)
    assert account is not None
    sso.add_person("bob", email="bob@example.org", email_verified=True, name="Bob", job_title="B")

    again = Client()
    _, response = sign_in(again, "bob")

    assert response.status_code == 302
    assert signed_in_user(again) == account
    assert User.objects.filter(email="bob@example.org").count() == 1
    assert SocialAccount.objects.filter(user=account).count() == 1
    assert Person.objects.get(user=account).job_title == "B"


def test_an_existing_account_is_linked_when_the_provider_verified_the_email(
    sso: OidcProvider,
) -> None:
    """As an account made by signing up has: its address confirmed in Tandem as well. (One never
    confirmed gets the confirmation email instead, so that whoever registered someone else's
    address first cannot keep a way in.)"""
    person = PersonFactory(user=UserFactory(email="cy@example.org"), job_title="Old title")
    EmailAddress.objects.create(user=person.user, email="cy@example.org", verified=True)
    sso.add_person("cy", email="cy@example.org", email_verified=True, name="Cy", job_title="New")
    client = Client()

    _, response = sign_in(client, "cy")

    assert response.status_code == 302
    assert signed_in_user(client) == person.user
    assert SocialAccount.objects.get(user=person.user).provider == "sso"
    person.refresh_from_db()
    assert person.job_title == "New"


def test_an_existing_account_is_not_linked_when_the_provider_did_not_verify_the_email(
    sso: OidcProvider,
) -> None:
    user = UserFactory(email="dee@example.org")
    sso.add_person("dee", email="dee@example.org", email_verified=False, name="Dee")
    client = Client()

    _, response = sign_in(client, "dee")

    assert response["Location"] == reverse("account_login")
    assert "did not confirm that this address is yours" in refused(client, response)
    assert not SocialAccount.objects.filter(user=user).exists()


@override_settings(TANDEM_SSO_CREATE_ACCOUNTS=False)
def test_without_just_in_time_accounts_a_stranger_is_refused(sso: OidcProvider) -> None:
    sso.add_person("eve", email="eve@example.org", email_verified=True, name="Eve")
    client = Client()

    _, response = sign_in(client, "eve")

    assert response["Location"] == reverse("account_login")
    assert "Tandem does not know eve@example.org yet" in refused(client, response)
    assert not User.objects.filter(email="eve@example.org").exists()
    assert not Person.objects.filter(email="eve@example.org").exists()


@override_settings(TANDEM_SSO_CREATE_ACCOUNTS=False)
def test_without_just_in_time_accounts_an_imported_person_signs_in(sso: OidcProvider) -> None:
    imported = PersonFactory(user=None, email="fay@example.org", name="Fay")
    sso.add_person("fay", email="fay@example.org", email_verified=True, name="Fay Imported")
    client = Client()

    _, response = sign_in(client, "fay")

    assert response.status_code == 302
    user = signed_in_user(client)
    assert user is not None
    imported.refresh_from_db()
    assert imported.user == user
    assert imported.name == "Fay Imported"


def test_a_replayed_authorization_code_is_refused(sso: OidcProvider) -> None:
    sso.add_person("gus", email="gus@example.org", email_verified=True, name="Gus")
    client = Client()
    callback, _ = sign_in(client, "gus")
    client.logout()

    # The same address again, and the same code with a state Tandem did issue.
    client.get(callback)
    assert signed_in_user(client) is None
    fresh_state = with_query(callback)
    authorize = start_sign_in(client)
    state = parse_qs(urlsplit(authorize).query)["state"][0]
    client.get(with_query(fresh_state, state=state))
    assert signed_in_user(client) is None


@pytest.mark.parametrize(("later", "signed_in"), [(30, True), (5 * 60, False)])
def test_an_expired_id_token_is_refused(sso: OidcProvider, later: int, signed_in: bool) -> None:
    """The provider's ID tokens last a minute and a sign-in stays open ten: half a minute on, the
    token is good; five minutes on, only its expiry stands between the person and Tandem."""
    sso.add_person("kim", email="kim@example.org", email_verified=True, name="Kim")
    client = Client()
    callback = sign_in_at_provider(start_sign_in(client), "kim")

    with time_machine.travel(timezone.now() + timedelta(seconds=later)):
        client.get(callback)

    assert (signed_in_user(client) is not None) is signed_in
    assert User.objects.filter(email="kim@example.org").exists() is signed_in
    assert AuditEvent.objects.filter(action="signin.failed").exists() is not signed_in


def test_a_tampered_state_is_refused(sso: OidcProvider) -> None:
    sso.add_person("hal", email="hal@example.org", email_verified=True, name="Hal")
    client = Client()
    callback = sign_in_at_provider(start_sign_in(client), "hal")

    client.get(with_query(callback, state="forged-state"))

    assert signed_in_user(client) is None
    assert not User.objects.filter(email="hal@example.org").exists()


def test_an_id_token_signed_with_a_key_the_provider_does_not_publish_is_refused(
    sso: OidcProvider,
) -> None:
    sso.add_person("ida", email="ida@example.org", email_verified=True, name="Ida")
    sso.publish_wrong_key(True)
    client = Client()

    sign_in(client, "ida")

    assert signed_in_user(client) is None
    assert not User.objects.filter(email="ida@example.org").exists()


def test_a_token_meant_for_another_client_is_refused(provider: OidcProvider) -> None:
    """Tandem configured with the wrong client id: the ID token's audience is not Tandem."""
    provider.add_person("jo", email="jo@example.org", email_verified=True, name="Jo")
    client = Client()
    with override_settings(SOCIALACCOUNT_PROVIDERS=provider.tandem_settings()):
        authorize = start_sign_in(client)
    callback = sign_in_at_provider(authorize, "jo")
    wrong = provider.tandem_settings()
    wrong["openid_connect"]["APPS"][0]["client_id"] = "someone-else"  # type: ignore[index]
    with override_settings(SOCIALACCOUNT_PROVIDERS=wrong):
        client.get(callback)

    assert signed_in_user(client) is None


def test_the_sign_in_page_offers_the_provider(sso: OidcProvider) -> None:
    page = Client().get(reverse("account_login"))

    assert "Test provider" in page.content.decode()
    assert reverse("openid_connect_login", kwargs={"provider_id": "sso"}) in page.content.decode()


@override_settings(TANDEM_SSO_ONLY=True, TANDEM_SSO_BREAK_GLASS=["root@example.org"])
def test_with_single_sign_on_only_people_still_sign_in_through_the_provider(
    sso: OidcProvider,
) -> None:
    sso.add_person("kim", email="kim@example.org", email_verified=True, name="Kim")
    client = Client()

    _, response = sign_in(client, "kim")

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    user = signed_in_user(client)
    assert user is not None
    assert user.email == "kim@example.org"


def test_a_refused_sign_in_is_in_the_audit_log(sso: OidcProvider) -> None:
    sso.add_person("lou", email="lou@example.org", email_verified=True, name="Lou")
    client = Client()
    callback = sign_in_at_provider(start_sign_in(client), "lou")

    client.get(with_query(callback, state="forged-state"))

    failed = AuditEvent.objects.get(action="signin.failed")
    assert failed.detail["provider"] == "sso"
    assert failed.actor is None
