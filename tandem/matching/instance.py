"""Build the engine's matching instance for a programme from the database.

The whole cohort loads in a fixed number of queries (the org chart, enrolments, open
mentorships, languages, skills, wanted skills, questions, exclusions and pair rules), whatever
its size: no query runs per person.

A mentor who is not taking new mentees stays in the cohort with their true free places (a
coordinator's pin or hand-made pair still fits them), but offers no place to the engine.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db.models import BooleanField, ExpressionWrapper
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.matching.engine.model import (
    AnswerValue,
    Instance,
    Mentee,
    Mentor,
    Person,
    Rules,
    Weights,
)
from tandem.matching.models import PairRule
from tandem.mentorships.models import MentorExclusion, Mentorship
from tandem.people.models import Person as PersonRow
from tandem.people.models import PersonSkill, not_taking_mentees_q
from tandem.programmes.models import Enrolment, Programme, Question

Pair = tuple[int, int]


@lru_cache(maxsize=512)
def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def utc_offset_hours(name: str, at: datetime) -> float | None:
    zone = _zone(name)
    if zone is None:
        return None
    offset = at.astimezone(zone).utcoffset()
    return None if offset is None else offset.total_seconds() / 3600.0


def programme_rules(programme: Programme) -> Rules:
    return Rules(
        exclude_management_chain=programme.exclude_management_chain,
        exclude_same_department=programme.exclude_same_department,
        require_shared_language=programme.require_shared_language,
        max_timezone_gap_hours=(
            float(programme.max_timezone_gap_hours)
            if programme.max_timezone_gap_hours is not None
            else None
        ),
        min_score=float(programme.min_score),
    )


def rules_from_snapshot(snapshot: Mapping[str, Any], fallback: Rules) -> Rules:
    """Rules stored on a run when it began (``Rules.as_dict``); keys it lacks come from
    ``fallback``, so a run saved before a rule existed still reads."""
    if not snapshot:
        return fallback
    known = {key: value for key, value in snapshot.items() if key in fallback.as_dict()}
    return replace(fallback, **known)


@dataclass(slots=True)
class ProgrammeCohort:
    """A programme's matchable people and the rules between them, as the engine sees them."""

    programme: Programme
    rules: Rules
    people: list[Person]
    mentors: dict[int, Mentor]  # every approved mentor with a free place, by person pk
    mentees: dict[int, Mentee]  # every approved mentee without an open mentorship
    free_places: dict[int, int]  # per mentor: capacity minus open mentorships
    capacity: dict[int, int]  # per mentor: the enrolment's capacity
    forbidden: set[Pair]
    pins: list[Pair]
    # Pins the cohort can no longer honour (someone withdrew, or the mentor is full), in words.
    skipped_pins: list[str] = field(default_factory=list)
    answers: dict[int, dict[str, AnswerValue]] = field(default_factory=dict)
    # Mentors not taking new mentees today, with the last day it holds (None: until switched off).
    unavailable: dict[int, date | None] = field(default_factory=dict)

    def open_places(self) -> dict[int, int]:
        """The places each mentor offers new mentees: none while they take no new mentees."""
        return {pk: 0 if pk in self.unavailable else n for pk, n in self.free_places.items()}

    def instance(
        self,
        weights: Weights,
        *,
        mentee_ids: Iterable[int] | None = None,
        mentor_places: dict[int, int] | None = None,
    ) -> Instance:
        """The engine instance; pinned mentees are left out and their mentors hold fewer places.

        ``mentee_ids`` limits the mentees (e.g. one mentee's recommendations) and
        ``mentor_places`` overrides how many places each mentor offers.
        """
        places = dict(mentor_places if mentor_places is not None else self.open_places())
        pinned_mentees = set()
        if mentor_places is None:
            for mentee, mentor in self.pins:
                pinned_mentees.add(mentee)
                places[mentor] = places.get(mentor, 0) - 1
        wanted = self.mentees.keys() if mentee_ids is None else mentee_ids
        mentees = [
            self.mentees[pk] for pk in wanted if pk in self.mentees and pk not in pinned_mentees
        ]
        mentors = [
            _with_capacity(mentor, places.get(pk, 0))
            for pk, mentor in self.mentors.items()
            if places.get(pk, 0) > 0
        ]
        mentee_keys = {m.id for m in mentees}
        mentor_keys = {m.id for m in mentors}
        forbidden = [
            (str(a), str(b))
            for a, b in sorted(self.forbidden)
            if str(a) in mentee_keys and str(b) in mentor_keys
        ]
        return Instance(
            rules=self.rules,
            weights=weights,
            people=self.people,
            mentors=mentors,
            mentees=mentees,
            forbidden=forbidden,
        )


