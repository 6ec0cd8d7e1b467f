import json

from tandem.accounts.models import PersonalToken
from tandem.core.testing.permissions import (
    INVALID,
    NOT_FOUND,
    OK,
    REDIRECT,
    Case,
    everyone,
    signed_in,
)


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


# Only operators grant or withdraw the coordinator role; a coordinator may not.
OPERATOR_ONLY = signed_in(NOT_FOUND, superuser=OK)

CASES = [
    # Single sign-on's return address: a provider Tandem is not configured with is not there
    # (tests/test_oidc.py signs in through a configured one).
    Case(
        "accounts:oidc_callback",
        everyone(NOT_FOUND, superuser=NOT_FOUND),
        kwargs=lambda p: {"provider_id": "sso"},
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
]
