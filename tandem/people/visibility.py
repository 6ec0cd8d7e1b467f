"""What of a profile a viewer may see: everything of their own, else what the person shows."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser

from tandem.accounts.models import User
from tandem.people.models import Person

ALL_FIELDS = frozenset(name for name, _ in Person.VISIBLE_FIELD_CHOICES)


def is_own_profile(person: Person, viewer: User | AnonymousUser) -> bool:
    return bool(viewer.is_authenticated and person.user_id == viewer.pk)


def visible_fields(person: Person, viewer: User | AnonymousUser) -> frozenset[str]:
    if is_own_profile(person, viewer):
        return ALL_FIELDS
    return ALL_FIELDS.intersection(person.visible_fields or [])


@dataclass
class ProfileView:
    """A person as one viewer sees them; templates ask `show.<field>`."""

    person: Person
    shown: frozenset[str]
    is_own: bool = False
    show: dict[str, bool] = field(init=False)

    def __post_init__(self) -> None:
        self.show = {name: name in self.shown for name in ALL_FIELDS}

    @property
    def skills(self) -> list[tuple[str, str]]:
        # Uses the prefetched person_skills; never issues a query per person.
        return [
            (ps.skill.name, ps.get_level_display())
            for ps in sorted(
                self.person.person_skills.all(), key=lambda ps: (-ps.level, ps.skill.name)
            )
        ]

    @property
    def language_names(self) -> list[str]:
        return sorted(language.name for language in self.person.languages.all())


def profile_view(person: Person, viewer: User | AnonymousUser) -> ProfileView:
    return ProfileView(person, visible_fields(person, viewer), is_own_profile(person, viewer))