def _with_capacity(mentor: Mentor, capacity: int) -> Mentor:
    if mentor.capacity == capacity:
        return mentor
    return replace(mentor, capacity=capacity)


def _org_chart() -> list[Person]:
    rows = list(PersonRow.objects.values_list("pk", "manager_id", "department__name"))
    managers: dict[int, int | None] = {pk: manager for pk, manager, _row in rows}
    # A cycle in the chart (possible after hand edits) would have no top; cut it where found.
    state: dict[int, int] = {}
    for start in managers:
        path: list[int] = []
        node: int | None = start
        while node is not None and node in managers and node not in state:
            state[node] = 1
            path.append(node)
            node = managers[node]
        if node is not None and state.get(node) == 1 and node in path:
            managers[path[-1]] = None
        for visited in path:
            state[visited] = 2
    return [
        Person(
            id=str(pk),
            manager=str(managers[pk]) if managers[pk] in managers else None,
            department=department,
        )
        for pk, _manager, department in rows
    ]


def _structured_keys(programme: Programme) -> set[str]:
    """Questions with fixed answers: the engine compares these; free text stays out."""
    return set(
        Question.objects.filter(programme=programme)
        .exclude(kind=Question.Kind.TEXT)
        .values_list("key", flat=True)
    )


def _answers(raw: object, keys: set[str]) -> dict[str, AnswerValue]:
    out: dict[str, AnswerValue] = {}
    if not isinstance(raw, dict):
        return out
    for key in keys:
        value = raw.get(key)
        if isinstance(value, str) and value.strip():
            out[key] = value
        elif isinstance(value, list):
            values = tuple(str(v) for v in value if str(v).strip())
            if values:
                out[key] = values
    return out


