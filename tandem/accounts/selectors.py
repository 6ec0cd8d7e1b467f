"""Reads for accounts."""

from __future__ import annotations

from django.db.models import Q, QuerySet

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
