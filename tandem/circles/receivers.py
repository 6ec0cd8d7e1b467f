from __future__ import annotations

from typing import Any

from tandem.circles.services.membership import circle_memberships_end_for_leaver
from tandem.people.models import Person


def on_person_left(sender: Any, *, person: Person, **extra: Any) -> None:
    circle_memberships_end_for_leaver(person=person)