def build_cohort(
    programme: Programme,
    *,
    pins: Iterable[Pair] | None = None,
    mentee_ids: Iterable[int] | None = None,
) -> ProgrammeCohort:
    """Load the programme's cohort. ``pins`` defaults to the programme's pin rules.

    ``mentee_ids`` loads the text of only those mentees (mentors are always all loaded).
    """
    now = timezone.now()
    only = set(mentee_ids) if mentee_ids is not None else None
    people = _org_chart()
    keys = _structured_keys(programme)

    enrolments = list(
        Enrolment.objects.filter(programme=programme, status=Enrolment.Status.APPROVED).values_list(
            "pk", "person_id", "role", "capacity", "goals", "answers"
        )
    )
    open_pairs = list(
        Mentorship.objects.open().filter(programme=programme).values_list("mentee_id", "mentor_id")
    )
    taken: dict[int, int] = defaultdict(int)
    paired_mentees = set()
    for mentee_id, mentor_id in open_pairs:
        taken[mentor_id] += 1
        paired_mentees.add(mentee_id)

    mentor_rows = [e for e in enrolments if e[2] == Enrolment.Role.MENTOR]
    mentee_rows = [
        e
        for e in enrolments
        if e[2] == Enrolment.Role.MENTEE
        and e[1] not in paired_mentees
        and (only is None or e[1] in only)
    ]
    participant_ids = {e[1] for e in mentor_rows} | {e[1] for e in mentee_rows}

    paused = ExpressionWrapper(not_taking_mentees_q(timezone.localdate()), BooleanField())
    details: dict[int, tuple[str, str, str]] = {}
    pauses: dict[int, date | None] = {}
    for pk, tz, bio, title, is_paused, until in (
        PersonRow.objects.filter(pk__in=participant_ids)
        .annotate(paused=paused)
        .values_list("pk", "timezone", "bio", "job_title", "paused", "not_taking_mentees_until")
    ):
        details[pk] = (tz, bio, title)
        if is_paused:
            pauses[pk] = until
    languages: dict[int, list[str]] = defaultdict(list)
    for person_id, code in PersonRow.languages.through.objects.filter(
        person_id__in=participant_ids
    ).values_list("person_id", "language__code"):
        languages[person_id].append(code)
    skills: dict[int, list[str]] = defaultdict(list)
    for person_id, name in (
        PersonSkill.objects.filter(person_id__in={e[1] for e in mentor_rows})
        .order_by("person_id", "-level", "skill__name")
        .values_list("person_id", "skill__name")
    ):
        skills[person_id].append(name)
    wanted: dict[int, list[str]] = defaultdict(list)
    for enrolment_id, name in Enrolment.skills_wanted.through.objects.filter(
        enrolment_id__in=[e[0] for e in mentee_rows]
    ).values_list("enrolment_id", "skill__name"):
        wanted[enrolment_id].append(name)

    def offset(pk: int) -> float | None:
        return utc_offset_hours(details[pk][0], now) if pk in details else None

    answers: dict[int, dict[str, AnswerValue]] = {}
    mentors: dict[int, Mentor] = {}
    capacity: dict[int, int] = {}
    free_places: dict[int, int] = {}
    unavailable: dict[int, date | None] = {}
    for _enrolment, person_id, _role, cap, _goals, raw in mentor_rows:
        _tz, bio, title = details.get(person_id, ("UTC", "", ""))
        if person_id in pauses:
            unavailable[person_id] = pauses[person_id]
        answers[person_id] = _answers(raw, keys)
        capacity[person_id] = cap
        free_places[person_id] = max(0, cap - taken[person_id])
        mentors[person_id] = Mentor(
            id=str(person_id),
            capacity=free_places[person_id],
            languages=tuple(sorted(languages[person_id])),
            utc_offset_hours=offset(person_id),
            expertise=bio,
            skills=tuple(skills[person_id]),
            background=title,
            answers=answers[person_id],
        )
    mentees: dict[int, Mentee] = {}
    for enrolment_id, person_id, _role, _cap, goals, raw in mentee_rows:
        answers[person_id] = _answers(raw, keys)
        mentees[person_id] = Mentee(
            id=str(person_id),
            languages=tuple(sorted(languages[person_id])),
            utc_offset_hours=offset(person_id),
            goals=goals,
            skills_wanted=tuple(sorted(wanted[enrolment_id])),
            answers=answers[person_id],
        )

    forbidden: set[Pair] = set(
        MentorExclusion.objects.filter(programme=programme).values_list("mentee_id", "mentor_id")
    )
    rules = list(
        PairRule.objects.filter(programme=programme).values_list("mentee_id", "mentor_id", "kind")
    )
    forbidden.update((a, b) for a, b, kind in rules if kind == PairRule.Kind.FORBID)
    if pins is None:
        pins = [(a, b) for a, b, kind in rules if kind == PairRule.Kind.PIN]

    kept: list[Pair] = []
    skipped: list[str] = []
    used: dict[int, int] = defaultdict(int)
    names = _names({pk for pair in pins for pk in pair})
    words = {"mentor": programme.labels.mentor, "mentee": programme.labels.mentee}
    for mentee, mentor in pins:
        if mentee not in mentees:
            why = _("the %(mentee)s is no longer waiting for a %(mentor)s") % words
        elif mentor not in mentors:
            why = _("the %(mentor)s is no longer an approved %(mentor)s") % words
        elif used[mentor] >= free_places[mentor]:
            why = _("the %(mentor)s has no free place left") % words
        elif (mentee, mentor) in forbidden:
            why = _("this pair is ruled out")
        else:
            used[mentor] += 1
            kept.append((mentee, mentor))
            continue
        skipped.append(
            _("%(mentee)s with %(mentor)s: %(why)s")
            % {"mentee": names.get(mentee, mentee), "mentor": names.get(mentor, mentor), "why": why}
        )

    return ProgrammeCohort(
        programme=programme,
        rules=programme_rules(programme),
        people=people,
        mentors=mentors,
        mentees=mentees,
        free_places=free_places,
        capacity=capacity,
        forbidden=forbidden,
        pins=kept,
        skipped_pins=skipped,
        answers=answers,
        unavailable=unavailable,
    )


def _names(pks: set[int]) -> dict[int, str]:
    if not pks:
        return {}
    return dict(PersonRow.objects.filter(pk__in=pks).values_list("pk", "name"))
