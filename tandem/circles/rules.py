"""Whether someone may take a place in a circle: the one place these checks are written.

Adjusting a group run, forming a circle by hand, a coordinator adding a member and a mentee
joining from the browse page all ask here. The rules are the engine's hard rules for circles
(`tandem.matching.engine.group`), held across every member, facilitators included:

* the circle has room (its size in mentees);
* nobody in the circle sits up the newcomer's management chain, nor the newcomer up theirs;
* one language spoken by every member;
* every two members within the time-zone window (an unknown offset is held against nobody).

The facts are loaded for a whole group of people in a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tandem.circles.errors import CircleError
from tandem.circles.models import Circle, CircleMember
from tandem.matching.engine.model import Rules
from tandem.matching.instance import programme_rules, utc_offset_hours
from tandem.people.models import Person
from tandem.programmes.models import Programme

_TZ_EPS = 1e-9


@dataclass(frozen=True, slots=True)
class Someone:
    """What the rules need to know of one person."""

    pk: int
    name: str
    languages: frozenset[str]
    offset: float | None
    # Everyone up their management chain, nearest first.
    chain: tuple[int, ...]


def facts_for(pks: Iterable[int], *, at: datetime | None = None) -> dict[int, Someone]:
    """The rules' facts about these people, in three queries whatever their number."""
    wanted = set(pks)
    if not wanted:
        return {}
    at = at or timezone.now()
    managers = dict(Person.objects.values_list("pk", "manager_id"))
    languages: dict[int, set[str]] = {pk: set() for pk in wanted}
    for person_id, code in Person.languages.through.objects.filter(
        person_id__in=wanted
    ).values_list("person_id", "language__code"):
        languages[person_id].add(code.lower())
    out: dict[int, Someone] = {}
    for pk, name, zone in Person.objects.filter(pk__in=wanted).values_list(
        "pk", "name", "timezone"
    ):
        chain: list[int] = []
        node = managers.get(pk)
        while node is not None and node not in chain and node != pk:
            chain.append(node)
            node = managers.get(node)
        out[pk] = Someone(
            pk=pk,
            name=name,
            languages=frozenset(languages[pk]),
            offset=utc_offset_hours(zone, at),
            chain=tuple(chain),
        )
    return out


def place_refusal(
    *,
    rules: Rules,
    newcomer: Someone,
    members: Sequence[Someone],
    circle: str,
    mentees: int,
    max_mentees: int,
    as_mentee: bool = False,
) -> str:
    """Why ``newcomer`` may not join ``members`` (the circle's facilitators and mentees, the
    newcomer left out), in words; empty when they may. ``mentees`` is how many mentees the
    circle holds without them. ``as_mentee`` words it to the newcomer themselves."""
    if mentees >= max_mentees:
        return ngettext(
            "%(circle)s is full: it takes %(count)s mentee at most.",
            "%(circle)s is full: it takes %(count)s mentees at most.",
            max_mentees,
        ) % {"circle": circle, "count": max_mentees}
    others = [m for m in members if m.pk != newcomer.pk]
    if rules.exclude_management_chain:
        for member in others:
            if member.pk in newcomer.chain:
                if as_mentee:
                    return _(
                        "Someone in %(circle)s is up your management chain, so you cannot join it."
                    ) % {"circle": circle}
                return _(
                    "%(manager)s is up %(person)s's management chain, so they cannot be in "
                    "%(circle)s together."
                ) % {"manager": member.name, "person": newcomer.name, "circle": circle}
            if newcomer.pk in member.chain:
                if as_mentee:
                    return _(
                        "You are up the management chain of someone in %(circle)s, so you "
                        "cannot join it."
                    ) % {"circle": circle}
                return _(
                    "%(manager)s is up %(person)s's management chain, so they cannot be in "
                    "%(circle)s together."
                ) % {"manager": newcomer.name, "person": member.name, "circle": circle}
    if rules.require_shared_language and others:
        common = set(newcomer.languages)
        for member in others:
            common &= member.languages
        if not common:
            if as_mentee:
                return _("You share no language with every member of %(circle)s.") % {
                    "circle": circle
                }
            return _("%(person)s shares no language with every member of %(circle)s.") % {
                "person": newcomer.name,
                "circle": circle,
            }
    gap = rules.max_timezone_gap_hours
    if gap is not None and newcomer.offset is not None:
        offsets = [m.offset for m in others if m.offset is not None]
        if offsets:
            spread = max([*offsets, newcomer.offset]) - min([*offsets, newcomer.offset])
            if spread > gap + _TZ_EPS:
                hours = {"circle": circle, "spread": f"{spread:g}", "gap": f"{gap:g}"}
                if as_mentee:
                    return (
                        _(
                            "%(circle)s would be outside the programme's time-zone window with "
                            "you: its members would work %(spread)s hours apart, and the window is "
                            "%(gap)s hours."
                        )
                        % hours
                    )
                return _(
                    "%(circle)s would be outside the programme's time-zone window with "
                    "%(person)s: its members would work %(spread)s hours apart, and the "
                    "window is %(gap)s hours."
                ) % {**hours, "person": newcomer.name}
    return ""


