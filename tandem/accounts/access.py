"""The platform-wide roles, decided here once.

- An *operator* is a superuser: they run the platform. Elsewhere they may administer every
  programme exactly as a coordinator of it would (see `tandem.programmes.access`), but they
  never read what a pair wrote.
- Granting or withdrawing the coordinator role, and importing people (which can rewrite
  anyone's profile and manager), are for operators only. A coordinator may do neither.
- A personal API token acts as its owner, within its scope: a read-only token may read what
  its owner may read and change nothing; an expired or revoked one does nothing at all. The
  API's token authentication asks here on every request (`token_refusal`, `token_may`).

Out of scope answers 404, never 403. The one 403 is a read-only token asking to change
something: that refusal concerns the credential, not whether the object exists. This module
imports no domain app.
"""

from __future__ import annotations

from datetime import UTC

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.shortcuts import get_object_or_404

from tandem.accounts.models import PersonalToken, User

AnyUser = User | AnonymousUser


def is_operator(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_superuser)


def can_grant_roles(user: AnyUser) -> bool:
    """Only operators grant or withdraw the coordinator role."""
    return is_operator(user)


def require_operator(user: AnyUser) -> User:
    """The user, when they are an operator; 404 for anyone else."""
    if not is_operator(user):
        raise Http404("No such page.")
    assert isinstance(user, User)
    return user


# Methods that read and change nothing (RFC 9110, "safe methods").
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
READ_ONLY_REFUSAL = (
    "This token is read-only: it may read, not change anything. "
    "Create a read-and-write token on your API tokens page to make changes."
)


def token_may(token: PersonalToken, method: str) -> bool:
    """Whether the token may make a request with this HTTP method."""
    return token.scope == PersonalToken.Scope.WRITE or method.upper() in SAFE_METHODS


def token_refusal(token: PersonalToken | None) -> str | None:
    """Why the token cannot authenticate at all, in words for its holder; None when it can."""
    if token is None or not token.user.is_active:
        return "Invalid token."
    if token.revoked_at is not None:
        return "This token was revoked."
    if token.expires_at is not None and token.is_expired:
        day = token.expires_at.astimezone(UTC)
        return f"This token expired on {day.day} {day:%b %Y}."
    return None


def token_of_owner(user: AnyUser, token_id: int) -> PersonalToken:
    """One of the user's own tokens; 404 for anyone else's."""
    return get_object_or_404(PersonalToken, pk=token_id, user_id=user.pk)
