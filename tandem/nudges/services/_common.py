from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

from django.db.models import Model, QuerySet

from tandem.notifications.services import notification_send, notification_send_to_person
from tandem.people.models import Person
from tandem.programmes.models import Programme

T = TypeVar("T", bound=Model)
# Pairs are read with their history (meetings, check-ins...) a batch at a time, so a job's
# memory stays flat however many pairs an organisation runs.
BATCH = 500


def tell(person: Person, *, kind: str, title: str, url: str, key: str, body: str = "") -> int:
    """1 when the person was told now; 0 when this occasion told them before, or they have
    no account."""
    sent = notification_send_to_person(
        person=person, kind=kind, title=title, url=url, dedupe_key=key, body=body
    )
    return 0 if sent is None else 1


def tell_coordinators(
    programme: Programme, *, kind: str, title: str, url: str, key: str, body: str = ""
) -> int:
    told = 0
    for coordinator in programme.coordinators.all():
        sent = notification_send(
            recipient=coordinator, kind=kind, title=title, url=url, dedupe_key=key, body=body
        )
        told += sent is not None
    return told


def batches(queryset: QuerySet[T], size: int = BATCH) -> Iterator[list[T]]:
    """The rows in primary-key order, `size` at a time, each batch with its prefetches."""
    last = 0
    while True:
        batch = list(queryset.filter(pk__gt=last).order_by("pk")[:size])
        if not batch:
            return
        yield batch
        last = batch[-1].pk


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def names(people: Iterable[Person]) -> str:
    return " and ".join(person.name for person in people)
