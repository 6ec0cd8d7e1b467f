"""Builders for the forming tests: a group programme, its people and circles."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from tandem.circles.models import Circle, CircleMember, GroupSettings
from tandem.people.models import Language, Person
from tandem.people.tests.factories import DepartmentFactory, PersonFactory
from tandem.programmes.models import Enrolment, Programme
from tandem.programmes.tests.factories import EnrolmentFactory, ProgrammeFactory


def group_programme(
    *coordinators: Any, name: str = "Circles of Practice", **rules: Any
) -> Programme:
    programme = ProgrammeFactory(
        name=name,
        kind=Programme.Kind.GROUP,
        coordinators=list(coordinators),
        max_timezone_gap_hours=rules.pop("max_timezone_gap_hours", 6),
        **rules,
    )
    GroupSettings.objects.create(programme=programme, max_mentees=4, mentees_may_join=True)
    return programme


def person(
    name: str,
    *,
    zone: str = "Europe/London",
    languages: Sequence[str] = ("en",),
    manager: Person | None = None,
    department: str | None = None,
) -> Person:
    langs = [
        Language.objects.get_or_create(code=c, defaults={"name": c.upper()})[0] for c in languages
    ]
    return PersonFactory(
        name=name,
        user__name=name,
        timezone=zone,
        languages=langs,
        manager=manager,
        department=DepartmentFactory(name=department or f"Dept of {name}"),
    )


def enrol(programme: Programme, someone: Person, role: str, **fields: Any) -> Enrolment:
    return EnrolmentFactory(programme=programme, person=someone, role=role, **fields)


def mentor(programme: Programme, name: str, **kwargs: Any) -> Person:
    someone = person(name, **kwargs)
    enrol(programme, someone, Enrolment.Role.MENTOR)
    return someone


def mentee(programme: Programme, name: str, **kwargs: Any) -> Person:
    someone = person(name, **kwargs)
    enrol(programme, someone, Enrolment.Role.MENTEE)
    return someone


def circle(
    programme: Programme,
    name: str,
    facilitators: Sequence[Person],
    mentees: Sequence[Person],
    *,
    state: str = Circle.State.FORMING,
    max_mentees: int = 4,
    topic: str = "Leading through change",
) -> Circle:
    """A circle written directly, as a published run or an earlier coordinator left it."""
    found = Circle.objects.create(
        programme=programme, name=name, topic=topic, state=state, max_mentees=max_mentees
    )
    now = timezone.now()
    CircleMember.objects.bulk_create(
        [CircleMember(circle=found, person=p, role="mentor", joined_at=now) for p in facilitators]
        + [CircleMember(circle=found, person=p, role="mentee", joined_at=now) for p in mentees]
    )
    return found
