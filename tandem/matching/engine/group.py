"""Group mentoring: assign a whole cohort of mentees to circles.

A circle has one or two mentors (its facilitators), a topic, and between ``min_size`` and
``max_size`` mentees (some may be placed by the coordinator beforehand: its fixed members).
The fit of a mentee to a circle is the one-to-one score (``features.Scorer``) of the mentee
against a stand-in mentor whose expertise is the circle's topic plus its mentors' expertise,
skills and background. The objective is the one of optimal mode: the most mentees placed,
then the highest total fit.

Every hard rule holds across all members, mentors and mentees alike:

* management chain: nobody in a circle sits anywhere above another member;
* shared language: one language spoken by every member;
* time-zone window: every two members within ``max_timezone_gap_hours`` (on a line, that is
  the latest offset minus the earliest); an unknown offset is held against nobody;
* the department rule and forbidden pairs between a mentee and the circle's mentors.

The language and time-zone rules bind members to one another, so this is more than a flow
problem. Two methods, chosen by size (``EXACT_PAIR_LIMIT``):

* exact: OR-Tools CP-SAT. Each circle picks one language and one window (a start offset
  taken from its candidates' offsets: on a line, pairwise gaps within the limit are the same as
  one window of that width holding everyone), mentees join only circles whose language they
  speak and whose window holds them, chain pairs exclude each other, and a circle is either
  dissolved or holds at least ``min_size``. Objective: a place outweighs any fit. It runs
  single-threaded with a fixed seed, so a run is reproducible; when it cannot prove the
  optimum within ``EXACT_SECONDS`` the better of its best answer and flow and repair's is kept;
* flow and repair: min-cost flow (OR-Tools ``SimpleMinCostFlow``) on mentee -> circle edges
  (each mentee's best ``TOP_K`` allowed circles) with sizes as capacities; each circle then
  settles on the language and window that keep most of the fit the flow gave it, and the flow
  is solved again on edges inside those, so both rules hold for the whole circle by
  construction. Chain conflicts between two mentees are repaired by taking the edge of the
  one who fits worse out and solving again; circles that stay below ``min_size`` are first
  required to reach it (node demands in the flow) and, where that is infeasible, dissolved.
  The circles then settle again on the members kept and the candidates left out, and the
  round repeats while it places more (or the same number with more fit), at most
  ``SETTLE_ROUNDS`` times; last, a left-out mentee joins an open circle with room whose actual
  members all agree with them.

The bound is the same flow without the pairwise rules and without minimum sizes, free to
leave anyone out: no assignment that keeps the rules scores more. It is over every allowed
(mentee, circle) pair when there are at most ``TOP_K`` circles, and over the candidate graph
(each mentee's ``TOP_K`` best circles by the score's linear part) above that; the certificate
says which (``bound_over``).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from ortools.graph.python import min_cost_flow
from ortools.sat.python import cp_model

from .cohort import Cohort, build_cohort
from .constraints import Constraints
from .errors import InputError
from .explain import MAX_REASONS, expectation_reasons, text_reasons
from .features import Scorer
from .model import Instance, Mentee, Mentor, Person, Rules, Weights

# Above this many allowed (mentee, circle) pairs the exact model gives way to flow and repair.
EXACT_PAIR_LIMIT = 2_000
EXACT_SECONDS = 10.0
TOP_K = 24
CHAIN_ROUNDS = 20
SETTLE_ROUNDS = 4
_SCALE = 1_000_000
_TZ_EPS = 1e-9


@dataclass(frozen=True, slots=True)
class Circle:
    id: str
    mentors: tuple[Mentor, ...]
    topic: str = ""
    # Mentees the coordinator has already placed; they stay and count towards the size.
    members: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Member:
    mentee: str
    fit: float
    reasons: tuple[str, ...]
    fixed: bool = False


@dataclass(slots=True)
class CircleResult:
    id: str
    mentors: tuple[str, ...]
    topic: str
    members: list[Member]
    language: str | None = None
    window: tuple[float, float] | None = None
    # Why a circle holds nobody: it was dissolved below the minimum size, or nobody fitted.
    dissolved_reason: str | None = None


@dataclass(frozen=True, slots=True)
class GroupUnmatched:
    mentee: str
    reason: str


@dataclass(slots=True)
class GroupResult:
    circles: list[CircleResult]
    unmatched: list[GroupUnmatched]
    total_fit: float
    upper_bound: float
    bound_matched: int
    method: str
    seconds: float
    below_minimum: list[str] = field(default_factory=list)
    certificate: dict[str, float | int | bool | str] = field(default_factory=dict)

    @property
    def matched(self) -> int:
        return sum(len(c.members) for c in self.circles)

    @property
    def gap(self) -> float:
        """Share of the bound not reached (0 when the bound is 0)."""
        if self.upper_bound <= 0:
            return 0.0
        return max(0.0, (self.upper_bound - self.total_fit) / self.upper_bound)


# -- forming circles -------------------------------------------------------------------------


def mentor_topic(mentor: Mentor) -> str:
    return " . ".join([mentor.expertise, *mentor.skills])


def circles_from_mentors(
    mentors: Sequence[Mentor],
    people: Sequence[Person],
    rules: Rules,
    *,
    n_circles: int | None = None,
) -> list[Circle]:
    """Circles when the coordinator lets the mentors' topics define them.

    With no count, each mentor leads a circle on their own expertise. With ``n_circles``
    between half the mentors and their number, the mentors whose expertise is closest are
    paired as co-facilitators until that many circles remain; two mentors are only paired when
    the rules allow them in one circle (a shared language, within the time-zone window, neither
    above the other).
    """
    m = len(mentors)
    target = m if n_circles is None else n_circles
    if not (m + 1) // 2 <= target <= m:
        raise InputError(
            "circles",
            "n_circles",
            f"{target} circles cannot be formed from {m} mentors (one or two mentors each)",
        )
    singles = [
        Circle(id=mentor.id, mentors=(mentor,), topic=mentor_topic(mentor)) for mentor in mentors
    ]
    if target == m:
        return singles
    stand_in = Instance(
        rules=rules,
        weights=Weights(goals=1.0, expectations=0.0, preferences=0.0),
        people=list(people),
        mentors=list(mentors),
        mentees=[
            Mentee(id=mentor.id, languages=mentor.languages, goals=mentor_topic(mentor))
            for mentor in mentors
        ],
    )
    cohort = build_cohort(stand_in)
    scorer = Scorer(cohort, stand_in.weights)
    rows, cols = np.triu_indices(m, k=1)
    sim = scorer.goals_component(rows, cols)
    allowed = _members_compatible(cohort, rules, rows, cols)
    order = np.lexsort((cols, rows, -sim))
    taken = np.zeros(m, dtype=bool)
    partner = np.full(m, -1, dtype=np.int64)
    pairs_needed = m - target
    for k in order.tolist():
        if pairs_needed == 0:
            break
        a, b = int(rows[k]), int(cols[k])
        if allowed[k] and not taken[a] and not taken[b]:
            taken[a] = taken[b] = True
            partner[a], partner[b] = b, a
            pairs_needed -= 1
    if pairs_needed:
        raise InputError(
            "circles",
            "n_circles",
            f"only {target + pairs_needed} circles can be formed: too few mentors may share one",
        )
    out: list[Circle] = []
    for a in range(m):
        b = int(partner[a])
        if b < 0:
            out.append(singles[a])
        elif a < b:
            pair = (mentors[a], mentors[b])
            out.append(
                Circle(
                    id=f"{mentors[a].id}+{mentors[b].id}",
                    mentors=pair,
                    topic=" . ".join(mentor_topic(x) for x in pair),
                )
            )
    return out


def _members_compatible(cohort: Cohort, rules: Rules, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Whether two people (mentee-side indices of ``cohort``) may sit in one circle."""
    ok = np.ones(len(a), dtype=bool)
    if rules.require_shared_language:
        ok &= np.any((cohort.mentee_lang[a] & cohort.mentee_lang[b]) != 0, axis=1)
    if rules.max_timezone_gap_hours is not None:
        diff = np.abs(cohort.mentee_tz[a] - cohort.mentee_tz[b])
        ok &= np.isnan(diff) | (diff <= rules.max_timezone_gap_hours + _TZ_EPS)
    if rules.exclude_management_chain:
        pa, pb = cohort.mentee_person[a], cohort.mentee_person[b]
        t_in, t_out = cohort.tin, cohort.tout
        above = (t_in[pa] < t_in[pb]) & (t_out[pb] <= t_out[pa])
        below = (t_in[pb] < t_in[pa]) & (t_out[pa] <= t_out[pb])
        ok &= ~(above | below)
    return ok


