from tandem.accounts.models import PersonalToken
from tandem.core.testing.permissions import NOT_FOUND, OK, REDIRECT, Case, signed_in


def _alices_token(p):
    token, _ = PersonalToken.issue(user=p.alice.user, name="script")
    return {"token_id": token.pk}


CASES = [
    Case("accounts:tokens", signed_in(OK, superuser=OK)),
    Case(
        "accounts:tokens",
        signed_in(OK, superuser=OK),
        method="post",
        data=lambda p: {"name": "reports"},
    ),
    Case(
        "accounts:token_revoke",
        signed_in(NOT_FOUND, alice=REDIRECT, superuser=NOT_FOUND),
        method="post",
        kwargs=_alices_token,
    ),
]
