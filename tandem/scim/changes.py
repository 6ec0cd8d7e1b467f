"""What a SCIM request asks to change, read into Tandem's terms.

A User body (POST, PUT) or a list of PATCH operations (RFC 7644 §3.5.2) becomes a plain dict
of changes keyed by what Tandem stores: `email`, `name` (or `given_name` and `family_name` when
only one part changes), `job_title`, `department` (a name or None), `manager_id` (a SCIM id or
None), `active`, `external_id`. Groups become `name`, `external_id` and member changes. The
services apply them; nothing here touches the database.

Attributes Tandem does not keep but identity providers send by default (phone numbers,
addresses, locale...) are accepted and ignored; any other path is refused with `invalidPath`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tandem.scim.errors import ScimError, invalid_value
from tandem.scim.filters import attribute_name
from tandem.scim.resources import ENTERPRISE, PATCH_OP

IGNORED = frozenset(
    {
        "schemas",
        "id",
        "meta",
        "groups",
        "nickname",
        "profileurl",
        "usertype",
        "preferredlanguage",
        "locale",
        "timezone",
        "password",
        "phonenumbers",
        "addresses",
        "photos",
        "ims",
        "roles",
        "entitlements",
        "x509certificates",
        "name.middlename",
        "name.honorificprefix",
        "name.honorificsuffix",
        "employeenumber",
        "costcenter",
        "organization",
        "division",
    }
)
# A value filter inside a path, `emails[type eq "work"].value`: Tandem keeps one address, so
# the filter picks nothing out and is dropped.
VALUE_FILTER = re.compile(r"\[[^\]]*\]")
MEMBER_FILTER = re.compile(r'^members\[\s*value\s+eq\s+"([^"]*)"\s*\]$', re.IGNORECASE)
ENTERPRISE_KEY = ENTERPRISE.lower()


def _bool(value: Any, path: str) -> bool:
    # Microsoft Entra sends booleans as the strings "True" and "False" in PATCH operations.
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in {"true", "false"}:
        return value.lower() == "true"
    raise invalid_value(f"{path} is true or false.")


def _text(value: Any, path: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise invalid_value(f"{path} is text.")
    return " ".join(value.split())


def _reference(value: Any, path: str) -> str | None:
    """A manager given as `{"value": id}`, as the bare id (Entra), or empty to remove."""
    if isinstance(value, Mapping):
        value = value.get("value")
    if value is None or value == "":
        return None
    if not isinstance(value, str | int):
        raise invalid_value(f"{path} is the SCIM id of the manager.")
    return str(value)


def _email_of(value: Any) -> str:
    if isinstance(value, str):
        return value
    if not isinstance(value, list) or not value:
        raise invalid_value("emails is a list of addresses.")
    chosen = next((e for e in value if isinstance(e, Mapping) and e.get("primary")), value[0])
    if not isinstance(chosen, Mapping) or not isinstance(chosen.get("value"), str):
        raise invalid_value("Each address in emails has a value.")
    return str(chosen["value"])


def _user_set(changes: dict[str, Any], name: str, value: Any, path: str) -> None:
    """One attribute of a User given a value (add or replace)."""
    if name == ENTERPRISE_KEY:
        if not isinstance(value, Mapping):
            raise invalid_value(f"{ENTERPRISE} holds department and manager.")
        for key, inner in value.items():
            _user_set(changes, key.lower(), inner, f"{ENTERPRISE}:{key}")
        return
    if name in ("username",):
        changes["email"] = _text(value, path)
    elif name in ("emails", "emails.value"):
        changes["email"] = _text(_email_of(value), path)
    elif name in ("displayname", "name.formatted"):
        changes["name"] = _text(value, path)
    elif name == "name":
        if not isinstance(value, Mapping):
            raise invalid_value("name holds formatted, givenName and familyName.")
        for key, inner in value.items():
            _user_set(changes, f"name.{key.lower()}", inner, f"name.{key}")
    elif name == "name.givenname":
        changes["given_name"] = _text(value, path)
    elif name == "name.familyname":
        changes["family_name"] = _text(value, path)
    elif name == "title":
        changes["job_title"] = _text(value, path)
    elif name == "active":
        changes["active"] = _bool(value, path)
    elif name == "externalid":
        changes["external_id"] = _text(value, path)
    elif name == "department":
        changes["department"] = _text(value, path) or None
    elif name in ("manager", "manager.value"):
        changes["manager_id"] = _reference(value, path)
    elif name not in IGNORED and name.split(".")[0] not in IGNORED:
        raise ScimError(f"Tandem does not keep {path!r}.", scim_type="invalidPath")


def _user_remove(changes: dict[str, Any], name: str, path: str) -> None:
    if name in ("username", "emails", "emails.value", "active"):
        raise ScimError(f"{path} cannot be removed.", scim_type="mutability")
    if name in ("displayname", "name", "name.formatted"):
        raise ScimError("A person keeps a name: replace it instead.", scim_type="mutability")
    if name == ENTERPRISE_KEY:
        changes["department"] = None
        changes["manager_id"] = None
        return
    cleared = {
        "name.givenname": ("given_name", ""),
        "name.familyname": ("family_name", ""),
        "title": ("job_title", ""),
        "externalid": ("external_id", ""),
        "department": ("department", None),
        "manager": ("manager_id", None),
        "manager.value": ("manager_id", None),
    }
    if name in cleared:
        key, empty = cleared[name]
        changes[key] = empty
    elif name not in IGNORED and name.split(".")[0] not in IGNORED:
        raise ScimError(f"Tandem does not keep {path!r}.", scim_type="invalidPath")


def user_changes_from_resource(body: Mapping[str, Any], *, replace: bool) -> dict[str, Any]:
    """The changes a User body asks for. With `replace` (PUT), what the body leaves out is
    cleared, except `active`, which stays as it is."""
    changes: dict[str, Any] = {}
    if replace:
        changes.update(job_title="", department=None, manager_id=None, external_id="")
    for key, value in body.items():
        _user_set(changes, attribute_name(key, "user"), value, key)
    # userName is the address when both it and emails are given, whichever came first.
    for key, value in body.items():
        if attribute_name(key, "user") == "username":
            changes["email"] = _text(value, key)
    if not changes.get("email"):
        raise invalid_value("userName is required: the person's work email address.")
    return changes


def _operations(body: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    schemas = body.get("schemas")
    if isinstance(schemas, list) and schemas and PATCH_OP not in schemas:
        raise ScimError(f"A PATCH request has the schema {PATCH_OP}.", scim_type="invalidSyntax")
    operations = body.get("Operations")
    if not isinstance(operations, list) or not operations:
        raise ScimError("A PATCH request lists its Operations.", scim_type="invalidSyntax")
    for operation in operations:
        if not isinstance(operation, Mapping):
            raise ScimError("Each operation is an object.", scim_type="invalidSyntax")
        if str(operation.get("op", "")).lower() not in ("add", "replace", "remove"):
            raise ScimError(
                "Each operation's op is add, replace or remove.", scim_type="invalidSyntax"
            )
    return operations


def user_changes_from_patch(body: Mapping[str, Any]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for operation in _operations(body):
        op = str(operation["op"]).lower()
        path = operation.get("path")
        value = operation.get("value")
        if path is None or path == "":
            if op == "remove":
                raise ScimError("A remove operation names its path.", scim_type="noTarget")
            if not isinstance(value, Mapping):
                raise invalid_value("Without a path, an operation's value is an object.")
            for key, inner in value.items():
                _user_set(changes, attribute_name(key, "user"), inner, key)
            continue
        if not isinstance(path, str):
            raise ScimError("An operation's path is text.", scim_type="invalidPath")
        name = VALUE_FILTER.sub("", attribute_name(path, "user"))
        if op == "remove":
            _user_remove(changes, name, path)
        else:
            _user_set(changes, name, value, path)
    return changes


@dataclass
class GroupChanges:
    name: str | None = None
    external_id: str | None = None
    # None leaves the members alone; a list sets them exactly (PUT, replace members).
    members: list[str] | None = None
    add: list[str] = field(default_factory=list)
    remove: list[str] = field(default_factory=list)
    remove_all: bool = False


def _member_ids(value: Any) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    ids = []
    for item in items:
        reference = _reference(item, "members")
        if reference is None:
            raise invalid_value("Each member names the SCIM id of a User in its value.")
        ids.append(reference)
    return ids


def _group_set(changes: GroupChanges, name: str, value: Any, op: str, path: str) -> None:
    if name == "displayname":
        text = _text(value, path)
        if not text:
            raise invalid_value("A group's displayName is required.")
        changes.name = text
    elif name == "externalid":
        changes.external_id = _text(value, path)
    elif name == "members":
        ids = _member_ids(value)
        if op == "replace":
            changes.members, changes.add, changes.remove = ids, [], []
        else:
            changes.add.extend(ids)
    elif name not in ("schemas", "id", "meta"):
        raise ScimError(f"Tandem does not keep {path!r} for a group.", scim_type="invalidPath")


def group_changes_from_resource(body: Mapping[str, Any], *, replace: bool) -> GroupChanges:
    changes = GroupChanges()
    if replace:
        changes.external_id = ""
        changes.members = []
    for key, value in body.items():
        _group_set(changes, attribute_name(key, "group"), value, "replace", key)
    if not changes.name:
        raise invalid_value("A group's displayName is required.")
    return changes


def group_changes_from_patch(body: Mapping[str, Any]) -> GroupChanges:
    changes = GroupChanges()
    for operation in _operations(body):
        op = str(operation["op"]).lower()
        path = operation.get("path")
        value = operation.get("value")
        if path is None or path == "":
            if op == "remove":
                raise ScimError("A remove operation names its path.", scim_type="noTarget")
            if not isinstance(value, Mapping):
                raise invalid_value("Without a path, an operation's value is an object.")
            for key, inner in value.items():
                _group_set(changes, attribute_name(key, "group"), inner, op, key)
            continue
        if not isinstance(path, str):
            raise ScimError("An operation's path is text.", scim_type="invalidPath")
        member = MEMBER_FILTER.match(path.strip())
        if member is not None:
            if op != "remove":
                raise ScimError(
                    "Add members with the path members and a list of values.",
                    scim_type="invalidPath",
                )
            changes.remove.append(member.group(1))
            continue
        name = attribute_name(path, "group")
        if op == "remove":
            if name == "members":
                ids = _member_ids(value)
                if ids:
                    changes.remove.extend(ids)
                else:
                    changes.remove_all, changes.members, changes.add = True, None, []
            elif name == "externalid":
                changes.external_id = ""
            elif name == "displayname":
                raise ScimError("A group keeps its displayName.", scim_type="mutability")
            else:
                raise ScimError(
                    f"Tandem does not keep {path!r} for a group.", scim_type="invalidPath"
                )
        else:
            _group_set(changes, name, value, op, path)
    return changes
