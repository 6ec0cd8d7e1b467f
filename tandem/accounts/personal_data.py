"""What the accounts app holds about a person: their account, roles, API tokens and
two-factor authentication."""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator

from tandem.accounts.models import RoleChange, User
from tandem.accounts.selectors import tokens_of
from tandem.accounts.services import account_erase
from tandem.core.personal_data import erases, fields, personal_data

erases(order=80)(account_erase)


@personal_data(section="account_details", order=10)
def account_details(user: User) -> dict[str, Any]:
    changes = RoleChange.objects.filter(user=user).select_related("changed_by")
    return {
        **fields(user, "email", "name", "language", "date_joined", "last_login"),
        "roles": {
            "coordinator": user.is_coordinator,
            "operator": user.is_superuser,
        },
        "role_changes": [
            {
                **fields(change, "role", "granted", "created_at"),
                "changed_by": change.changed_by.name if change.changed_by else None,
            }
            for change in changes
        ],
        # The keys themselves are never stored, only their hashes: a token is named here, not
        # reproduced.
        "api_tokens": [
            fields(
                token,
                "name",
                "prefix",
                "scope",
                "created_at",
                "last_used_at",
                "expires_at",
                "revoked_at",
            )
            for token in tokens_of(user)
        ],
        # Which factors they have and when each was used; never what a factor holds (the app's
        # key, the recovery codes), which would stand in for the factor itself.
        "two_factor": [
            {
                **fields(factor, "type", "created_at", "last_used_at"),
                "name": factor.data.get("name") if factor.type == "webauthn" else None,
            }
            for factor in Authenticator.objects.filter(user=user).order_by("pk")
        ],
    }
