"""Writes for provisioning: SCIM tokens, and people and departments as the identity provider
sends them. Profile changes go through people's own service; leaving and coming back through
matching's (`person_leave`, `person_return`), which end a person's participation gracefully.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.access import is_operator
from tandem.accounts.models import User
from tandem.core import audit
from tandem.matching.services import person_leave, person_return
from tandem.people.models import Department, Person
from tandem.people.selectors import manager_choice_problem, person_by_email
from tandem.people.services import person_profile_update
from tandem.scim.changes import GroupChanges
from tandem.scim.errors import ScimError, invalid_value
from tandem.scim.models import ProvisionedDepartment, ProvisionedPerson, ScimToken
from tandem.scim.resources import split_name
from tandem.scim.selectors import people_by_ids

# Ids only: which token, which person.
logger = logging.getLogger("tandem.scim")


# -- tokens ------------------------------------------------------------------------------------


def scim_token_create(*, by: User, name: str) -> tuple[ScimToken, str]:
    """A new SCIM token and its key, which is shown once and never stored."""
    if not is_operator(by):
        raise ScimError(_("Only an operator can create a provisioning token."), status=403)
    name = " ".join(name.split())
    if not name:
        raise ScimError(_("Name the token: which identity provider will use it?"))
    if len(name) > 100:
        raise ScimError(_("Keep the name under 100 characters."))
    token, key = ScimToken.issue(name=name, created_by=by)
    audit.record("scim.token_created", actor=by, obj=token)
    logger.info("scim token %s created by user %s", token.pk, by.pk)
    return token, key


def scim_token_revoke(*, token: ScimToken, by: User) -> ScimToken:
    """Revoke from now on; revoking again changes nothing."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record("scim.token_revoked", actor=by, obj=token)
        logger.info("scim token %s revoked by user %s", token.pk, by.pk)
    return token


# -- users -------------------------------------------------------------------------------------


def _clean_email(value: str) -> str:
    email = value.strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise invalid_value(
            f"userName {value!r} is not an email address: Tandem's userName is the person's "
            "work email address."
        ) from exc
    return email


def _email_free(email: str, person: Person | None) -> None:
    taken = Person.objects.filter(email=email)
    if person is not None:
        taken = taken.exclude(pk=person.pk)
    if taken.exists():
        raise ScimError(
            f"Another user already has the userName {email}.", status=409, scim_type="uniqueness"
        )


def _manager(person: Person | None, manager_id: str | None) -> Person | None:
    if manager_id is None:
        return None
    if "@" in manager_id:
        # Okta cannot send the manager's SCIM id; its managerId may hold their address instead.
        manager = person_by_email(manager_id)
        manager = manager if manager is not None and manager.erased_at is None else None
    else:
        manager = people_by_ids([manager_id]).get(manager_id)
    if manager is None:
        raise invalid_value(f"The manager {manager_id!r} is not a user Tandem knows.")
    if person is not None and manager_choice_problem(person=person, manager=manager):
        if manager.pk == person.pk:
            raise invalid_value(f"{person.name} cannot be their own manager.")
        raise invalid_value(
            f"{manager.name} reports to {person.name} (directly or through others), so they "
            f"cannot also be {person.name}'s manager."
        )
    return manager


def _name(person: Person | None, changes: dict[str, Any], email: str) -> str | None:
    """The name the changes give, or None when they leave it alone."""
    if changes.get("name"):
        return str(changes["name"])
    if "given_name" in changes or "family_name" in changes:
        given, family = split_name(person.name if person is not None else "")
        given = changes.get("given_name", given)
        family = changes.get("family_name", family)
        return " ".join(part for part in (given, family) if part) or None
    return None if person is not None else email


def _external_id_set(person: Person, external_id: str) -> None:
    ProvisionedPerson.objects.update_or_create(
        person=person, defaults={"external_id": external_id[:255]}
    )


def _profile(person: Person | None, changes: dict[str, Any], email: str) -> dict[str, Any]:
    profile: dict[str, Any] = {}
    name = _name(person, changes, email)
    if name is not None:
        profile["name"] = name[:150]
    if "job_title" in changes:
        profile["job_title"] = changes["job_title"][:150]
    if "department" in changes:
        profile["department"] = (changes["department"] or "")[:120]
    if "manager_id" in changes:
        profile["manager"] = _manager(person, changes["manager_id"])
    return profile


@transaction.atomic
def scim_user_create(*, changes: dict[str, Any], token: ScimToken) -> Person:
    """A person the identity provider provisions. They sign in later with single sign-on, and
    their account is linked to this person by email."""
    email = _clean_email(changes["email"])
    _email_free(email, None)
    profile = _profile(None, changes, email)
    try:
        with transaction.atomic():
            person = Person.objects.create(email=email, name=profile.pop("name"))
    except IntegrityError as exc:
        raise ScimError(
            f"Another user already has the userName {email}.", status=409, scim_type="uniqueness"
        ) from exc
    person_profile_update(person=person, changes=profile)
    _external_id_set(person, changes.get("external_id", ""))
    audit.record("scim.user_created", actor=token.created_by, obj=person, token=token.pk)
    if changes.get("active") is False:
        person_leave(person=person, actor=token.created_by)
    return person


