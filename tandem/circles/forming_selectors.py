"""Reads for forming circles: a run's proposal, a programme's circles, the circles a mentee
may join. Each runs a fixed number of queries, whatever the number of circles or people."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from tandem.circles.models import Circle, CircleMember, GroupRun, Placement, ProposedCircle
from tandem.circles.models import UnplacedMentee as UnplacedRow
from tandem.people.models import Language, Person
from tandem.programmes.models import Programme

JOINABLE = (Circle.State.FORMING, Circle.State.ACTIVE)
_CURRENT_MENTEES = Q(members__left_at__isnull=True, members__role=CircleMember.Role.MENTEE)


def runs_for_programme(programme: Programme) -> QuerySet[GroupRun]:
    return GroupRun.objects.filter(programme=programme).select_related("created_by")


@dataclass
class Proposal:
    circles: list[ProposedCircle]
    placements: dict[int, list[Placement]] = field(default_factory=dict)
    unplaced: list[UnplacedRow] = field(default_factory=list)


def proposal_of(run: GroupRun) -> Proposal:
    """The run's circles with their facilitators and members, and the unplaced: 3 queries."""
    circles = list(
        ProposedCircle.objects.filter(run=run)
        .select_related("facilitator", "co_facilitator")
        .order_by("name", "pk")
    )
    placements: dict[int, list[Placement]] = defaultdict(list)
    for p in (
        Placement.objects.filter(run=run)
        .select_related("mentee__department")
        .order_by("mentee__name", "pk")
    ):
        placements[p.circle_id].append(p)
    unplaced = list(
        UnplacedRow.objects.filter(run=run)
        .select_related("mentee__department")
        .order_by("mentee__name", "pk")
    )
    return Proposal(circles=circles, placements=dict(placements), unplaced=unplaced)


def _facilitators() -> Any:
    return Prefetch(
        "members",
        queryset=CircleMember.objects.current()
        .filter(role=CircleMember.Role.MENTOR)
        .select_related("person")
        .order_by("joined_at", "pk"),
        to_attr="facilitators",
    )


def circles_for_coordinator(programme: Programme) -> QuerySet[Circle, Any]:
    """The programme's circles, metadata only, with facilitators and the count of mentees."""
    return (
        Circle.objects.filter(programme=programme)
        .annotate(mentee_count=Count("members", filter=_CURRENT_MENTEES))
        .prefetch_related(_facilitators())
        .order_by("state", "name", "pk")
    )


def circle_members(circle: Circle) -> list[CircleMember]:
    return list(
        CircleMember.objects.current()
        .filter(circle=circle)
        .select_related("person__department")
        .order_by("role", "person__name", "pk")
    )


def open_circles(programme: Programme) -> list[Circle]:
    """Circles a mentee may join now: open to join, not closed, with room. Each carries its
    facilitators, its count of mentees and the languages every current member speaks."""
    circles: list[Circle] = [
        c
        for c in Circle.objects.filter(programme=programme, state__in=JOINABLE, open_to_join=True)
        .annotate(mentee_count=Count("members", filter=_CURRENT_MENTEES))
        .prefetch_related(_facilitators())
        .order_by("name", "pk")
        if c.mentee_count < c.max_mentees
    ]
    members: dict[int, list[int]] = defaultdict(list)
    for circle_id, person_id in (
        CircleMember.objects.current()
        .filter(circle__in=[c.pk for c in circles])
        .values_list("circle_id", "person_id")
    ):
        members[circle_id].append(person_id)
    spoken: dict[int, set[int]] = defaultdict(set)
    for person_id, language_id in Person.languages.through.objects.filter(
        person_id__in={pk for ids in members.values() for pk in ids}
    ).values_list("person_id", "language_id"):
        spoken[person_id].add(language_id)
    names = dict(Language.objects.values_list("pk", "name"))
    for c in circles:
        common: set[int] | None = None
        for pk in members.get(c.pk, []):
            common = set(spoken[pk]) if common is None else common & spoken[pk]
        c.shared_languages = sorted(names[pk] for pk in common or ())  # type: ignore[attr-defined]
        c.room = c.max_mentees - c.mentee_count  # type: ignore[attr-defined]
    return circles


def mentee_circle(programme: Programme, person: Person) -> Circle | None:
    """The open circle of the programme the person is a mentee of, if any."""
    return (
        Circle.objects.filter(
            programme=programme,
            state__in=(Circle.State.FORMING, Circle.State.ACTIVE, Circle.State.PAUSED),
            members__person=person,
            members__left_at__isnull=True,
            members__role=CircleMember.Role.MENTEE,
        )
        .order_by("pk")
        .first()
    )
