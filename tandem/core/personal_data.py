"""A person's own data: gathered from every app for a download, or erased from every app.

Core keeps only the registry, as it does for next steps and periodic jobs. Each app declares
what it holds about a person in its own `personal_data.py` with `@personal_data(section=...)`:
a function that takes the signed-in user and returns plain data (dicts, lists, strings,
numbers, dates), built from the app's own models, in a fixed number of queries whatever the
amount of data.

What a section may hold is decided by one rule: everything the person wrote, private or not,
and everything about them that others may see (their profile, enrolments, pairs, feedback
given to them). Never what someone else wrote for themselves alone: a partner's private notes,
journal, reflections or concerns stay out, as they do on every page the person can open.

Erasure works the same way: each app declares, with `@erases(order=...)`, how it forgets a
person, and `erase` runs them all in one transaction, lowest order first. The person's row
stays, anonymised and named "a former participant", so that what their partners wrote with
them keeps its history; what only they could see is deleted. An app that must refuse (the
person is still in an open pair, or alone coordinates a programme) raises its ServiceError,
and nothing at all is changed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

FORMAT = "tandem-personal-data/1"
ERASED_NAME = "A former participant"

Section = Callable[[Any], Any]

_SECTIONS: dict[str, tuple[int, Section]] = {}


def personal_data(*, section: str, order: int) -> Callable[[Section], Section]:
    """Register what an app holds about a person under `section`; lower `order` comes first."""

    def register(func: Section) -> Section:
        _SECTIONS[section] = (order, func)
        return func

    return register


def sections() -> list[tuple[str, Section]]:
    autodiscover_modules("personal_data")
    ordered = sorted(_SECTIONS.items(), key=lambda item: item[1][0])
    return [(name, func) for name, (_, func) in ordered]


def personal_data_for(user: Any) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "exported_at": timezone.now(),
        "account": user.email,
        **{name: func(user) for name, func in sections()},
    }


def personal_data_json(user: Any) -> str:
    return json.dumps(personal_data_for(user), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)


def own_fields(instance: Model, *, leave_out: tuple[str, ...] = ()) -> dict[str, Any]:
    """Every field the row holds itself (no id, no link to another row), choices in words.

    Fields a model gains later are exported without anyone remembering to add them here.
    """
    names = [
        field.name
        for field in instance._meta.concrete_fields
        if not field.primary_key and not field.is_relation and field.name not in leave_out
    ]
    return fields(instance, *names)


def fields(instance: Model, *names: str) -> dict[str, Any]:
    """The named fields of one row, choices in words ("active", not a code)."""
    row: dict[str, Any] = {}
    for name in names:
        display = getattr(instance, f"get_{name}_display", None)
        row[name] = display() if callable(display) else getattr(instance, name)
    return row


@dataclass(frozen=True)
class ErasureSubject:
    person: Any  # people.Person, locked for the erasure
    user: Any | None  # their account, if they have one
    name: str  # as it was: other people's records that quote it are found by it
    email: str  # as it was: records kept by address are found by it
    erased_email: str  # what replaces it, unique and undeliverable


Eraser = Callable[[ErasureSubject], None]

_ERASERS: dict[str, tuple[int, Eraser]] = {}


def erases(*, order: int) -> Callable[[Eraser], Eraser]:
    """Register how an app forgets a person; lower `order` runs first."""

    def register(func: Eraser) -> Eraser:
        _ERASERS[f"{func.__module__}.{func.__qualname__}"] = (order, func)
        return func

    return register


def erase(person: Any) -> None:
    autodiscover_modules("personal_data")
    subject = ErasureSubject(
        person=person,
        user=person.user,
        name=person.name,
        email=person.email,
        erased_email=f"erased-{person.pk}@erased.invalid",
    )
    with transaction.atomic():
        for _, func in sorted(_ERASERS.values(), key=lambda entry: entry[0]):
            func(subject)
