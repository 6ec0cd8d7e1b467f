"""What the people app holds about a person: their profile, as they and others see it."""

from __future__ import annotations

import base64
from typing import Any

from tandem.core.personal_data import erases, own_fields, personal_data
from tandem.people.models import Person, PersonSkill
from tandem.people.services import people_erase_person

erases(order=90)(people_erase_person)


@personal_data(section="profile", order=20)
def profile(user: Any) -> dict[str, Any] | None:
    person = (
        Person.objects.filter(user=user)
        .select_related("department", "manager")
        .prefetch_related("languages")
        .first()
    )
    if person is None:
        return None
    skills = PersonSkill.objects.filter(person=person).select_related("skill").order_by("skill")
    return {
        # Every field of the profile, including any added later; the photo comes below.
        **own_fields(person, leave_out=("photo", "visible_fields", "erased_at")),
        "department": person.department.name if person.department else None,
        "line_manager": person.manager.name if person.manager else None,
        "languages": sorted(language.name for language in person.languages.all()),
        "skills": [{"skill": s.skill.name, "level": s.get_level_display()} for s in skills],
        # Which of these fields colleagues other than the person's pairs and coordinators see.
        "shown_to_colleagues": list(person.visible_fields),
        "photo": _photo(person),
    }


def _photo(person: Person) -> dict[str, str] | None:
    if not person.photo:
        return None
    try:
        with person.photo.open("rb") as handle:
            content = handle.read()
    except OSError:
        return None  # the row names a file that storage no longer has: nothing to give
    return {
        "file": (person.photo.name or "").rsplit("/", 1)[-1],
        "base64": base64.b64encode(content).decode("ascii"),
    }
