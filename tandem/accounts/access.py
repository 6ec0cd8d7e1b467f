"""The platform-wide roles, decided here once.

- An *operator* is a superuser: they run the platform. Elsewhere they may administer every
  programme exactly as a coordinator of it would (see `tandem.programmes.access`), but they
  never read what a pair wrote.
- Granting or withdrawing the coordinator role, and importing people (which can rewrite
  anyone's profile and manager), are for operators only. A coordinator may do neither.

Out of scope answers 404, never 403. This module imports no domain app.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from tandem.accounts.models import User

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
