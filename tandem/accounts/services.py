"""Writes for accounts: the coordinator role."""

from __future__ import annotations

import logging

from django.db import transaction

from tandem.accounts.access import can_grant_roles
from tandem.accounts.models import RoleChange, User
from tandem.core.errors import ServiceError

# Ids only: who changed whose role.
logger = logging.getLogger("tandem.accounts")


class AccountError(ServiceError):
    """An account rule refused the action; the message says why, in words for the user."""


@transaction.atomic
def user_coordinator_role_set(*, user: User, granted: bool, by: User) -> RoleChange | None:
    """Grant or withdraw the coordinator role, and record who did it.

    Only operators may; nobody changes their own role. Setting the role a user already has
    changes and records nothing (returns None), so a repeated click is harmless.
    """
    if not can_grant_roles(by):
        raise AccountError("Only an operator can grant or withdraw the coordinator role.")
    if user.pk == by.pk:
        raise AccountError("Ask another operator to change your own role.")
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.is_coordinator == granted:
        return None
    locked.is_coordinator = granted
    locked.save(update_fields=["is_coordinator"])
    user.is_coordinator = granted
    change = RoleChange.objects.create(
        user=locked, role=RoleChange.Role.COORDINATOR, granted=granted, changed_by=by
    )
    logger.info(
        "coordinator role %s user %s by user %s",
        "granted to" if granted else "withdrawn from",
        locked.pk,
        by.pk,
    )
    return change
