from __future__ import annotations

from typing import Any

from tandem.people.models import Department, Person, PersonSkill, Skill
from tandem.people.tests.factories import LanguageFactory, PersonFactory
from tandem.programmes.models import Enrolment, Programme
from tandem.programmes.tests.factories import EnrolmentFactory

ANSWERS = {"frequency": "monthly", "format": "video", "style": "3", "focus_areas": ["leadership"]}


def mentor(
    programme: Programme,
    *,
    name: str,
    bio: str = "Led finance teams; budgeting and forecasting.",
    skills: tuple[str, ...] = ("Budgeting",),
    capacity: int = 2,
    department: Department | None = None,
    answers: dict[str, Any] | None = None,
    **person: Any,
) -> Person:
    extra = {"department": department} if department is not None else {}
    who = PersonFactory(
        user__email=f"{name.lower().replace(' ', '.')}@example.org",
        user__name=name,
        bio=bio,
        **extra,
        **person,
    )
    for skill in skills:
        PersonSkill.objects.create(person=who, skill=Skill.objects.get_or_create(name=skill)[0])
    EnrolmentFactory(
        programme=programme,
        person=who,
        role=Enrolment.Role.MENTOR,
        capacity=capacity,
        answers=answers if answers is not None else dict(ANSWERS),
    )
    return who


def mentee(
    programme: Programme,
    *,
    name: str,
    goals: str = "Get better at budgeting and forecasting.",
    answers: dict[str, Any] | None = None,
    department: Department | None = None,
    **person: Any,
) -> Person:
    extra = {"department": department} if department is not None else {}
    who = PersonFactory(
        user__email=f"{name.lower().replace(' ', '.')}@example.org",
        user__name=name,
        **extra,
        **person,
    )
    EnrolmentFactory(
        programme=programme,
        person=who,
        role=Enrolment.Role.MENTEE,
        goals=goals,
        answers=answers if answers is not None else dict(ANSWERS),
    )
    return who


def english() -> Any:
    return LanguageFactory(code="en", name="English")