# -- the problem -----------------------------------------------------------------------------


@dataclass(slots=True)
class GroupProblem:
    """Everything the solvers need, as arrays; built once by :func:`prepare`."""

    circles: list[Circle]
    mentee_ids: list[str]
    rules: Rules
    min_size: int
    max_size: int
    # Candidate (mentee, circle) edges with exact fit; every one passes the static rules.
    edge_mentee: np.ndarray
    edge_circle: np.ndarray
    edge_fit: np.ndarray
    # Every allowed pair, for the bound (may equal the candidate edges).
    all_allowed: int
    fixed_of: np.ndarray  # circle of each fixed mentee, -1 otherwise
    fixed_count: np.ndarray
    # Per circle: languages every core member (mentors and fixed members) speaks, and the
    # offsets range of the core.
    core_languages: list[frozenset[str]]
    core_lo: np.ndarray
    core_hi: np.ndarray
    mentee_languages: list[frozenset[str]]
    mentee_tz: np.ndarray
    # Mentee pairs (i above j or j above i) that may not share a circle.
    chain_a: np.ndarray
    chain_b: np.ndarray
    static_reason: dict[int, str]
    scorer: Scorer
    cohort: Cohort
    bound_fit: float = 0.0
    bound_matched: int = 0

    _fit: dict[tuple[int, int], float] | None = None

    def fit_of(self) -> dict[tuple[int, int], float]:
        if self._fit is None:
            self._fit = dict(
                zip(
                    zip(self.edge_mentee.tolist(), self.edge_circle.tolist(), strict=True),
                    self.edge_fit.tolist(),
                    strict=True,
                )
            )
        return self._fit


def _validate(
    circles: Sequence[Circle],
    mentees: Sequence[Mentee],
    people: Sequence[Person],
    min_size: int,
    max_size: int,
) -> None:
    if min_size < 1 or max_size < min_size:
        raise InputError("options", "max_size", f"sizes {min_size}..{max_size} are not a range")
    person_ids = {p.id for p in people}
    mentee_ids = {m.id for m in mentees}
    if len(mentee_ids) != len(mentees):
        raise InputError("mentees", "id", "a mentee is listed twice")
    for m in mentees:
        if m.id not in person_ids:
            raise InputError(f"mentee '{m.id}'", "id", "not among the people")
    seen: set[str] = set()
    placed: dict[str, str] = {}
    for i, circle in enumerate(circles):
        label = f"circles[{i}] (id '{circle.id}')"
        if circle.id in seen:
            raise InputError(label, "id", "another circle has the same id")
        seen.add(circle.id)
        if not 1 <= len(circle.mentors) <= 2:
            raise InputError(label, "mentors", "a circle has one or two mentors")
        for mentor in circle.mentors:
            if mentor.id not in person_ids:
                raise InputError(label, "mentors", f"mentor '{mentor.id}' is not among the people")
        if len(circle.members) > max_size:
            raise InputError(
                label,
                "members",
                f"{len(circle.members)} members is over the circle size of {max_size}",
            )
        for member in circle.members:
            if member not in mentee_ids:
                raise InputError(label, "members", f"'{member}' is not a mentee of this run")
            if member in placed:
                raise InputError(
                    label, "members", f"'{member}' is already a member of circle '{placed[member]}'"
                )
            placed[member] = circle.id


def _above(cohort: Cohort, a: int, b: int) -> bool:
    return bool(cohort.tin[a] < cohort.tin[b] and cohort.tout[b] <= cohort.tout[a])


