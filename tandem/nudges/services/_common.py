from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy

from tandem.core.i18n import interpolate_lazy
from tandem.notifications.services import notification_send, notification_send_to_person
from tandem.people.models import Person
from tandem.programmes.models import Programme

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

# Notices are given as lazy text, written in each recipient's language as it is stored
# (tandem/core/i18n.py): a job runs in no one's language, and a coordinator's may not be the
# pair's.


def tell(
    person: Person,
    *,
    kind: str,
    title: StrOrPromise,
    url: str,
    key: str,
    programme_id: int,
    body: StrOrPromise = "",
) -> int:
    """1 when the person was told now; 0 when this occasion told them before, or they have
    no account. `programme_id` is the programme of the pair it is about."""
    sent = notification_send_to_person(
        person=person,
        kind=kind,
        title=title,
        url=url,
        dedupe_key=key,
        body=body,
        programme_id=programme_id,
    )
    return 0 if sent is None else 1


def tell_coordinators(
    programme: Programme,
    *,
    kind: str,
    title: StrOrPromise,
    url: str,
    key: str,
    body: StrOrPromise = "",
) -> int:
    told = 0
    for coordinator in programme.coordinators.all():
        sent = notification_send(
            recipient=coordinator,
            kind=kind,
            title=title,
            url=url,
            dedupe_key=key,
            body=body,
            programme_id=programme.pk,
        )
        told += sent is not None
    return told


def names(people: Iterable[Person]) -> StrOrPromise:
    listed = [person.name for person in people]
    joined: StrOrPromise = listed[0] if listed else ""
    for name in listed[1:]:
        joined = interpolate_lazy(
            gettext_lazy("%(first)s and %(second)s"), first=joined, second=name
        )
    return joined
