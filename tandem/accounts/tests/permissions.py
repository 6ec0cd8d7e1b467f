import json

from allauth.mfa.models import Authenticator

from tandem.accounts.models import PersonalToken
from tandem.accounts.tests.mfa import with_key, with_totp
from tandem.core.testing.permissions import (
    INVALID,
    LOGIN,
    NOT_FOUND,
    OK,
    REDIRECT,
    Case,
    everyone,
    signed_in,
)

# alice's passkey is named with this: only alice may ever see it.
KEY_MARKER = "ZQX-PASSKEY-MARKER-5531"


def prepare(p):
    """alice has set up two-factor authentication: an app, recovery codes and a passkey."""
    with_totp(p.alice.user)
    with_key(p.alice.user, KEY_MARKER)


def _alices_token(p):
    token, _ = PersonalToken.issue(user=p.alice.user, name="script")
    return {"token_id": token.pk}


def _oscar(p):
    return {"pk": p.oscar.user.pk}


def _own_data_only(p, who, response):
    """Each signed-in persona downloads their own data, and nobody else's."""
    if response.status_code != 200:
        return
    data = json.loads(response.content)
    assert data["account"] == p.user_for(who).email
    assert "no-store" in response["Cache-Control"]


def _alices_key(p):
    key = Authenticator.objects.get(user=p.alice.user, type=Authenticator.Type.WEBAUTHN)
    return {"pk": key.pk}


def _own_factors_only(p, who, response):
    """The overview shows each person their own factors, never alice's."""
    if response.status_code != 200:
        return
    page = response.content.decode()
    assert ("You have added 1 key." in page) == (who == "alice")
    assert ("Turn off the authenticator app" in page) == (who == "alice")


def _own_keys_only(p, who, response):
    """The list of keys names each person's own keys, never alice's."""
    if response.status_code != 200:
        return
    assert (KEY_MARKER in response.content.decode()) == (who == "alice")


# Every person manages their own factors; allauth asks for the password again before any
# change (REDIRECT to it), and a factor the person does not have answers 404.
MFA_OWN = signed_in(OK, superuser=OK)
MFA_CONFIRM_FIRST = signed_in(REDIRECT, superuser=REDIRECT)
# The second step of signing in, and signing in with a passkey, are for people not yet in.
MFA_SIGNING_IN = everyone(REDIRECT, superuser=REDIRECT, anonymous=LOGIN)

# Only operators grant or withdraw the coordinator role; a coordinator may not.
OPERATOR_ONLY = signed_in(NOT_FOUND, superuser=OK)

