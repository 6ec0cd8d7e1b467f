"""Reads for accounts."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.db.models import Q, QuerySet

from tandem.accounts.access import mfa_required
from tandem.accounts.models import PersonalToken, RoleChange, User


def accounts_search(query: str = "") -> QuerySet[User]:
    """People with an account, by name or email address."""
    users = User.objects.filter(is_active=True)
    term = query.strip()
    if term:
        users = users.filter(Q(name__icontains=term) | Q(email__icontains=term))
    return users.order_by("name", "email", "pk")


def role_changes_of(user: User) -> QuerySet[RoleChange]:
    return RoleChange.objects.filter(user=user).select_related("changed_by")


def tokens_of(user: User) -> QuerySet[PersonalToken]:
    """The user's personal tokens, newest first, revoked and expired ones included."""
    return PersonalToken.objects.filter(user=user).order_by("-created_at", "-pk")


@dataclass(frozen=True)
class SecuritySummary:
    """Which second factors a person has set up, for their Security section."""

    authenticator_app: bool
    keys: int  # passkeys and security keys (WebAuthn)
    recovery_codes_left: int | None  # None: no recovery codes made
    required: bool  # the organisation requires two-factor authentication of them

    @property
    def enabled(self) -> bool:
        return self.authenticator_app or self.keys > 0


def security_summary(user: User) -> SecuritySummary:
    """One query for the factors (two when the organisation requires it of some roles)."""
    app = False
    keys = 0
    codes_left = None
    for authenticator in Authenticator.objects.filter(user_id=user.pk):
        if authenticator.type == Authenticator.Type.TOTP:
            app = True
        elif authenticator.type == Authenticator.Type.WEBAUTHN:
            keys += 1
        elif authenticator.type == Authenticator.Type.RECOVERY_CODES:
            codes_left = len(RecoveryCodes(authenticator).get_unused_codes())
    return SecuritySummary(
        authenticator_app=app,
        keys=keys,
        recovery_codes_left=codes_left,
        required=mfa_required(user),
    )