def check_place(
    *,
    rules: Rules,
    newcomer: Someone,
    members: Sequence[Someone],
    circle: str,
    mentees: int,
    max_mentees: int,
    as_mentee: bool = False,
    field: str | None = None,
) -> None:
    """`place_refusal` as a refusal: raises `CircleError` with the reason."""
    reason = place_refusal(
        rules=rules,
        newcomer=newcomer,
        members=members,
        circle=circle,
        mentees=mentees,
        max_mentees=max_mentees,
        as_mentee=as_mentee,
    )
    if reason:
        raise CircleError(reason, field=field)


def check_group(
    *,
    rules: Rules,
    facilitators: Sequence[Someone],
    mentees: Sequence[Someone],
    circle: str,
    max_mentees: int,
) -> None:
    """A whole circle formed at once: each person checked against everyone before them."""
    placed: list[Someone] = []
    for person in facilitators:
        check_place(
            rules=rules,
            newcomer=person,
            members=placed,
            circle=circle,
            mentees=0,
            max_mentees=max_mentees,
            field="facilitators",
        )
        placed.append(person)
    for count, person in enumerate(mentees):
        check_place(
            rules=rules,
            newcomer=person,
            members=placed,
            circle=circle,
            mentees=count,
            max_mentees=max_mentees,
            field="mentees",
        )
        placed.append(person)


def circle_rules(programme: Programme) -> Rules:
    """The rules a circle of the programme keeps today (a run keeps its own snapshot)."""
    return programme_rules(programme)


def open_circle_memberships(programme: Programme) -> QuerySet[CircleMember]:
    """Current memberships of the programme's circles that have not closed."""
    return CircleMember.objects.current().filter(
        circle__programme=programme, circle__state__in=OPEN_STATES
    )


OPEN_STATES = (Circle.State.FORMING, Circle.State.ACTIVE, Circle.State.PAUSED)


def circles_of(programme: Programme, person_ids: Iterable[int]) -> dict[int, str]:
    """The open circle each of these people is a mentee of in the programme, by name."""
    return dict(
        open_circle_memberships(programme)
        .filter(person_id__in=set(person_ids), role=CircleMember.Role.MENTEE)
        .values_list("person_id", "circle__name")
    )


def check_not_in_a_circle(
    programme: Programme, person: Someone, *, as_mentee: bool = False, field: str | None = None
) -> None:
    current = circles_of(programme, [person.pk])
    if person.pk in current:
        if as_mentee:
            raise CircleError(
                _("You are already in a circle of this programme: %(circle)s.")
                % {"circle": current[person.pk]},
                field=field,
            )
        raise CircleError(
            _("%(person)s is already in a circle of this programme: %(circle)s.")
            % {"person": person.name, "circle": current[person.pk]},
            field=field,
        )
