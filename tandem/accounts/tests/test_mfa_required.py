"""TANDEM_MFA_REQUIRED_FOR: coordinators and operators without a second factor are sent to set
one up, from every page but the setup pages, signing out, static files and health checks; the
API refuses their session and their tokens. Nobody else is ever stopped."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tandem.accounts.access import MFA_REQUIRED_MESSAGE, MFA_TOKEN_REFUSAL, mfa_required
from tandem.accounts.models import PersonalToken
from tandem.accounts.tests.factories import UserFactory
from tandem.accounts.tests.mfa import confirm_password, totp_code, verified, with_key, with_totp
from tandem.conftest import Personas
from tandem.programmes.tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

BOTH = ["coordinators", "operators"]


@pytest.fixture
def required(settings):
    settings.TANDEM_MFA_REQUIRED_FOR = BOTH
    return settings


def _pages(p: Personas) -> list[str]:
    """One page of each kind: home, lists, a programme, a person, a report, forms, the API docs."""
    slug = p.programme.slug
    return [
        reverse("home"),
        reverse("people:directory"),
        reverse("people:detail", args=[p.alice.pk]),
        reverse("people:profile_edit"),
        reverse("programmes:list"),
        reverse("programmes:detail", args=[slug]),
        reverse("mentorships:list"),
        reverse("matching:requests"),
        reverse("reports:organisation"),
        reverse("reports:programme", args=[slug]),
        reverse("notifications:list"),
        reverse("accounts:tokens"),
        reverse("accounts:my_data"),
        reverse("account_change_password"),
        reverse("api-docs"),
        "/no/such/page/",
    ]


def test_a_coordinator_without_a_second_factor_is_sent_to_set_one_up_from_every_page(
    personas: Personas, required
) -> None:
    client = personas.client_for("carol")

    for url in _pages(personas):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("mfa_index"), url
    posted = client.post(reverse("people:profile_edit"), {"name": "Changed"})
    assert posted["Location"] == reverse("mfa_index")
    personas.carol.refresh_from_db()
    assert personas.carol.person.name != "Changed"


def test_the_setup_page_says_why(personas: Personas, required) -> None:
    page = personas.client_for("carol").get(reverse("mfa_index"))

    assert page.status_code == 200
    assert b"Your organisation requires two-factor authentication for your account." in (
        page.content
    )
    assert b"Back to your profile" not in page.content  # it would only send them back here


def test_an_htmx_request_is_sent_to_the_setup_page_whole(personas: Personas, required) -> None:
    response = personas.client_for("carol").get(
        reverse("notifications:list"), HTTP_HX_REQUEST="true"
    )

    assert response["HX-Redirect"] == reverse("mfa_index")


def test_the_setup_pages_signing_out_static_files_and_health_stay_open(
    personas: Personas, required
) -> None:
    verified(personas.carol)  # allauth adds a factor only to a verified address
    client = personas.client_for("carol")

    for url in (
        reverse("mfa_index"),
        reverse("account_reauthenticate"),
        reverse("account_email"),
        "/static/tandem/tandem.css",
    ):
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("healthz")).status_code in {200, 503}
    confirm_password(client)
    for name in ("mfa_activate_totp", "mfa_add_webauthn", "mfa_list_webauthn"):
        assert client.get(reverse(name)).status_code == 200, name

    client.post(reverse("account_logout"))
    assert client.get(reverse("home"))["Location"].startswith(reverse("account_login"))


def test_after_setting_up_an_app_the_coordinator_reaches_every_page(
    personas: Personas, required
) -> None:
    verified(personas.carol)
    client = personas.client_for("carol")
    confirm_password(client)
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret

    client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})

    for url in _pages(personas)[:-1]:
        assert client.get(url).status_code == 200, url
    assert b"Your organisation requires" not in client.get(reverse("mfa_index")).content


def test_a_passkey_counts_as_a_second_factor(personas: Personas, required) -> None:
    with_key(personas.carol)

    assert personas.client_for("carol").get(reverse("home")).status_code == 200


def test_recovery_codes_left_over_without_an_app_or_key_do_not(
    personas: Personas, required
) -> None:
    with_totp(personas.carol)
    personas.carol.authenticator_set.filter(type="totp").delete()

    assert personas.client_for("carol").get(reverse("home"))["Location"] == reverse("mfa_index")


def test_the_api_refuses_the_session_and_the_tokens_of_someone_still_to_set_it_up(
    personas: Personas, required
) -> None:
    client = personas.client_for("carol")
    by_session = client.get("/api/programmes/")
    assert by_session.status_code == 403
    assert by_session.json() == {"detail": MFA_REQUIRED_MESSAGE}

    _token, key = PersonalToken.issue(user=personas.carol, name="script")
    by_token = client.__class__().get("/api/programmes/", HTTP_AUTHORIZATION=f"Token {key}")
    assert by_token.status_code == 401
    assert by_token.json()["detail"] == MFA_TOKEN_REFUSAL

    with_totp(personas.carol)
    again = client.__class__().get("/api/programmes/", HTTP_AUTHORIZATION=f"Token {key}")
    assert again.status_code == 200


def test_participants_are_never_stopped(personas: Personas, required) -> None:
    for who in ("alice", "bob", "erin", "oscar"):
        client = personas.client_for(who)
        assert client.get(reverse("home")).status_code == 200, who
        assert client.get(reverse("people:profile_edit")).status_code == 200, who
    _token, key = PersonalToken.issue(user=personas.alice.user, name="script")
    api = personas.client_for("anonymous").get(
        "/api/programmes/", HTTP_AUTHORIZATION=f"Token {key}"
    )
    assert api.status_code == 200


def test_with_the_setting_empty_nobody_is_stopped(personas: Personas, settings) -> None:
    settings.TANDEM_MFA_REQUIRED_FOR = []

    for who in ("carol", "dave", "superuser", "alice"):
        assert personas.client_for(who).get(reverse("home")).status_code == 200, who


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        ([], set()),
        (["coordinators"], {"carol", "dave", "named", "flagged"}),
        (["operators"], {"superuser", "staff"}),
        (BOTH, {"carol", "dave", "named", "flagged", "superuser", "staff"}),
    ],
)
def test_who_must_use_two_factor_follows_the_setting(
    personas: Personas, settings, roles: list[str], expected: set[str]
) -> None:
    settings.TANDEM_MFA_REQUIRED_FOR = roles
    named = UserFactory(email="named@example.org")  # a programme names them, no role flag
    ProgrammeFactory(coordinators=[named])
    users = {
        "carol": personas.carol,
        "dave": personas.dave,
        "superuser": personas.superuser,
        "alice": personas.alice.user,
        "erin": personas.erin.user,
        "oscar": personas.oscar.user,
        "named": named,
        "flagged": UserFactory(email="flagged@example.org", is_coordinator=True),
        "staff": UserFactory(email="staff@example.org", is_staff=True),
    }

    assert {who for who, user in users.items() if mfa_required(user)} == expected


def test_the_middleware_asks_one_query_while_the_setting_is_on_and_none_while_it_is_empty(
    personas: Personas, settings
) -> None:
    client = personas.client_for("carol")
    settings.TANDEM_MFA_REQUIRED_FOR = BOTH
    with_totp(personas.carol)
    client.get(reverse("mfa_index"))  # warm: the session and the user are loaded once
    with CaptureQueriesContext(connection) as on:
        client.get(reverse("notifications:list"))
    settings.TANDEM_MFA_REQUIRED_FOR = []
    with CaptureQueriesContext(connection) as off:
        client.get(reverse("notifications:list"))

    # A coordinator flagged as such: only whether they have a factor is asked.
    assert len(on.captured_queries) - len(off.captured_queries) == 1