CASES = [
    # Single sign-on's return address: a provider Tandem is not configured with is not there
    # (tests/test_oidc.py signs in through a configured one).
    Case(
        "accounts:oidc_login",
        everyone(NOT_FOUND, superuser=NOT_FOUND),
        method="post",
        kwargs=lambda p: {"provider_id": "sso"},
    ),
    Case(
        "accounts:oidc_callback",
        everyone(NOT_FOUND, superuser=NOT_FOUND),
        kwargs=lambda p: {"provider_id": "sso"},
    ),
    # SAML's sign-in and where it finishes, likewise (tests/test_saml.py signs in through a
    # configured identity provider).
    Case(
        "accounts:saml_login",
        everyone(NOT_FOUND, superuser=NOT_FOUND),
        kwargs=lambda p: {"organization_slug": "entra"},
    ),
    Case(
        "accounts:saml_login",
        everyone(NOT_FOUND, superuser=NOT_FOUND),
        method="post",
        kwargs=lambda p: {"organization_slug": "entra"},
    ),
    Case(
        "accounts:saml_finish",
        everyone(NOT_FOUND, superuser=NOT_FOUND),
        kwargs=lambda p: {"organization_slug": "entra"},
    ),
    Case("accounts:tokens", signed_in(OK, superuser=OK)),
    Case(
        "accounts:tokens",
        signed_in(REDIRECT, superuser=REDIRECT),
        method="post",
        data=lambda p: {"name": "reports", "scope": "read", "expires_in": "90"},
    ),
    Case(
        "accounts:tokens",
        signed_in(INVALID, superuser=INVALID),
        method="post",
        label="no name",
    ),
    Case(
        "accounts:token_revoke",
        signed_in(NOT_FOUND, alice=REDIRECT, superuser=NOT_FOUND),
        method="post",
        kwargs=_alices_token,
    ),
    Case("accounts:my_data", signed_in(OK, superuser=OK)),
    Case("accounts:my_data_download", signed_in(OK, superuser=OK), check=_own_data_only),
    Case("accounts:audit", OPERATOR_ONLY),
    Case("accounts:audit_csv", OPERATOR_ONLY),
    Case("accounts:roles", OPERATOR_ONLY),
    Case("accounts:role_change", OPERATOR_ONLY, kwargs=_oscar),
    Case(
        "accounts:role_change",
        signed_in(NOT_FOUND, superuser=REDIRECT),
        method="post",
        kwargs=_oscar,
        data=lambda p: {"granted": "1"},
        label="grant",
    ),
    Case(
        "accounts:role_change",
        signed_in(NOT_FOUND, superuser=INVALID),
        method="post",
        kwargs=_oscar,
        label="no direction",
    ),
    # Two-factor authentication (allauth's pages, in Tandem's templates).
    Case("mfa_index", MFA_OWN, check=_own_factors_only),
    Case("mfa_authenticate", MFA_SIGNING_IN),
    Case("mfa_authenticate", MFA_SIGNING_IN, method="post", data=lambda p: {"code": "1"}),
    Case("mfa_reauthenticate", signed_in(REDIRECT, alice=OK, superuser=REDIRECT)),
    Case("mfa_activate_totp", MFA_CONFIRM_FIRST),
    Case("mfa_activate_totp", MFA_CONFIRM_FIRST, method="post", data=lambda p: {"code": "1"}),
    Case("mfa_deactivate_totp", signed_in(NOT_FOUND, alice=REDIRECT, superuser=NOT_FOUND)),
    Case(
        "mfa_deactivate_totp",
        signed_in(NOT_FOUND, alice=REDIRECT, superuser=NOT_FOUND),
        method="post",
    ),
    Case("mfa_view_recovery_codes", signed_in(NOT_FOUND, alice=REDIRECT, superuser=NOT_FOUND)),
    Case("mfa_download_recovery_codes", signed_in(NOT_FOUND, alice=REDIRECT, superuser=NOT_FOUND)),
    Case("mfa_generate_recovery_codes", MFA_CONFIRM_FIRST),
    Case("mfa_generate_recovery_codes", MFA_CONFIRM_FIRST, method="post"),
    Case("mfa_list_webauthn", MFA_OWN, check=_own_keys_only),
    Case("mfa_add_webauthn", MFA_CONFIRM_FIRST),
    Case("mfa_add_webauthn", MFA_CONFIRM_FIRST, method="post"),
    Case("mfa_reauthenticate_webauthn", signed_in(REDIRECT, alice=OK, superuser=REDIRECT)),
    Case("mfa_edit_webauthn", MFA_CONFIRM_FIRST, kwargs=_alices_key),
    Case(
        "mfa_edit_webauthn",
        MFA_CONFIRM_FIRST,
        method="post",
        kwargs=_alices_key,
        data=lambda p: {"name": "Renamed"},
    ),
    Case("mfa_remove_webauthn", MFA_CONFIRM_FIRST, kwargs=_alices_key),
    Case("mfa_remove_webauthn", MFA_CONFIRM_FIRST, method="post", kwargs=_alices_key),
    Case("mfa_login_webauthn", MFA_SIGNING_IN),
    Case("mfa_login_webauthn", MFA_SIGNING_IN, method="post"),
]