def prepare(
    circles: Sequence[Circle],
    mentees: Sequence[Mentee],
    people: Sequence[Person],
    rules: Rules,
    weights: Weights,
    *,
    min_size: int = 3,
    max_size: int = 8,
    forbidden: Sequence[tuple[str, str]] = (),
    top_k: int = TOP_K,
) -> GroupProblem:
    _validate(circles, mentees, people, min_size, max_size)
    circles = list(circles)
    n, n_c = len(mentees), len(circles)
    stand_in_ids = [f"\x00circle:{c.id}" for c in circles]
    dept_of = {p.id: p.department for p in people}
    # Real mentors (one per distinct person) for the rules between a mentee and a mentor.
    real: dict[str, Mentor] = {}
    for circle in circles:
        for mentor in circle.mentors:
            real.setdefault(mentor.id, mentor)
    mentor_list = list(real.values())
    mentor_pos = {m.id: j for j, m in enumerate(mentor_list)}
    rule_instance = Instance(
        rules=rules,
        weights=weights,
        people=list(people),
        mentors=[replace(m, capacity=max(m.capacity, 1)) for m in mentor_list],
        # Rankings are scored against circles below; here only the rules matter.
        mentees=[replace(m, preferences=()) for m in mentees],
        forbidden=[(a, b) for a, b in forbidden if b in mentor_pos],
    )
    rule_cohort = build_cohort(rule_instance)
    constraints = Constraints(rule_cohort, rules)
    mentee_index = rule_cohort.mentee_index

    # Stand-in mentors carry the topic; a mentee's ranking of a mentor counts for the circle.
    stand_ins = [
        Mentor(
            id=stand_in_ids[k],
            capacity=max_size,
            languages=tuple(sorted({lang for m in c.mentors for lang in m.languages})),
            expertise=" . ".join([c.topic, *(m.expertise for m in c.mentors)]),
            skills=tuple(dict.fromkeys(s for m in c.mentors for s in m.skills)),
            background=" . ".join(m.background for m in c.mentors),
            answers=dict(c.mentors[0].answers),
        )
        for k, c in enumerate(circles)
    ]
    circle_of_name: dict[str, int] = {}
    for k, c in enumerate(circles):
        circle_of_name.setdefault(c.id, k)
        for m in c.mentors:
            circle_of_name.setdefault(m.id, k)
    scored_mentees = [
        replace(
            m,
            preferences=tuple(
                dict.fromkeys(
                    stand_in_ids[circle_of_name[p]] for p in m.preferences if p in circle_of_name
                )
            ),
        )
        for m in mentees
    ]
    stand_in_people = [
        Person(id=stand_in_ids[k], department=dept_of.get(c.mentors[0].id))
        for k, c in enumerate(circles)
    ]
    score_instance = Instance(
        rules=rules,
        weights=weights,
        people=[*people, *stand_in_people],
        mentors=stand_ins,
        mentees=scored_mentees,
    )
    cohort = build_cohort(score_instance)
    scorer = Scorer(cohort, weights)

    # Static rules, mentee against circle core (mentors and fixed members).
    fixed_of = np.full(n, -1, dtype=np.int64)
    for k, c in enumerate(circles):
        for member in c.members:
            fixed_of[mentee_index[member]] = k
    fixed_count = np.bincount(fixed_of[fixed_of >= 0], minlength=n_c).astype(np.int64)
    mentee_languages = [frozenset(m.languages) for m in mentees]
    mentee_tz = rule_cohort.mentee_tz
    core_languages: list[frozenset[str]] = []
    core_lo = np.full(n_c, np.nan)
    core_hi = np.full(n_c, np.nan)
    for k, c in enumerate(circles):
        langs: set[str] | None = None
        offsets: list[float] = []
        for mentor in c.mentors:
            langs = set(mentor.languages) if langs is None else langs & set(mentor.languages)
            if mentor.utc_offset_hours is not None:
                offsets.append(mentor.utc_offset_hours)
        for member in c.members:
            i = mentee_index[member]
            langs = (langs or set()) & mentee_languages[i]
            if not np.isnan(mentee_tz[i]):
                offsets.append(float(mentee_tz[i]))
        core_languages.append(frozenset(langs or ()))
        if offsets:
            core_lo[k], core_hi[k] = min(offsets), max(offsets)

    # Chain pairs among mentees: walk each mentee's chain upwards (a dozen steps in a real
    # org chart) and keep the mentees met on the way.
    chain_a_parts: list[np.ndarray] = []
    chain_b_parts: list[np.ndarray] = []
    if rules.exclude_management_chain:
        origin = np.arange(n, dtype=np.int64)
        current = rule_cohort.parent[rule_cohort.mentee_person]
        while len(origin):
            alive = current >= 0
            origin, current = origin[alive], current[alive]
            hit = rule_cohort.person_mentee[current]
            found = hit >= 0
            chain_a_parts.append(origin[found])
            chain_b_parts.append(hit[found])
            current = rule_cohort.parent[current]
    chain_a = np.concatenate(chain_a_parts) if chain_a_parts else np.zeros(0, np.int64)
    chain_b = np.concatenate(chain_b_parts) if chain_b_parts else np.zeros(0, np.int64)

    # Fixed members must respect the chain among themselves and with their mentors.
    for k, c in enumerate(circles):
        core = [rule_cohort.mentee_person[mentee_index[x]] for x in c.members]
        core += [rule_cohort.mentor_person[mentor_pos[m.id]] for m in c.mentors]
        names = [*c.members, *(m.id for m in c.mentors)]
        if not rules.exclude_management_chain:
            break
        for x in range(len(core)):
            for y in range(len(core)):
                if x != y and min(x, y) < len(c.members) and _above(rule_cohort, core[y], core[x]):
                    raise InputError(
                        f"circles[{k}] (id '{c.id}')",
                        "members",
                        f"'{names[y]}' is up the management chain of member '{names[x]}'",
                    )

    allowed = np.ones((n, n_c), dtype=bool)
    lang_ok = np.ones((n, n_c), dtype=bool)
    tz_ok = np.ones((n, n_c), dtype=bool)
    if rules.require_shared_language:
        # Bitsets, as for one-to-one pairs: a Python set test per pair would cost seconds.
        lang_bit = {lang: b for b, lang in enumerate(rule_cohort.languages)}
        words = rule_cohort.mentee_lang.shape[1]
        core_bits = np.zeros((n_c, words), dtype=np.uint64)
        for k in range(n_c):
            for lang in core_languages[k]:
                b = lang_bit[lang]
                core_bits[k, b // 64] |= np.uint64(1 << (b % 64))
        for w in range(words):
            hit = (rule_cohort.mentee_lang[:, w][:, None] & core_bits[:, w][None, :]) != 0
            lang_ok = hit if w == 0 else lang_ok | hit
    gap = rules.max_timezone_gap_hours
    if gap is not None:
        lo = np.where(np.isnan(core_lo), np.inf, core_lo)
        hi = np.where(np.isnan(core_hi), -np.inf, core_hi)
        tz = mentee_tz[:, None]
        tz_ok = np.isnan(tz) | (
            (tz >= hi[None, :] - gap - _TZ_EPS) & (tz <= lo[None, :] + gap + _TZ_EPS)
        )
    allowed = lang_ok & tz_ok
    other_ok = np.ones((n, n_c), dtype=bool)
    circles_of_mentor: dict[int, list[int]] = defaultdict(list)
    for k, c in enumerate(circles):
        for mentor in c.mentors:
            circles_of_mentor[mentor_pos[mentor.id]].append(k)
    if rules.exclude_same_department:
        for k, c in enumerate(circles):
            for mentor in c.mentors:
                j = mentor_pos[mentor.id]
                d = rule_cohort.mentor_dept[j]
                if d >= 0:
                    other_ok[rule_cohort.mentee_dept == d, k] = False
    ex_mentee, ex_mentor = constraints.exclusion_pairs()
    for a, j in zip(ex_mentee.tolist(), ex_mentor.tolist(), strict=True):
        for k in circles_of_mentor[j]:
            other_ok[a, k] = False
    chain_with_fixed = np.ones((n, n_c), dtype=bool)
    for a, b in zip(chain_a.tolist(), chain_b.tolist(), strict=True):
        if fixed_of[b] >= 0:
            chain_with_fixed[a, fixed_of[b]] = False
        if fixed_of[a] >= 0:
            chain_with_fixed[b, fixed_of[a]] = False
    allowed &= other_ok & chain_with_fixed
    # A fixed member is only ever a candidate of its own circle (and is always placed).
    has_fixed = fixed_of >= 0
    allowed[has_fixed] = False

    static_reason: dict[int, str] = {}
    none_left = ~allowed.any(axis=1) & ~has_fixed
    for i in np.flatnonzero(none_left).tolist():
        if n_c == 0:
            static_reason[i] = "no circle in this run"
        elif not lang_ok[i].any():
            static_reason[i] = "no circle's members share a language with them"
        elif not (lang_ok[i] & tz_ok[i]).any():
            static_reason[i] = (
                "no circle they share a language with is within the time-zone window "
                f"of {gap:g} hours"
            )
        elif not (lang_ok[i] & tz_ok[i] & chain_with_fixed[i]).any():
            static_reason[i] = "every circle open to them has a member up their management chain"
        else:
            static_reason[i] = (
                "every circle open to them has a mentor up their management chain, "
                "in their department or excluded for them"
            )

    rows, cols = np.nonzero(allowed)
    all_allowed = len(rows)
    # Keep each mentee's best circles by the score's linear part; kept edges are rescored
    # exactly. Small runs keep every allowed pair.
    if n_c > top_k and all_allowed:
        left, right = scorer.block_matrices()
        keep_rows: list[np.ndarray] = []
        keep_cols: list[np.ndarray] = []
        step = max(1, 4_000_000 // max(n_c, 1))
        for start in range(0, n, step):
            block = np.arange(start, min(n, start + step))
            prod = left[block] @ right
            dense = prod.toarray() if hasattr(prod, "toarray") else np.asarray(prod)
            dense = np.where(allowed[block], dense, -np.inf).astype(np.float32)
            top = np.argpartition(-dense, top_k - 1, axis=1)[:, :top_k]
            vals = np.take_along_axis(dense, top, axis=1)
            ok = np.isfinite(vals)
            keep_rows.append(np.repeat(block, top_k).reshape(-1, top_k)[ok])
            keep_cols.append(top[ok])
        rows = np.concatenate(keep_rows).astype(np.int64)
        cols = np.concatenate(keep_cols).astype(np.int64)
        order = np.lexsort((cols, rows))
        rows, cols = rows[order], cols[order]
    fit = scorer.pair_scores(rows, cols) if len(rows) else np.zeros(0)
    keep = fit >= rules.min_score
    problem = GroupProblem(
        circles=circles,
        mentee_ids=[m.id for m in mentees],
        rules=rules,
        min_size=min_size,
        max_size=max_size,
        edge_mentee=rows[keep].astype(np.int64),
        edge_circle=cols[keep].astype(np.int64),
        edge_fit=fit[keep],
        all_allowed=all_allowed,
        fixed_of=fixed_of,
        fixed_count=fixed_count,
        core_languages=core_languages,
        core_lo=core_lo,
        core_hi=core_hi,
        mentee_languages=mentee_languages,
        mentee_tz=mentee_tz,
        chain_a=chain_a,
        chain_b=chain_b,
        static_reason=static_reason,
        scorer=scorer,
        cohort=cohort,
    )
    has_edge = np.bincount(problem.edge_mentee, minlength=n) > 0
    for i in np.flatnonzero(~has_fixed & ~has_edge).tolist():
        static_reason.setdefault(i, "no circle fits them above the programme's minimum score")
    return problem


# -- flow ------------------------------------------------------------------------------------


def _flow(
    n: int,
    n_c: int,
    mentee: np.ndarray,
    circle: np.ndarray,
    fit: np.ndarray,
    capacity: np.ndarray,
    *,
    demand: np.ndarray | None = None,
    max_count: bool = True,
) -> np.ndarray | None:
    """Mentee -> circle assignment (-1 = none) from one min-cost flow, or None if infeasible.

    ``max_count`` fixes the largest flow first and then its best fit (the lexicographic
    objective); without it, a bypass arc lets the flow leave anyone out, which gives the best
    total fit of any size: the bound. ``demand`` asks circles for at least that many.
    """
    out = np.full(n, -1, dtype=np.int64)
    if len(mentee) == 0:
        return out if demand is None or not demand.any() else None
    source, sink = n + n_c, n + n_c + 1
    users = np.unique(mentee)
    flow = min_cost_flow.SimpleMinCostFlow()
    costs = -np.rint(fit * _SCALE).astype(np.int64)
    need = np.zeros(n_c, dtype=np.int64) if demand is None else demand
    open_c = np.flatnonzero(capacity > 0)
    tails = [np.full(len(users), source), mentee, n + open_c]
    heads = [users, n + circle, np.full(len(open_c), sink)]
    caps = [
        np.ones(len(users), np.int64),
        np.ones(len(mentee), np.int64),
        capacity[open_c] - need[open_c],
    ]
    units = [np.zeros(len(users), np.int64), costs, np.zeros(len(open_c), np.int64)]
    if not max_count or demand is not None:
        tails.append(np.array([source]))
        heads.append(np.array([sink]))
        caps.append(np.array([len(users)], np.int64))
        # With demands, leaving someone out must cost more than any fit an exchange could
        # gain, so the flow still places as many as it can.
        units.append(np.array([0 if not max_count else _SCALE * (n + 1)], np.int64))
    flow.add_arcs_with_capacity_and_unit_cost(
        np.concatenate(tails).astype(np.int32),
        np.concatenate(heads).astype(np.int32),
        np.concatenate(caps),
        np.concatenate(units),
    )
    flow.set_node_supply(source, len(users))
    for k in np.flatnonzero(need).tolist():
        flow.set_node_supply(n + k, -int(need[k]))
    flow.set_node_supply(sink, -(len(users) - int(need.sum())))
    status = flow.solve_max_flow_with_min_cost() if max_count and demand is None else flow.solve()
    if status != flow.OPTIMAL:
        return None
    arcs = np.arange(len(users), len(users) + len(mentee))
    chosen = np.flatnonzero(flow.flows(arcs) > 0)
    out[mentee[chosen]] = circle[chosen]
    return out


def _bound(problem: GroupProblem, n: int) -> tuple[float, int]:
    cap = problem.max_size - problem.fixed_count
    best = _flow(
        n,
        len(problem.circles),
        problem.edge_mentee,
        problem.edge_circle,
        problem.edge_fit,
        cap,
        max_count=False,
    )
    most = _flow(
        n, len(problem.circles), problem.edge_mentee, problem.edge_circle, problem.edge_fit, cap
    )
    assert best is not None
    assert most is not None
    fit = problem.fit_of()
    total = sum(fit[(i, int(c))] for i, c in enumerate(best.tolist()) if c >= 0)
    return total, int((most >= 0).sum())


# -- language and window per circle ----------------------------------------------------------


def _settle(
    problem: GroupProblem, k: int, members: list[int], fit: dict[tuple[int, int], float]
) -> tuple[str | None, tuple[float, float] | None]:
    """The language and window that keep most of the fit of ``members`` in circle ``k``."""
    rules = problem.rules
    weight = {i: fit.get((i, k), 0.0) + 1.0 for i in members}
    language: str | None = None
    if rules.require_shared_language:
        options = sorted(problem.core_languages[k])
        language = max(
            options,
            key=lambda lang: (
                sum(w for i, w in weight.items() if lang in problem.mentee_languages[i]),
                -options.index(lang),
            ),
            default=None,
        )
    gap = rules.max_timezone_gap_hours
    window: tuple[float, float] | None = None
    if gap is not None:
        lo, hi = problem.core_lo[k], problem.core_hi[k]
        known = [i for i in members if not np.isnan(problem.mentee_tz[i])]
        starts = {float(problem.mentee_tz[i]) for i in known}
        if not np.isnan(lo):
            starts.add(float(lo))
            starts = {s for s in starts if hi - gap - _TZ_EPS <= s <= lo + _TZ_EPS}
        best = None
        for s in sorted(starts):
            kept = sum(
                weight[i] for i in known if s - _TZ_EPS <= problem.mentee_tz[i] <= s + gap + _TZ_EPS
            )
            if best is None or kept > best[0] + 1e-12:
                best = (kept, s)
        if best is not None:
            window = (best[1], best[1] + gap)
    return language, window


def _inside(
    problem: GroupProblem, i: int, language: str | None, window: tuple[float, float] | None
) -> bool:
    if language is not None and language not in problem.mentee_languages[i]:
        return False
    if window is not None:
        tz = problem.mentee_tz[i]
        if not np.isnan(tz) and not (window[0] - _TZ_EPS <= tz <= window[1] + _TZ_EPS):
            return False
    return True


# -- solvers ---------------------------------------------------------------------------------


def _solve_flow(
    problem: GroupProblem, n: int
) -> tuple[np.ndarray, dict[str, float | int | bool | str]]:
    n_c = len(problem.circles)
    fit = problem.fit_of()
    cap = problem.max_size - problem.fixed_count
    e_m, e_c = problem.edge_mentee, problem.edge_circle
    first = _flow(n, n_c, e_m, e_c, problem.edge_fit, cap)
    assert first is not None
    by_circle: dict[int, list[int]] = defaultdict(list)
    for i, c in enumerate(first.tolist()):
        if c >= 0:
            by_circle[c].append(i)
    for i in np.flatnonzero(problem.fixed_of >= 0).tolist():
        by_circle[int(problem.fixed_of[i])].append(i)
    candidates: dict[int, list[int]] = defaultdict(list)
    for a, c in zip(e_m.tolist(), e_c.tolist(), strict=True):
        candidates[c].append(a)
    # A circle the first flow left empty settles on what suits most of its candidates.
    settled = [
        _settle(problem, k, by_circle.get(k) or candidates.get(k, []), fit) for k in range(n_c)
    ]
    partners: dict[int, list[int]] = defaultdict(list)
    for a, b in zip(problem.chain_a.tolist(), problem.chain_b.tolist(), strict=True):
        partners[a].append(b)
        partners[b].append(a)
    best: tuple[tuple[int, float], np.ndarray, dict[str, float | int | bool | str]] | None = None
    for settle_round in range(1, SETTLE_ROUNDS + 1):
        assign, cert = _repair(problem, n, settled, partners)
        cert["filled"] = _fill(problem, assign, partners)
        cert["settle_rounds"] = settle_round
        chosen = np.flatnonzero(assign >= 0)
        key = (len(chosen), sum(fit[(i, int(assign[i]))] for i in chosen.tolist()))
        if best is not None and key <= best[0]:
            break
        best = (key, assign, cert)
        # Settle again on the members the flow kept and the candidates it left out, so that
        # a circle whose window or language shut out many can move to where they are.
        left_out = assign < 0
        pool: dict[int, list[int]] = defaultdict(list)
        for i, c in enumerate(assign.tolist()):
            if c >= 0:
                pool[c].append(i)
        for i in np.flatnonzero(problem.fixed_of >= 0).tolist():
            pool[int(problem.fixed_of[i])].append(i)
        for a, c in zip(e_m.tolist(), e_c.tolist(), strict=True):
            if left_out[a] and problem.fixed_of[a] < 0:
                pool[c].append(a)
        settled = [
            _settle(problem, k, pool.get(k) or candidates.get(k, []), fit) for k in range(n_c)
        ]
    assert best is not None
    return best[1], best[2]


def _repair(
    problem: GroupProblem,
    n: int,
    settled: list[tuple[str | None, tuple[float, float] | None]],
    partners: dict[int, list[int]],
) -> tuple[np.ndarray, dict[str, float | int | bool | str]]:
    """Flow inside each circle's language and window, then chain and minimum-size repair."""
    n_c = len(problem.circles)
    fit = problem.fit_of()
    cap = problem.max_size - problem.fixed_count
    e_m, e_c = problem.edge_mentee, problem.edge_circle
    active = np.array(
        [_inside(problem, i, *settled[c]) for i, c in zip(e_m.tolist(), e_c.tolist(), strict=True)],
        dtype=bool,
    )
    edge_at = {(int(a), int(c)): x for x, (a, c) in enumerate(zip(e_m, e_c, strict=True))}
    closed = np.zeros(n_c, dtype=bool)
    rounds = 0
    demand: np.ndarray | None = None
    short_at_demand = np.zeros(n_c, dtype=bool)
    demand_failures = 0
    while True:
        rounds += 1
        cap_now = np.where(closed, 0, cap)
        sel = active & ~closed[e_c]
        assign = _flow(n, n_c, e_m[sel], e_c[sel], problem.edge_fit[sel], cap_now, demand=demand)
        if assign is None:
            # The minimum sizes cannot all be met: dissolve the circles that fell short.
            closed |= short_at_demand
            demand = None
            demand_failures += 1
            continue
        placed = np.where(problem.fixed_of >= 0, problem.fixed_of, assign)
        conflicts = 0
        if rounds <= CHAIN_ROUNDS:
            # The member in most conflicts leaves first (a manager with three reports in the
            # circle, rather than the three), then the one who fits worse; fixed members stay.
            clash = {
                a: sum(1 for b in partner_list if placed[b] == placed[a])
                for a, partner_list in partners.items()
                if placed[a] >= 0
            }
            order = sorted(
                (a for a, count in clash.items() if count and problem.fixed_of[a] < 0),
                key=lambda a: (-clash[a], fit[(a, int(placed[a]))], a),
            )
            for a in order:
                c = int(placed[a])
                if c >= 0 and any(placed[b] == c for b in partners[a]):
                    active[edge_at[(a, c)]] = False
                    placed[a] = -1
                    conflicts += 1
            if conflicts:
                continue
        else:
            for a, partner_list in partners.items():
                c = placed[a]
                if c >= 0 and problem.fixed_of[a] < 0 and any(placed[b] == c for b in partner_list):
                    assign[a] = -1
                    placed[a] = -1
        sizes = np.bincount(placed[placed >= 0], minlength=n_c)
        short = (sizes > 0) & (sizes < problem.min_size) & (problem.fixed_count == 0) & ~closed
        if not short.any():
            break
        if demand is None and rounds <= CHAIN_ROUNDS and demand_failures < 3:
            short_at_demand = short
            demand = np.where(
                (sizes > 0) & ~closed & (problem.fixed_count == 0), problem.min_size, 0
            )
            demand = np.minimum(demand, cap).astype(np.int64)
            continue
        closed |= short
        demand = None
    cert: dict[str, float | int | bool | str] = {
        "rounds": rounds,
        "dissolved": int(closed.sum()),
    }
    return assign, cert


def _fill(problem: GroupProblem, assign: np.ndarray, partners: dict[int, list[int]]) -> int:
    """Seat mentees the flow left out in open circles that still have room for them.

    A circle settled on one language and window before the last flow, which can leave out a
    mentee its actual members would accept (they may share a second language, or sit closer
    together than the window allowed for). Each such mentee, best fit first, joins the best
    open circle with a free place whose members all still agree with them.
    """
    rules = problem.rules
    gap = rules.max_timezone_gap_hours
    placed = np.where(problem.fixed_of >= 0, problem.fixed_of, assign)
    n_c = len(problem.circles)
    sizes = np.bincount(placed[placed >= 0], minlength=n_c)
    languages = [set(x) for x in problem.core_languages]
    lo = problem.core_lo.copy()
    hi = problem.core_hi.copy()
    members: dict[int, set[int]] = defaultdict(set)
    for i, c in enumerate(placed.tolist()):
        if c < 0:
            continue
        members[c].add(i)
        languages[c] &= problem.mentee_languages[i]
        tz = problem.mentee_tz[i]
        if not np.isnan(tz):
            lo[c] = tz if np.isnan(lo[c]) else min(lo[c], tz)
            hi[c] = tz if np.isnan(hi[c]) else max(hi[c], tz)
    free = np.flatnonzero(placed < 0)
    if not len(free):
        return 0
    e_m, e_c, e_f = problem.edge_mentee, problem.edge_circle, problem.edge_fit
    mine = np.isin(e_m, free) & (sizes[e_c] > 0) & (sizes[e_c] < problem.max_size)
    order = np.flatnonzero(mine)[np.lexsort((e_c[mine], -e_f[mine]))]
    count = 0
    for e in order.tolist():
        i, c = int(e_m[e]), int(e_c[e])
        if placed[i] >= 0 or sizes[c] >= problem.max_size:
            continue
        if rules.require_shared_language and not languages[c] & problem.mentee_languages[i]:
            continue
        tz = problem.mentee_tz[i]
        known = gap is not None and not np.isnan(tz) and not np.isnan(lo[c])
        if known and max(hi[c], tz) - min(lo[c], tz) > (gap or 0.0) + _TZ_EPS:
            continue
        if any(b in members[c] for b in partners.get(i, ())):
            continue
        placed[i] = assign[i] = c
        sizes[c] += 1
        members[c].add(i)
        languages[c] &= problem.mentee_languages[i]
        if not np.isnan(tz):
            lo[c] = tz if np.isnan(lo[c]) else min(lo[c], tz)
            hi[c] = tz if np.isnan(hi[c]) else max(hi[c], tz)
        count += 1
    return count


def _solve_exact(
    problem: GroupProblem, n: int
) -> tuple[np.ndarray, dict[str, float | int | bool | str]]:
    rules = problem.rules
    n_c = len(problem.circles)
    model = cp_model.CpModel()
    e_m, e_c, e_f = problem.edge_mentee.tolist(), problem.edge_circle.tolist(), problem.edge_fit
    x = [model.new_bool_var(f"x{a}_{c}") for a, c in zip(e_m, e_c, strict=True)]
    by_mentee: dict[int, list[int]] = defaultdict(list)
    by_circle: dict[int, list[int]] = defaultdict(list)
    for e, (a, c) in enumerate(zip(e_m, e_c, strict=True)):
        by_mentee[a].append(e)
        by_circle[c].append(e)
    for edges in by_mentee.values():
        model.add_at_most_one(x[e] for e in edges)
    for k in range(n_c):
        edges = by_circle.get(k, [])
        size = sum(x[e] for e in edges) + int(problem.fixed_count[k])
        model.add(size <= problem.max_size)
        if problem.fixed_count[k] == 0 and edges:
            open_k = model.new_bool_var(f"open{k}")
            model.add(size >= problem.min_size).only_enforce_if(open_k)
            for e in edges:
                model.add_implication(x[e], open_k)
        if rules.require_shared_language and edges:
            langs = sorted(problem.core_languages[k])
            z = {lang: model.new_bool_var(f"l{k}_{lang}") for lang in langs}
            model.add_at_most_one(z.values())
            for e in edges:
                spoken = [z[lang] for lang in langs if lang in problem.mentee_languages[e_m[e]]]
                model.add_bool_or([x[e].Not(), *spoken])
        gap = rules.max_timezone_gap_hours
        if gap is not None and edges:
            lo, hi = problem.core_lo[k], problem.core_hi[k]
            offsets = sorted(
                {
                    float(problem.mentee_tz[e_m[e]])
                    for e in edges
                    if not np.isnan(problem.mentee_tz[e_m[e]])
                }
            )
            starts = set(offsets)
            if not np.isnan(lo):
                starts = {
                    s for s in starts | {float(lo)} if hi - gap - _TZ_EPS <= s <= lo + _TZ_EPS
                }
            w = {s: model.new_bool_var(f"w{k}_{s}") for s in sorted(starts)}
            model.add_at_most_one(w.values())
            for e in edges:
                tz = problem.mentee_tz[e_m[e]]
                if np.isnan(tz):
                    continue
                holding = [v for s, v in w.items() if s - _TZ_EPS <= tz <= s + gap + _TZ_EPS]
                model.add_bool_or([x[e].Not(), *holding])
    edge_at = {(a, c): e for e, (a, c) in enumerate(zip(e_m, e_c, strict=True))}
    for a, b in zip(problem.chain_a.tolist(), problem.chain_b.tolist(), strict=True):
        for e in by_mentee.get(a, []):
            other = edge_at.get((b, e_c[e]))
            if other is not None:
                model.add_bool_or([x[e].Not(), x[other].Not()])
    # Most mentees placed first, then the best total fit: a place outweighs any fit.
    place = _SCALE * (n + 1)
    model.maximize(sum((place + round(float(f) * _SCALE)) * v for v, f in zip(x, e_f, strict=True)))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = EXACT_SECONDS
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 7
    status = solver.solve(model)
    assign = np.full(n, -1, dtype=np.int64)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        for e, v in enumerate(x):
            if solver.value(v):
                assign[e_m[e]] = e_c[e]
    return assign, {
        "status": solver.status_name(status),
        "proved_optimal": status == cp_model.OPTIMAL,
    }


# -- entry point -----------------------------------------------------------------------------


def match_circles(
    circles: Sequence[Circle],
    mentees: Sequence[Mentee],
    people: Sequence[Person],
    rules: Rules,
    weights: Weights,
    *,
    min_size: int = 3,
    max_size: int = 8,
    forbidden: Sequence[tuple[str, str]] = (),
    method: str = "auto",
) -> GroupResult:
    """Assign ``mentees`` to ``circles``; ``method`` is "auto", "exact" or "flow"."""
    started = time.perf_counter()
    problem = prepare(
        circles,
        mentees,
        people,
        rules,
        weights,
        min_size=min_size,
        max_size=max_size,
        forbidden=forbidden,
    )
    n = len(mentees)
    bound_fit, bound_matched = _bound(problem, n)
    fixed_fit = _fixed_fit(problem)
    auto = method == "auto"
    if auto:
        method = "exact" if len(problem.edge_mentee) <= EXACT_PAIR_LIMIT else "flow"
    if method == "exact":
        assign, cert = _solve_exact(problem, n)
        if auto and not cert["proved_optimal"]:
            # CP-SAT ran out of time: keep its best or flow and repair's, whichever is better.
            other, other_cert = _solve_flow(problem, n)
            if _objective(problem, other) > _objective(problem, assign):
                assign, cert, method = other, {**cert, **other_cert}, "flow"
    elif method == "flow":
        assign, cert = _solve_flow(problem, n)
    else:
        raise InputError("options", "method", f"unknown method '{method}'")
    result = _result(problem, assign, method)
    result.upper_bound = bound_fit + fixed_fit
    result.bound_matched = bound_matched + int((problem.fixed_of >= 0).sum())
    result.certificate.update(cert)
    result.certificate["candidate_edges"] = len(problem.edge_mentee)
    result.certificate["allowed_pairs"] = problem.all_allowed
    # The bound is over every allowed pair when no pair was pruned; above TOP_K circles per
    # mentee it is over the candidate graph, and says so.
    result.certificate["bound_over"] = (
        "every allowed pair"
        if len(problem.edge_mentee) == problem.all_allowed
        else f"each mentee's {TOP_K} best circles"
    )
    result.seconds = time.perf_counter() - started
    return result


def _objective(problem: GroupProblem, assign: np.ndarray) -> tuple[int, float]:
    fit = problem.fit_of()
    chosen = np.flatnonzero(assign >= 0).tolist()
    return len(chosen), sum(fit[(i, int(assign[i]))] for i in chosen)


def _fixed_fit(problem: GroupProblem) -> float:
    fixed = np.flatnonzero(problem.fixed_of >= 0)
    if not len(fixed):
        return 0.0
    return float(problem.scorer.pair_scores(fixed, problem.fixed_of[fixed]).sum())


def _member_reasons(problem: GroupProblem, i: int, k: int, members: list[int]) -> tuple[str, ...]:
    scorer = problem.scorer
    inst = problem.cohort.instance
    reasons: list[str] = []
    mentee = inst.mentees[i]
    stand_in = inst.mentors[k]
    if stand_in.id in mentee.preferences:
        reasons.append("you asked for this circle or its mentor")
    for line in text_reasons(scorer.text, i, k):
        reasons.append(line.replace("their expertise", "the circle's topic"))
    reasons.extend(expectation_reasons(mentee.answers, stand_in.answers))
    common = set(problem.mentee_languages[i])
    for j in members:
        common &= problem.mentee_languages[j]
    for mentor in problem.circles[k].mentors:
        common &= set(mentor.languages)
    if len(reasons) < 2 and common and problem.rules.require_shared_language:
        reasons.append(f"every member speaks {sorted(common)[0]}")
    if not reasons:
        reasons.append("the best place left within the programme's rules")
    return tuple(reasons[:MAX_REASONS])


def _result(problem: GroupProblem, assign: np.ndarray, method: str) -> GroupResult:
    placed = np.where(problem.fixed_of >= 0, problem.fixed_of, assign)
    members_of: dict[int, list[int]] = defaultdict(list)
    for i, c in enumerate(placed.tolist()):
        if c >= 0:
            members_of[c].append(i)
    fit = problem.fit_of()
    circles_out: list[CircleResult] = []
    total = 0.0
    below: list[str] = []
    for k, circle in enumerate(problem.circles):
        ids = members_of.get(k, [])
        fits: np.ndarray = problem.scorer.pair_scores(
            np.array(ids, dtype=np.int64), np.full(len(ids), k, dtype=np.int64)
        )
        members = [
            Member(
                mentee=problem.mentee_ids[i],
                fit=float(f),
                reasons=_member_reasons(problem, i, k, ids),
                fixed=bool(problem.fixed_of[i] == k),
            )
            for i, f in zip(ids, fits, strict=True)
        ]
        total += float(np.sum(fits))
        offsets = [float(problem.mentee_tz[i]) for i in ids if not np.isnan(problem.mentee_tz[i])]
        offsets += [m.utc_offset_hours for m in circle.mentors if m.utc_offset_hours is not None]
        langs = set(problem.core_languages[k])
        for i in ids:
            langs &= problem.mentee_languages[i]
        reason = None
        if not ids:
            reason = (
                f"dissolved: fewer than {problem.min_size} mentees could join within the rules"
                if any(c == k for c in problem.edge_circle.tolist())
                else "no mentee fits this circle within the rules"
            )
        elif len(ids) < problem.min_size:
            below.append(circle.id)
        circles_out.append(
            CircleResult(
                id=circle.id,
                mentors=tuple(m.id for m in circle.mentors),
                topic=circle.topic,
                members=members,
                language=min(langs) if langs and problem.rules.require_shared_language else None,
                window=(min(offsets), max(offsets)) if offsets else None,
                dissolved_reason=reason,
            )
        )
    unmatched: list[GroupUnmatched] = []
    for i in np.flatnonzero(placed < 0).tolist():
        unmatched.append(
            GroupUnmatched(
                problem.mentee_ids[i], _unmatched_reason(problem, i, placed, members_of, fit)
            )
        )
    return GroupResult(
        circles=circles_out,
        unmatched=unmatched,
        total_fit=total,
        upper_bound=0.0,
        bound_matched=0,
        method=method,
        seconds=0.0,
        below_minimum=below,
    )


def _unmatched_reason(
    problem: GroupProblem,
    i: int,
    placed: np.ndarray,
    members_of: dict[int, list[int]],
    fit: dict[tuple[int, int], float],
) -> str:
    if i in problem.static_reason:
        return problem.static_reason[i]
    options = problem.edge_circle[problem.edge_mentee == i].tolist()
    partners = set(problem.chain_b[problem.chain_a == i].tolist()) | set(
        problem.chain_a[problem.chain_b == i].tolist()
    )
    full = dissolved = chain = rules = 0
    for k in options:
        members = members_of.get(k, [])
        if not members:
            dissolved += 1
        elif partners & set(members):
            chain += 1
        elif len(members) >= problem.max_size and all(
            fit.get((j, k), 1.0) >= fit[(i, k)] for j in members
        ):
            full += 1
        else:
            rules += 1
    parts: list[str] = []
    if full:
        parts.append(f"{full} full with members who fit them better")
    if rules:
        parts.append(
            f"{rules} settled on a language or time-zone window its members share"
            " that leaves them out, or full"
        )
    if chain:
        parts.append(f"{chain} with a member up or down their management chain")
    if dissolved:
        parts.append(f"{dissolved} dissolved below {problem.min_size} mentees")
    return f"of the {len(options)} circles that fit them: " + "; ".join(parts)
