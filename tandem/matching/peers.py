"""A peer programme's pool as the engine sees it, and a pair of peers checked on its own.

Peers come from one pool: an approved enrolment as a peer, not already in an open pair of the
programme. Each peer carries both sides: what they want (their goals and wanted skills) and
what they offer (what they wrote they can offer, their profile, skills and job title). The
pool loads in a fixed number of queries, whatever its size.

A peer pair is stored with the lower person id in the ``mentee`` column of a proposal, a rule,
an exclusion or a mentorship, and the higher in ``mentor``: the columns are only places, and
no page shows them as roles for a peer programme (``programmes.roles``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.matching.engine.model import AnswerValue, Person, Rules, Weights
from tandem.matching.engine.peer import Peer, PeerResult, match_peers
from tandem.matching.instance import (
    _answers,
    _names,
    _org_chart,
    _structured_keys,
    programme_rules,
    utc_offset_hours,
)
from tandem.matching.models import PairRule
from tandem.mentorships.models import MentorExclusion, Mentorship
from tandem.people.models import Person as PersonRow
from tandem.people.models import PersonSkill
from tandem.programmes.models import Enrolment, Programme

Pair = tuple[int, int]


def ordered(a: int, b: int) -> Pair:
    """A peer pair as it is stored: the lower person id first."""
    return (a, b) if a < b else (b, a)


@dataclass(slots=True)
class PeerPool:
    programme: Programme
    rules: Rules
    people: list[Person]
    peers: dict[int, Peer]  # every approved peer without an open pair, by person pk
    forbidden: set[Pair]  # ordered pairs: earlier pairings that ended, and forbid rules
    pins: list[Pair]
    skipped_pins: list[str] = field(default_factory=list)
    answers: dict[int, dict[str, AnswerValue]] = field(default_factory=dict)

    def run(self, weights: Weights) -> PeerResult:
        """The engine over every peer not held by a pin."""
        pinned = {pk for pair in self.pins for pk in pair}
        pks = [pk for pk in self.peers if pk not in pinned]
        return self._match(weights, pks)

    def _match(self, weights: Weights, pks: list[int]) -> PeerResult:
        chosen = set(pks)
        forbidden = [
            (str(a), str(b)) for a, b in sorted(self.forbidden) if a in chosen and b in chosen
        ]
        return match_peers(
            [self.peers[pk] for pk in pks],
            self.rules,
            weights,
            org=self.people,
            forbidden=forbidden,
        )


def build_peer_pool(programme: Programme, *, at: datetime | None = None) -> PeerPool:
    now = at or timezone.now()
    people = _org_chart()
    keys = _structured_keys(programme)
    enrolments = list(
        Enrolment.objects.filter(
            programme=programme, role=Enrolment.Role.PEER, status=Enrolment.Status.APPROVED
        ).values_list("pk", "person_id", "goals", "offers", "answers")
    )
    paired: set[int] = set()
    for a, b in (
        Mentorship.objects.open().filter(programme=programme).values_list("mentee_id", "mentor_id")
    ):
        paired.update((a, b))
    rows = [e for e in enrolments if e[1] not in paired]
    ids = {e[1] for e in rows}
    details = {
        pk: (tz, bio, title)
        for pk, tz, bio, title in PersonRow.objects.filter(pk__in=ids).values_list(
            "pk", "timezone", "bio", "job_title"
        )
    }
    languages: dict[int, list[str]] = defaultdict(list)
    for person_id, code in PersonRow.languages.through.objects.filter(
        person_id__in=ids
    ).values_list("person_id", "language__code"):
        languages[person_id].append(code)
    skills: dict[int, list[str]] = defaultdict(list)
    for person_id, name in (
        PersonSkill.objects.filter(person_id__in=ids)
        .order_by("person_id", "-level", "skill__name")
        .values_list("person_id", "skill__name")
    ):
        skills[person_id].append(name)
    wanted: dict[int, list[str]] = defaultdict(list)
    for enrolment_id, name in Enrolment.skills_wanted.through.objects.filter(
        enrolment_id__in=[e[0] for e in rows]
    ).values_list("enrolment_id", "skill__name"):
        wanted[enrolment_id].append(name)

    peers: dict[int, Peer] = {}
    answers: dict[int, dict[str, AnswerValue]] = {}
    for enrolment_id, person_id, goals, offers, raw in rows:
        tz, bio, title = details.get(person_id, ("UTC", "", ""))
        answers[person_id] = _answers(raw, keys)
        peers[person_id] = Peer(
            id=str(person_id),
            languages=tuple(sorted(languages[person_id])),
            utc_offset_hours=utc_offset_hours(tz, now),
            goals=goals,
            skills_wanted=tuple(sorted(wanted[enrolment_id])),
            # What they wrote they can offer comes first; their profile adds to it.
            expertise=" . ".join(part for part in (offers, bio) if part),
            skills=tuple(skills[person_id]),
            background=title,
            answers=answers[person_id],
        )

    forbidden = {
        ordered(a, b)
        for a, b in MentorExclusion.objects.filter(programme=programme).values_list(
            "mentee_id", "mentor_id"
        )
    }
    rules = list(
        PairRule.objects.filter(programme=programme).values_list("mentee_id", "mentor_id", "kind")
    )
    forbidden.update(ordered(a, b) for a, b, kind in rules if kind == PairRule.Kind.FORBID)
    kept: list[Pair] = []
    skipped: list[str] = []
    held: set[int] = set()
    pins = [ordered(a, b) for a, b, kind in rules if kind == PairRule.Kind.PIN]
    names = _names({pk for pair in pins for pk in pair})
    for a, b in pins:
        if a not in peers or b not in peers:
            why = _("one of them is no longer waiting for a partner")
        elif a in held or b in held:
            why = _("one of them is pinned to someone else")
        elif (a, b) in forbidden:
            why = _("this pair is ruled out")
        else:
            held.update((a, b))
            kept.append((a, b))
            continue
        skipped.append(
            _("%(mentee)s with %(mentor)s: %(why)s")
            % {"mentee": names.get(a, a), "mentor": names.get(b, b), "why": why}
        )
    return PeerPool(
        programme=programme,
        rules=programme_rules(programme),
        people=people,
        peers=peers,
        forbidden=forbidden,
        pins=kept,
        skipped_pins=skipped,
        answers=answers,
    )


@dataclass(frozen=True, slots=True)
class PeerCheck:
    """A pair of peers scored by the engine, or the rule that rules it out.

    ``reasons_low`` are why the higher-id peer suits the lower one's goals; ``reasons_high``
    the other way round. ``score`` is the pair's mutual fit: the sum of both directions.
    """

    score: float
    reasons_low: tuple[str, ...]
    reasons_high: tuple[str, ...]
    blocked_by: str = ""


def check_peers(pool: PeerPool, weights: Weights, a: int, b: int) -> PeerCheck:
    """Score two peers a coordinator put together, under the same hard rules as a run.

    The pair is matched on its own, so the engine applies every rule and, when one refuses,
    names it; the score is that of the two alone.
    """
    low, high = ordered(a, b)
    if low == high:
        return PeerCheck(0.0, (), (), _("a person cannot be their own partner"))
    if (low, high) in pool.forbidden:
        return PeerCheck(0.0, (), (), _("this pair is ruled out for the programme"))
    if low not in pool.peers or high not in pool.peers:
        return PeerCheck(0.0, (), (), _("one of them is no longer waiting for a partner"))
    result = pool._match(weights, [low, high])
    if not result.pairs:
        if not result.unmatched:
            return PeerCheck(0.0, (), (), _("the programme's rules"))
        return PeerCheck(0.0, (), (), _between(result.unmatched[0].reason))
    pair = result.pairs[0]
    if int(pair.a) == low:
        return PeerCheck(pair.score, pair.reasons_a, pair.reasons_b)
    return PeerCheck(pair.score, pair.reasons_b, pair.reasons_a)


def _between(reason: str) -> str:
    """An engine reason about one peer of two ("no other peer shares a language with you"),
    said of the pair instead, in the active language."""
    known = {
        "no other peer shares a language with you": _("they share no language"),
        "every peer who otherwise fits is in your management chain": _(
            "one is in the other's management chain"
        ),
        "every peer who otherwise fits is in your own department": _(
            "they work in the same department"
        ),
        "the only peers who otherwise fit are excluded for you": _("this pair is ruled out"),
        "you listed no language, and a shared language is required": _(
            "one of them lists no language, and a shared language is required"
        ),
    }
    if reason in known:
        return known[reason]
    if reason.startswith("no other peer is within") or reason.startswith("no peer within"):
        return _("their time zones are too far apart")
    if reason.startswith("no peer who fits reaches the minimum score"):
        return _("they are not a close enough match in both directions")
    return reason


def peers_in_open_pairs(programme: Programme, pks: set[int]) -> set[int]:
    """Which of ``pks`` already have an open pair in the programme, in one query."""
    found: set[int] = set()
    for a, b in (
        Mentorship.objects.open()
        .filter(programme=programme)
        .filter(Q(mentee_id__in=pks) | Q(mentor_id__in=pks))
        .values_list("mentee_id", "mentor_id")
    ):
        found.update({a, b} & pks)
    return found
