"""Single sign-on with SAML 2.0, end to end against a real identity provider in its own process
(tests/saml_idp/, pysaml2 signing with Debian's xmlsec1): sign-in, accounts made on first
sign-in, the attributes mapped onto the profile, and the answers that must be refused: a
signature that does not verify, an expired assertion, a response posted twice."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
import time_machine
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.messages import get_messages
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.models import SamlAssertion, User
from tandem.accounts.tests.factories import UserFactory
from tandem.accounts.tests.saml import (
    ENTRA,
    IDP_ID,
    IDP_NAME,
    SamlIdp,
    browser,
    metadata_path,
    post_to_tandem,
    running_idp,
    sign_in,
    sign_in_at_idp,
    start_sign_in,
)
from tandem.accounts.tests.sessions import signed_in_user
from tandem.core.models import AuditEvent
from tandem.env import saml_providers
from tandem.people.models import Person
from tandem.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

PROVIDER = f"saml-{IDP_ID}"


@pytest.fixture(scope="module")
def idp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SamlIdp]:
    with running_idp(Path(tmp_path_factory.mktemp("saml-idp"))) as running:
        yield running


@pytest.fixture
def sso(idp: SamlIdp) -> Iterator[SamlIdp]:
    """Tandem configured with the identity provider, and the identity provider with Tandem's
    metadata, as an administrator downloads it from Tandem and uploads it there."""
    with override_settings(SOCIALACCOUNT_PROVIDERS=idp.tandem_settings()):
        metadata = browser().get(metadata_path())
        assert metadata.status_code == 200, metadata.content
        idp.trust("localhost", metadata.content)
        yield idp


def refused(client: Client, response: Any) -> str:
    """Not signed in, sent back to the sign-in page; the message it shows."""
    assert signed_in_user(client) is None
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def entra_attributes(**values: str) -> dict[str, str]:
    return {ENTRA[field]: value for field, value in values.items()}


def test_first_sign_in_creates_the_account_and_maps_the_attributes(sso: SamlIdp) -> None:
    PersonFactory(user=None, email="grace.boss@example.org", name="Grace Boss")
    sso.sign_in_as(
        "ada-0001",
        entra_attributes(
            email="ada@example.org",
            name="Ada Lovelace",
            department="Analytical Engines",
            job_title="Programmer",
            manager_email="Grace.Boss@example.org",
        ),
    )
    client = browser()

    _, response = sign_in(client)

    assert response.status_code == 302, response.content
    assert response["Location"] == reverse("home")
    user = signed_in_user(client)
    assert user is not None
    assert user.email == "ada@example.org"
    assert user.name == "Ada Lovelace"
    account = SocialAccount.objects.get(user=user)
    assert (account.provider, account.uid) == (PROVIDER, "ada-0001")
    person = Person.objects.select_related("department", "manager").get(user=user)
    assert person.name == "Ada Lovelace"
    assert person.department is not None
    assert person.department.name == "Analytical Engines"
    assert person.job_title == "Programmer"
    assert person.manager is not None
    assert person.manager.email == "grace.boss@example.org"
    assert AuditEvent.objects.filter(action="signin.succeeded", actor=user).exists()


def refused_sign_ins(reason: str) -> int:
    return AuditEvent.objects.filter(
        action="signin.failed", detail__provider=PROVIDER, detail__reason=reason
    ).count()


def test_a_returning_person_opens_the_same_account_and_follows_the_directory(
    sso: SamlIdp,
) -> None:
    sso.sign_in_as("bob-0002", entra_attributes(email="bob@example.org", job_title="A"))
    first = browser()
    sign_in(first)
    account = signed_in_user(first)
    assert account is not None
    sso.sign_in_as("bob-0002", entra_attributes(email="bob@example.org", job_title="B"))

    again = browser()
    _, response = sign_in(again)

    assert response["Location"] == reverse("home")
    assert signed_in_user(again) == account
    assert User.objects.filter(email="bob@example.org").count() == 1
    assert SocialAccount.objects.filter(user=account).count() == 1
    assert Person.objects.get(user=account).job_title == "B"


def test_an_existing_account_is_linked_by_its_email(sso: SamlIdp) -> None:
    """The organisation's identity provider speaks for its addresses (VERIFIED_EMAIL, on by
    default), so an account made by signing up, its address confirmed, is signed into and
    linked. (One never confirmed gets the confirmation email instead, as with OpenID Connect.)"""
    person = PersonFactory(user=UserFactory(email="cy@example.org"), job_title="Old title")
    EmailAddress.objects.create(user=person.user, email="cy@example.org", verified=True)
    sso.sign_in_as("cy-0003", entra_attributes(email="cy@example.org", job_title="New title"))
    client = browser()

    _, response = sign_in(client)

    assert response["Location"] == reverse("home")
    assert signed_in_user(client) == person.user
    assert SocialAccount.objects.get(user=person.user).provider == PROVIDER
    person.refresh_from_db()
    assert person.job_title == "New title"


def test_an_existing_account_is_not_linked_when_its_emails_are_not_trusted(
    idp: SamlIdp,
) -> None:
    user = UserFactory(email="dee@example.org")
    idp.sign_in_as("dee-0004", entra_attributes(email="dee@example.org"))
    with override_settings(SOCIALACCOUNT_PROVIDERS=idp.tandem_settings(VERIFIED_EMAIL="0")):
        idp.trust("localhost", browser().get(metadata_path()).content)
        client = browser()
        _, response = sign_in(client)

    assert "did not confirm that this address is yours" in refused(client, response)
    assert not SocialAccount.objects.filter(user=user).exists()
    assert refused_sign_ins("unverified_email") == 1


@override_settings(TANDEM_SSO_CREATE_ACCOUNTS=False)
def test_without_just_in_time_accounts_a_stranger_is_refused(sso: SamlIdp) -> None:
    sso.sign_in_as("eve-0005", entra_attributes(email="eve@example.org", name="Eve"))
    client = browser()

    _, response = sign_in(client)

    assert "Tandem does not know eve@example.org yet" in refused(client, response)
    assert not User.objects.filter(email="eve@example.org").exists()
    assert not Person.objects.filter(email="eve@example.org").exists()
    assert refused_sign_ins("unknown_person") == 1


@override_settings(TANDEM_SSO_CREATE_ACCOUNTS=False)
def test_without_just_in_time_accounts_an_imported_person_signs_in(sso: SamlIdp) -> None:
    imported = PersonFactory(user=None, email="fay@example.org", name="Fay")
    sso.sign_in_as("fay-0006", entra_attributes(email="fay@example.org", name="Fay Imported"))
    client = browser()

    _, response = sign_in(client)

    assert response["Location"] == reverse("home")
    user = signed_in_user(client)
    assert user is not None
    imported.refresh_from_db()
    assert imported.user == user
    assert imported.name == "Fay Imported"


def test_attribute_names_are_set_per_identity_provider(idp: SamlIdp) -> None:
    """Okta's or Google's attribute statements under names the operator chose; the name
    joined from the first and last names when no full name comes."""
    PersonFactory(user=None, email="hal.boss@example.org", name="Hal's Boss")
    names = {
        "ATTRIBUTE_EMAIL": "workEmail",
        "ATTRIBUTE_FIRST_NAME": "given",
        "ATTRIBUTE_LAST_NAME": "family",
        "ATTRIBUTE_DEPARTMENT": "dept",
        "ATTRIBUTE_JOB_TITLE": "role",
        "ATTRIBUTE_MANAGER_EMAIL": "boss",
    }
    idp.sign_in_as(
        "gus-0007",
        {
            "workEmail": "gus@example.org",
            "given": "Gus",
            "family": "Grissom",
            "dept": "Flight",
            "role": "Pilot",
            "boss": "hal.boss@example.org",
            # Under the default names, which these settings replace: ignored.
            ENTRA["job_title"]: "Not this one",
        },
    )
    with override_settings(SOCIALACCOUNT_PROVIDERS=idp.tandem_settings(**names)):
        client = browser()
        client_metadata = client.get(metadata_path())
        idp.trust("localhost", client_metadata.content)
        _, response = sign_in(client)

    assert response["Location"] == reverse("home")
    user = signed_in_user(client)
    assert user is not None
    assert (user.email, user.name) == ("gus@example.org", "Gus Grissom")
    person = Person.objects.select_related("department", "manager").get(user=user)
    assert person.name == "Gus Grissom"
    assert person.department is not None
    assert person.department.name == "Flight"
    assert person.job_title == "Pilot"
    assert person.manager is not None
    assert person.manager.email == "hal.boss@example.org"


def test_an_assertion_signed_with_another_key_than_the_metadata_publishes_is_refused(
    sso: SamlIdp,
) -> None:
    sso.sign_in_as("ida-0008", entra_attributes(email="ida@example.org"), sign_with="rogue")
    client = browser()

    _, response = sign_in(client)

    assert "its signature does not match Test IdP's certificate" in refused(client, response)
    assert not User.objects.filter(email="ida@example.org").exists()
    assert refused_sign_ins("signature") == 1


def test_an_assertion_changed_after_signing_is_refused(sso: SamlIdp) -> None:
    sso.sign_in_as("jo-0009", entra_attributes(email="jo@example.org", job_title="Intern"))
    client = browser()
    answer = sign_in_at_idp(start_sign_in(client))
    assert ">Intern<" in answer.xml()

    response = post_to_tandem(client, answer.with_xml(answer.xml().replace(">Intern<", ">CEO<")))

    assert "its signature does not match Test IdP's certificate" in refused(client, response)
    assert not User.objects.filter(email="jo@example.org").exists()


def test_an_expired_assertion_is_refused(sso: SamlIdp) -> None:
    """Valid five minutes (and five more of allowed clock drift): posted eleven minutes on."""
    sso.sign_in_as("kay-0010", entra_attributes(email="kay@example.org"), lifetime_minutes=5)
    client = browser()
    answer = sign_in_at_idp(start_sign_in(client))

    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        response = post_to_tandem(client, answer)
        message = refused(client, response)

    assert "The answer from Test IdP has expired" in message
    assert not User.objects.filter(email="kay@example.org").exists()
    assert refused_sign_ins("expired") == 1


def test_a_response_posted_twice_signs_in_once(sso: SamlIdp) -> None:
    sso.sign_in_as("lee-0011", entra_attributes(email="lee@example.org"))
    client = browser()
    answer, first = sign_in(client)
    assert first["Location"] == reverse("home")
    client.logout()

    again = post_to_tandem(client, answer)

    assert "was already used to sign in" in refused(client, again)
    assert refused_sign_ins("replayed") == 1


def test_a_response_taken_to_another_browser_is_refused(sso: SamlIdp) -> None:
    """A response carried to a browser that did not start this sign-in (stolen, or sent by
    someone to sign a victim into their own account): fresh, but not for that browser."""
    sso.sign_in_as("max-0012", entra_attributes(email="max@example.org"))
    answer = sign_in_at_idp(start_sign_in(browser()))
    elsewhere = browser()

    response = post_to_tandem(elsewhere, answer)

    assert "started in another browser or too long ago" in refused(elsewhere, response)
    assert not User.objects.filter(email="max@example.org").exists()


def test_an_identity_provider_out_of_reach_is_explained(idp: SamlIdp) -> None:
    unreachable = f"http://127.0.0.1:{idp.url.rsplit(':', 1)[1]}/no-metadata-here"
    settings = idp.tandem_settings(METADATA_URL=unreachable)
    with override_settings(SOCIALACCOUNT_PROVIDERS=settings):
        client = browser()
        response = client.post(reverse("saml_login", kwargs={"organization_slug": IDP_ID}))

    assert "Tandem could not reach Test IdP to sign you in" in refused(client, response)
    assert refused_sign_ins("metadata") == 1


def test_metadata_from_a_file(idp: SamlIdp, tmp_path: Path) -> None:
    metadata = tmp_path / "idp-metadata.xml"
    metadata.write_bytes(requests.get(idp.metadata_url, timeout=10).content)
    env = idp.env(METADATA_FILE=str(metadata))
    del env[f"SAML_{IDP_ID.upper().replace('-', '_')}_METADATA_URL"]
    idp.sign_in_as("ned-0013", entra_attributes(email="ned@example.org"))
    with override_settings(SOCIALACCOUNT_PROVIDERS=saml_providers(env)):
        client = browser()
        idp.trust("localhost", client.get(metadata_path()).content)
        _, response = sign_in(client)

    assert response["Location"] == reverse("home")
    assert signed_in_user(client) is not None


def test_the_sign_in_page_offers_the_identity_provider(sso: SamlIdp) -> None:
    page = browser().get(reverse("account_login")).content.decode()

    assert f"Sign in with {IDP_NAME}" in page
    assert reverse("saml_login", kwargs={"organization_slug": IDP_ID}) in page


def test_tandems_metadata_names_its_addresses(sso: SamlIdp) -> None:
    metadata = browser().get(metadata_path()).content.decode()

    assert f'entityID="http://localhost/accounts/saml/{IDP_ID}/metadata/"' in metadata
    assert f'Location="http://localhost/accounts/saml/{IDP_ID}/acs/"' in metadata


def test_used_assertions_are_forgotten_once_expired(sso: SamlIdp) -> None:
    SamlAssertion.objects.create(
        provider=PROVIDER, assertion_id="_old", expires_at=timezone.now() - timedelta(seconds=1)
    )
    sso.sign_in_as("olu-0014", entra_attributes(email="olu@example.org"))

    sign_in(browser())

    assert list(SamlAssertion.objects.values_list("provider", flat=True)) == [PROVIDER]


@override_settings(TANDEM_SSO_ONLY=True, TANDEM_SSO_BREAK_GLASS=["root@example.org"])
def test_with_single_sign_on_only_people_still_sign_in_through_the_identity_provider(
    sso: SamlIdp,
) -> None:
    person = PersonFactory(user=UserFactory(email="pia@example.org"))
    EmailAddress.objects.create(user=person.user, email="pia@example.org", verified=True)
    sso.sign_in_as("pia-0015", entra_attributes(email="pia@example.org"))
    client = browser()

    _, response = sign_in(client)

    assert response["Location"] == reverse("home")
    assert signed_in_user(client) == person.user


# The settings, as the operator writes them (docs/identity.md).


def test_several_identity_providers_each_with_its_own_names() -> None:
    apps: Any = saml_providers(
        {
            "SAML_PROVIDERS": "entra, okta-eu",
            "SAML_ENTRA_METADATA_URL": "https://login.example.org/federationmetadata.xml",
            "SAML_ENTRA_NAME": "Microsoft",
            "SAML_OKTA_EU_METADATA_URL": "https://example.okta.com/app/x/sso/saml/metadata",
            "SAML_OKTA_EU_ATTRIBUTE_JOB_TITLE": "title, jobTitle",
            "SAML_OKTA_EU_VERIFIED_EMAIL": "example.org, example.com",
        }
    )["saml"]["APPS"]

    entra, okta = apps
    assert (entra["client_id"], entra["provider_id"], entra["name"]) == (
        "entra",
        "saml-entra",
        "Microsoft",
    )
    assert entra["settings"]["verified_email"] is True
    assert ENTRA["job_title"] in entra["settings"]["attribute_mapping"]["job_title"]
    assert (okta["client_id"], okta["name"]) == ("okta-eu", "Single sign-on")
    assert okta["settings"]["attribute_mapping"]["job_title"] == ["title", "jobTitle"]
    assert okta["settings"]["verified_email"] == ["example.org", "example.com"]
    assert okta["settings"]["idp"]["metadata_url"].startswith("https://example.okta.com/")


def test_no_identity_provider_without_the_setting() -> None:
    assert saml_providers({}) == {}


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SAML_PROVIDERS": "Entra ID"}, "'Entra ID' is not a valid name"),
        ({"SAML_PROVIDERS": "entra"}, "Set one of SAML_ENTRA_METADATA_URL and"),
        (
            {
                "SAML_PROVIDERS": "entra",
                "SAML_ENTRA_METADATA_URL": "https://idp.example.org/metadata",
                "SAML_ENTRA_METADATA_FILE": "/etc/idp.xml",
            },
            "Set one of SAML_ENTRA_METADATA_URL and",
        ),
        (
            {"SAML_PROVIDERS": "entra", "SAML_ENTRA_METADATA_URL": "file:///etc/passwd"},
            "must be an http(s) address",
        ),
        (
            {"SAML_PROVIDERS": "entra", "SAML_ENTRA_METADATA_FILE": "/no/such/metadata.xml"},
            "SAML_ENTRA_METADATA_FILE: no file at",
        ),
        (
            {
                "SAML_PROVIDERS": "entra",
                "SAML_ENTRA_METADATA_URL": "https://idp.example.org/metadata",
                "SAML_ENTRA_VERIFIED_EMAIL": "maybe",
            },
            "SAML_ENTRA_VERIFIED_EMAIL must be 1, 0 or a list of domains",
        ),
    ],
)
def test_a_mistake_in_the_settings_is_named(env: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        saml_providers(env)
