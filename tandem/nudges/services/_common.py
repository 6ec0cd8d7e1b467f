from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from tandem.notifications.services import notification_send, notification_send_to_person
from tandem.people.models import Person
from tandem.programmes.models import Programme


def tell(
    person: Person,
    *,
    kind: str,
    title: str,
    url: str,
    key: str,
    programme_id: int,
    body: str = "",
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
    programme: Programme, *, kind: str, title: str, url: str, key: str, body: str = ""
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


def names(people: Iterable[Person]) -> str:
    listed = [person.name for person in people]
    joined = listed[0] if listed else ""
    for name in listed[1:]:
        joined = _("%(first)s and %(second)s") % {"first": joined, "second": name}
    return joined