@transaction.atomic
def scim_user_update(*, person: Person, changes: dict[str, Any], token: ScimToken) -> Person:
    """Apply what a PUT or PATCH asked; a change of `active` ends or restores participation."""
    locked = Person.objects.select_for_update().get(pk=person.pk)
    changed: list[str] = []
    if "email" in changes:
        email = _clean_email(changes["email"])
        if email != locked.email:
            _email_free(email, locked)
            locked.email = email
            locked.save(update_fields=["email", "updated_at"])
            changed.append("userName")
    profile = _profile(locked, changes, locked.email)
    before = {
        "name": locked.name,
        "job_title": locked.job_title,
        "department": locked.department.name if locked.department else "",
        "manager": locked.manager_id,
    }
    person_profile_update(person=locked, changes=profile)
    after = {
        "name": locked.name,
        "job_title": locked.job_title,
        "department": locked.department.name if locked.department else "",
        "manager": locked.manager_id,
    }
    changed += [key for key in before if before[key] != after[key]]
    if "external_id" in changes:
        current = getattr(locked, "provisioning", None)
        if current is None or current.external_id != changes["external_id"]:
            _external_id_set(locked, changes["external_id"])
            changed.append("externalId")
    if changed:
        audit.record(
            "scim.user_changed", actor=token.created_by, obj=locked, token=token.pk, fields=changed
        )
    if changes.get("active") is False:
        person_leave(person=locked, actor=token.created_by)
    elif changes.get("active") is True:
        person_return(person=locked, actor=token.created_by)
    return locked


# -- groups ------------------------------------------------------------------------------------


def _group_name_free(name: str, department: Department | None) -> None:
    taken = Department.objects.filter(name__iexact=name)
    if department is not None:
        taken = taken.exclude(pk=department.pk)
    if taken.exists():
        raise ScimError(
            f"A group named {name!r} already exists.", status=409, scim_type="uniqueness"
        )


def _members(ids: list[str]) -> list[Person]:
    found = people_by_ids(ids)
    unknown = [i for i in ids if i not in found]
    if unknown:
        raise invalid_value(f"No user with id {unknown[0]!r}: members are Users' SCIM ids.")
    return [found[i] for i in ids]


def _members_apply(department: Department, changes: GroupChanges) -> int:
    """Move people into or out of the department; how many moved."""
    moved = 0
    if changes.members is not None or changes.remove_all:
        keep = [p.pk for p in _members(changes.members or [])]
        moved += (
            Person.objects.filter(department=department)
            .exclude(pk__in=keep)
            .update(department=None, updated_at=timezone.now())
        )
        changes.add = [*(changes.members or []), *changes.add]
    if changes.add:
        moved += (
            Person.objects.filter(pk__in=[p.pk for p in _members(changes.add)])
            .exclude(department=department)
            .update(department=department, updated_at=timezone.now())
        )
    if changes.remove:
        wanted = [int(i) for i in changes.remove if i.isdigit()]
        moved += Person.objects.filter(pk__in=wanted, department=department).update(
            department=None, updated_at=timezone.now()
        )
    return moved


@transaction.atomic
def scim_group_create(*, changes: GroupChanges, token: ScimToken) -> Department:
    name = (changes.name or "")[:120]
    _group_name_free(name, None)
    department = Department.objects.create(name=name)
    ProvisionedDepartment.objects.create(
        department=department, external_id=(changes.external_id or "")[:255]
    )
    moved = _members_apply(department, changes)
    audit.record(
        "scim.group_created", actor=token.created_by, obj=department, token=token.pk, moved=moved
    )
    return department


@transaction.atomic
def scim_group_update(
    *, department: Department, changes: GroupChanges, token: ScimToken
) -> Department:
    locked = Department.objects.select_for_update().get(pk=department.pk)
    changed: list[str] = []
    if changes.name is not None and changes.name != locked.name:
        _group_name_free(changes.name, locked)
        locked.name = changes.name[:120]
        locked.save(update_fields=["name"])
        changed.append("displayName")
    if changes.external_id is not None:
        ProvisionedDepartment.objects.update_or_create(
            department=locked, defaults={"external_id": changes.external_id[:255]}
        )
    moved = _members_apply(locked, changes)
    if changed or moved:
        audit.record(
            "scim.group_changed",
            actor=token.created_by,
            obj=locked,
            token=token.pk,
            fields=changed,
            moved=moved,
        )
    return locked


@transaction.atomic
def scim_group_delete(*, department: Department, token: ScimToken) -> None:
    """The department goes; its people stay, in no department."""
    audit.record("scim.group_deleted", actor=token.created_by, obj=department, token=token.pk)
    department.delete()
