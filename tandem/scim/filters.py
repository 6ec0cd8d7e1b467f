"""SCIM filters (RFC 7644 §3.4.2.2) turned into database conditions.

The grammar is the RFC's: comparisons (`eq`, `ne`, `co`, `sw`, `ew`, `gt`, `ge`, `lt`, `le`,
`pr`) joined with `and`, `or` and `not`, with parentheses. The attributes are those Tandem
stores (FIELDS below); any other attribute or a malformed filter is refused with
`invalidFilter`, never ignored, so an identity provider never takes an unfiltered list for a
match.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from django.db.models import Q

from tandem.scim.errors import ScimError
from tandem.scim.resources import ENTERPRISE, GROUP, USER


@dataclass(frozen=True)
class Field:
    lookup: str
    kind: str = "text"  # text (compared case-insensitively), exact (case-sensitive), bool, id
    operators: frozenset[str] = frozenset({"eq", "ne", "co", "sw", "ew", "pr"})


ID_OPS = frozenset({"eq", "ne", "pr"})
TEXT = Field  # a readable alias below

USER_FIELDS = {
    "id": Field("pk", "id", ID_OPS),
    "username": TEXT("email"),
    "emails": TEXT("email"),
    "emails.value": TEXT("email"),
    "externalid": Field("provisioning__external_id", "exact"),
    "displayname": TEXT("name"),
    "name.formatted": TEXT("name"),
    "title": TEXT("job_title"),
    "active": Field("left_at__isnull", "bool", ID_OPS),
    "department": TEXT("department__name"),
    "manager": Field("manager_id", "id", ID_OPS),
    "manager.value": Field("manager_id", "id", ID_OPS),
}
GROUP_FIELDS = {
    "id": Field("pk", "id", ID_OPS),
    "displayname": TEXT("name"),
    "externalid": Field("provisioning__external_id", "exact"),
    "members": Field("people__pk", "id", ID_OPS),
    "members.value": Field("people__pk", "id", ID_OPS),
}
PREFIXES = {"user": (USER, ENTERPRISE), "group": (GROUP,)}

TOKEN = re.compile(r'\s*(\(|\)|"(?:[^"\\]|\\.)*"|[^\s()"]+)')
OPERATORS = frozenset({"eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "pr"})
TEXT_LOOKUPS = {"eq": "iexact", "co": "icontains", "sw": "istartswith", "ew": "iendswith"}
EXACT_LOOKUPS = {"eq": "exact", "co": "contains", "sw": "startswith", "ew": "endswith"}


def invalid(message: str) -> ScimError:
    return ScimError(message, scim_type="invalidFilter")


def attribute_name(path: str, resource: str) -> str:
    """A path without its schema's URN, lower case: `urn:…:User:userName` → `username`."""
    lowered = path.lower()
    for urn in PREFIXES[resource]:
        if lowered.startswith(urn.lower() + ":"):
            return lowered[len(urn) + 1 :]
    return lowered


class _Parser:
    def __init__(self, text: str, fields: dict[str, Field], resource: str) -> None:
        self.tokens = self._tokenise(text)
        self.position = 0
        self.fields = fields
        self.resource = resource

    @staticmethod
    def _tokenise(text: str) -> list[str]:
        tokens, position = [], 0
        while position < len(text):
            match = TOKEN.match(text, position)
            if match is None:
                if text[position:].strip():
                    raise invalid(f"Cannot read the filter from {text[position:]!r}.")
                break
            tokens.append(match.group(1))
            position = match.end()
        return tokens

    def peek(self) -> str | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self) -> str:
        token = self.peek()
        if token is None:
            raise invalid("The filter ends too early.")
        self.position += 1
        return token

    def parse(self) -> Q:
        if not self.tokens:
            raise invalid("The filter is empty.")
        condition = self.disjunction()
        if self.peek() is not None:
            raise invalid(f"Unexpected {self.peek()!r} in the filter.")
        return condition

    def disjunction(self) -> Q:
        condition = self.conjunction()
        while (self.peek() or "").lower() == "or":
            self.take()
            condition |= self.conjunction()
        return condition

    def conjunction(self) -> Q:
        condition = self.unary()
        while (self.peek() or "").lower() == "and":
            self.take()
            condition &= self.unary()
        return condition

    def unary(self) -> Q:
        token = self.take()
        if token.lower() == "not":
            if self.take() != "(":
                raise invalid("`not` must be followed by a parenthesised filter.")
            return ~self.closing()
        if token == "(":
            return self.closing()
        return self.comparison(token)

    def closing(self) -> Q:
        condition = self.disjunction()
        if self.take() != ")":
            raise invalid("A parenthesis is not closed.")
        return condition

    def comparison(self, path: str) -> Q:
        name = attribute_name(path, self.resource)
        field = self.fields.get(name)
        if field is None:
            raise invalid(f"Filtering on {path!r} is not supported.")
        operator = self.take().lower()
        if operator not in OPERATORS:
            raise invalid(f"Unknown operator {operator!r}.")
        if operator not in field.operators:
            raise invalid(f"{path!r} cannot be compared with {operator!r}.")
        if operator == "pr":
            return self.present(field)
        value = self.value()
        condition = self.compare(field, operator, value, path)
        return ~condition if operator == "ne" else condition

    def value(self) -> object:
        token = self.take()
        try:
            return json.loads(token)
        except ValueError as exc:
            raise invalid(f"{token!r} is not a value: quote text in double quotes.") from exc

    @staticmethod
    def present(field: Field) -> Q:
        if field.kind == "bool":
            return Q()
        if field.kind == "id":
            return Q(**{f"{field.lookup}__isnull": False})
        return Q(**{f"{field.lookup}__isnull": False}) & ~Q(**{field.lookup: ""})

    @staticmethod
    def compare(field: Field, operator: str, value: object, path: str) -> Q:
        if field.kind == "bool":
            if not isinstance(value, bool):
                raise invalid(f"{path!r} is true or false.")
            return Q(**{field.lookup: value})
        if field.kind == "id":
            text = str(value) if isinstance(value, str | int) else ""
            # An id Tandem never issued matches nothing, rather than failing the filter.
            return Q(**{field.lookup: int(text)}) if text.isdigit() else Q(pk__in=[])
        if not isinstance(value, str):
            raise invalid(f"Compare {path!r} with text in double quotes.")
        lookups = TEXT_LOOKUPS if field.kind == "text" else EXACT_LOOKUPS
        return Q(**{f"{field.lookup}__{lookups['eq' if operator == 'ne' else operator]}": value})


def user_filter(text: str) -> Q:
    return _Parser(text, USER_FIELDS, "user").parse()


def group_filter(text: str) -> Q:
    return _Parser(text, GROUP_FIELDS, "group").parse()
