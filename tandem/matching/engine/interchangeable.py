"""Optimal mode on classes of interchangeable people.

Dropdown questionnaires make many people identical to the scorer: the same few texts, the
same answers. Two mentees with the same *score key* (their document, their answer codes,
their weight total, and the department or org-chart depth when a component reads it) and the
same feasibility class (languages, UTC offset, department under the rules) have the same
score with every mentor, and the class-level rules allow them the same mentors; the same goes
for mentors (with their places added up). Leaving out the few pair-specific exclusions
(management chain, forbidden pairs, a person on both sides), the full graph of allowed pairs
shrinks to a transportation problem between mentee classes ``A`` and mentor classes ``B``:

    max sum s_AB x_AB   s.t.  sum_B x_AB <= |A|,  sum_A x_AB <= places_B,  sum x_AB = C

with ``C`` the class-level maximum count. The exclusions only remove pairs, so ``C`` bounds
the number of mentees any matching on the full graph holds, and the class optimum bounds the
total score of any matching of ``C`` mentees on it.

The class problem is one max-flow-min-cost, solved exactly. A class pair's score depends only
on the two score keys and whether it is allowed only on the two feasibility classes, so the
pairs route through a hub per (mentee score key, mentor feasibility class): mentee class ->
hub where the feasibility classes allow it, hub -> each mentor class of that feasibility
class at the pair's score (pairs under the minimum score get no arc). Every class flow is a
hub flow of the same total and back, and the network has a few million arcs where the class
pairs number tens of millions and the people's pairs billions.

The class flows are then dealt out to people: each class pair's flow takes that many of its
mentee class's members and its mentor class's places. A pair an exclusion forbids is
settled without changing any score (see :func:`settle_exclusions`). When every pair is
settled, the matching holds ``C`` mentees at the class optimum: it is the full-graph maximum,
and optimal on the full graph up to the integer costs' rounding, which the bound adds back.
When one cannot be (exclusions that bite), nothing is claimed and the candidate-graph path
runs instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python import min_cost_flow

from .arrays import sums_before, within
from .cohort import Cohort
from .constraints import Constraints
from .features import Scorer, mentee_document, mentor_document
from .fullgraph import FeasibilityClasses, PairCheck

# The class path is taken only when classes are few: score keys on each side multiply to at
# most SCORE_PAIR_LIMIT, feasibility classes to at most FEASIBLE_PAIR_LIMIT, and the hub
# network has at most ARC_LIMIT arcs (about 100 bytes each while it is solved).
SCORE_PAIR_LIMIT = 1_000_000
FEASIBLE_PAIR_LIMIT = 4_000_000
ARC_LIMIT = 12_000_000
# A class path pays off when classes are several times fewer than people.
PEOPLE_PER_CLASS = 2
# Scores become integer costs at this scale: fine enough that the rounding, which the bound
# adds back, is a few millionths of a per cent, and coarse enough for quick cost scaling.
SCALE = 10**6
# Tries per excluded pair to find a member of the same mentee class to swap mentors with.
SWAP_TRIES = 64


@dataclass(slots=True)
class DealtMatching:
    """A matching dealt out to people from flows between classes, with what it proves."""

    mentee: np.ndarray
    mentor: np.ndarray
    score: np.ndarray
    # A bound on the total score: of every matching on the full graph (the stable fill's sum
    # of each mentee's best), or of every matching of the maximum size (the class optimum's).
    bound: float
    classes: FeasibilityClasses
    info: dict[str, float | int | bool | str] = field(default_factory=dict)


@dataclass(slots=True)
class ClassSolution(DealtMatching):
    """The class optimum dealt out; ``bound`` holds for every matching of ``max_matched``
    mentees on the full graph."""

    # The class-level maximum count: no matching on the full graph holds more.
    max_matched: int = field(kw_only=True)


def _codes(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Dense codes of the rows of ``keys`` (int64 columns), and one row index per code."""
    if keys.shape[1] == 0:
        n = keys.shape[0]
        return np.zeros(n, dtype=np.int64), np.zeros(min(n, 1), dtype=np.int64)
    _, first, inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    return inverse.reshape(-1).astype(np.int64), first.astype(np.int64)


def _string_codes(values: list[str]) -> np.ndarray:
    seen: dict[str, int] = {}
    return np.array([seen.setdefault(v, len(seen)) for v in values], dtype=np.int64)


def score_keys(cohort: Cohort, scorer: Scorer) -> tuple[np.ndarray, np.ndarray] | None:
    """Each mentee's and mentor's score key: equal keys score the same with everyone.

    None when stated preferences count (they tie a mentee's score to named mentors).
    """
    if scorer.w_pref > 0 and int(cohort.pref_count.sum()) > 0:
        return None
    inst = cohort.instance
    n, m = cohort.n_mentees, cohort.n_mentors
    mentee_cols: list[np.ndarray] = [scorer.inv_total.view(np.int64)]
    mentor_cols: list[np.ndarray] = []
    if scorer.w_goals > 0:
        mentee_cols.append(
            _string_codes([mentee_document(p.goals, p.skills_wanted) for p in inst.mentees])
        )
        mentor_cols.append(
            _string_codes(
                [mentor_document(p.expertise, p.skills, p.background) for p in inst.mentors]
            )
        )
    if scorer.w_expect > 0:
        mentee_cols.extend(scorer.expectations.mentee_codes)
        mentor_cols.extend(scorer.expectations.mentor_codes)
    if scorer.w_cross > 0:
        mentee_cols.append(cohort.mentee_dept.astype(np.int64))
        mentor_cols.append(cohort.mentor_dept.astype(np.int64))
    if scorer.w_junior > 0:
        mentee_cols.append(cohort.depth[cohort.mentee_person].astype(np.int64))
        mentor_cols.append(cohort.depth[cohort.mentor_person].astype(np.int64))
    mentee_key = np.column_stack([c.reshape(n) for c in mentee_cols]).astype(np.int64)
    mentor_key = (
        np.column_stack([c.reshape(m) for c in mentor_cols]).astype(np.int64)
        if mentor_cols
        else np.zeros((m, 0), dtype=np.int64)
    )
    return _codes(mentee_key)[0], _codes(mentor_key)[0]


@dataclass(slots=True)
class ClassProblem:
    """The transportation problem between classes, with the tables pricing reads."""

    mentee_class: np.ndarray  # class of each mentee
    mentor_class: np.ndarray  # class of each mentor
    a_score: np.ndarray  # score key of each mentee class
    a_feas: np.ndarray  # feasibility class of each mentee class
    b_score: np.ndarray
    b_feas: np.ndarray
    size: np.ndarray  # mentees per class
    places: np.ndarray  # places per mentor class
    score: np.ndarray  # score-key table: mentee keys x mentor keys
    allowed: np.ndarray  # feasibility table: mentee classes x mentor classes (bool)

    def pair_scores(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return self.score[self.a_score[a], self.b_score[b]]


def class_problem(
    cohort: Cohort, scorer: Scorer, classes: FeasibilityClasses, n_people_limit: bool
) -> ClassProblem | None:
    keys = score_keys(cohort, scorer)
    if keys is None:
        return None
    e_key, m_key = keys
    n, m = cohort.n_mentees, cohort.n_mentors
    ka, kb = int(e_key.max(initial=-1)) + 1, int(m_key.max(initial=-1)) + 1
    fa, fb = classes.n_mentee_classes, classes.n_mentor_classes
    if ka * kb > SCORE_PAIR_LIMIT or fa * fb > FEASIBLE_PAIR_LIMIT:
        return None
    mentee_class, a_first = _codes(np.column_stack([e_key, classes.mentee_class]))
    mentor_class, b_first = _codes(np.column_stack([m_key, classes.mentor_class]))
    a, b = len(a_first), len(b_first)
    if n_people_limit and (a + b) * PEOPLE_PER_CLASS > n + m:
        return None
    # One representative per score key scores every pair of keys exactly.
    e_rep = np.zeros(ka, dtype=np.int64)
    e_rep[e_key] = np.arange(n)
    m_rep = np.zeros(kb, dtype=np.int64)
    m_rep[m_key] = np.arange(m)
    table = scorer.pair_scores(np.repeat(e_rep, kb), np.tile(m_rep, ka)).reshape(ka, kb)
    allowed = np.zeros((fa, fb), dtype=bool)
    ea, eb = classes.class_edges()
    allowed[ea, eb] = True
    hub_arcs = int(allowed.sum(axis=1)[classes.mentee_class[a_first]].sum()) + ka * b
    if hub_arcs > ARC_LIMIT:
        return None
    return ClassProblem(
        mentee_class=mentee_class,
        mentor_class=mentor_class,
        a_score=e_key[a_first],
        a_feas=classes.mentee_class[a_first],
        b_score=m_key[b_first],
        b_feas=classes.mentor_class[b_first],
        size=np.bincount(mentee_class, minlength=a).astype(np.int64),
        places=np.bincount(mentor_class, weights=cohort.capacity, minlength=b).astype(np.int64),
        score=table,
        allowed=allowed,
    )


def _hub_flow(
    p: ClassProblem, scale: int, min_score: float
) -> tuple[int, float, np.ndarray, np.ndarray, np.ndarray]:
    """The class problem's max-flow-min-cost, exactly, on a network of hubs.

    A pair's score depends on the two score keys and whether it is allowed on the two
    feasibility classes, so class pairs route through a hub per (mentee score key, mentor
    feasibility class): mentee class -> hub where the feasibility classes allow it (free),
    hub -> mentor class of that feasibility class (the pair's score). Every class flow is a
    hub flow and back, with the same total, at a fraction of the class pairs' arcs.

    Returns the count, the integer-cost objective over ``scale``, and the class flows as
    (mentee class, mentor class, amount).
    """
    a, b = len(p.size), len(p.places)
    fb = p.allowed.shape[1]
    # Mentee class -> hub (score key, mentor feasibility class), where allowed.
    in_a, in_f = np.nonzero(p.allowed[p.a_feas])
    hub_keys, in_hub = np.unique(p.a_score[in_a] * fb + in_f, return_inverse=True)
    in_hub = in_hub.reshape(-1)
    h = len(hub_keys)
    hub_score, hub_feas = hub_keys // fb, hub_keys % fb
    # Hub -> every mentor class in its feasibility class.
    by_feas = np.argsort(p.b_feas, kind="stable")
    feas_start = np.searchsorted(p.b_feas[by_feas], np.arange(fb + 1))
    count = feas_start[hub_feas + 1] - feas_start[hub_feas]
    out_hub = np.repeat(np.arange(h), count)
    offsets = within(count)
    out_b = by_feas[np.repeat(feas_start[hub_feas], count) + offsets]
    out_score = p.score[hub_score[out_hub], p.b_score[out_b]]
    keep = out_score >= min_score
    out_hub, out_b, out_score = out_hub[keep], out_b[keep], out_score[keep]
    out_cost = -np.rint(out_score * scale).astype(np.int64)
    source, sink = a + h + b, a + h + b + 1
    tails = np.concatenate([np.full(a, source), in_a, a + out_hub, a + h + np.arange(b)])
    heads = np.concatenate([np.arange(a), a + in_hub, a + h + out_b, np.full(b, sink)])
    caps = np.concatenate([p.size, p.size[in_a], p.places[out_b], p.places])
    costs = np.concatenate([np.zeros(a + len(in_a), np.int64), out_cost, np.zeros(b, np.int64)])
    solver = min_cost_flow.SimpleMinCostFlow()
    solver.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), heads.astype(np.int32), caps, costs
    )
    del tails, heads, caps, costs
    supply = int(p.size.sum())
    solver.set_node_supply(source, supply)
    solver.set_node_supply(sink, -supply)
    if solver.solve_max_flow_with_min_cost() != solver.OPTIMAL:
        raise RuntimeError("the class-level min-cost flow did not reach an optimum")
    maximum = int(solver.maximum_flow())
    objective = -float(solver.optimal_cost()) / scale
    flow_in = solver.flows(np.arange(a, a + len(in_a))).astype(np.int64)
    first_out = a + len(in_a)
    flow_out = solver.flows(np.arange(first_out, first_out + len(out_b))).astype(np.int64)
    del solver
    # Back to class pairs: within each hub, line the inflows up against the outflows.
    used_in = flow_in > 0
    used_out = flow_out > 0
    pair_a, pair_b, amount = _line_up(
        in_hub[used_in],
        in_a[used_in],
        flow_in[used_in],
        out_hub[used_out],
        out_b[used_out],
        flow_out[used_out],
    )
    return maximum, objective, pair_a, pair_b, amount


def _line_up(
    in_group: np.ndarray,
    in_id: np.ndarray,
    in_amount: np.ndarray,
    out_group: np.ndarray,
    out_id: np.ndarray,
    out_amount: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Split each group's inflows over its outflows (equal totals per group) in order: the
    (in id, out id, amount) pieces."""
    empty = np.zeros(0, dtype=np.int64)
    if len(in_group) == 0 or len(out_group) == 0:
        return empty, empty, empty
    oi = np.argsort(in_group, kind="stable")
    oo = np.argsort(out_group, kind="stable")
    in_id, in_amount = in_id[oi], in_amount[oi]
    out_id, out_amount = out_id[oo], out_amount[oo]
    # Groups are laid end to end; both sides cover the same stretch of one common line.
    in_end = np.cumsum(in_amount)
    out_end = np.cumsum(out_amount)
    if in_end[-1:].sum() != out_end[-1:].sum():
        raise RuntimeError("the hub flows do not balance")
    cuts = np.union1d(in_end, out_end)
    starts = np.r_[0, cuts[:-1]]
    pieces = cuts - starts
    left = np.searchsorted(in_end, starts, side="right")
    right = np.searchsorted(out_end, starts, side="right")
    return in_id[left], out_id[right], pieces


def _deal_out(
    p: ClassProblem,
    cohort: Cohort,
    check: PairCheck,
    arc_a: np.ndarray,
    arc_b: np.ndarray,
    flows: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, int] | None:
    """People for the class flows: (mentee, mentor) pairs, and how many moves exclusions took.

    None when an excluded pair cannot be settled."""
    mentee, mentor = deal_people(p, cohort, arc_a, arc_b, flows)
    bad = np.flatnonzero(~check(mentee, mentor))
    if len(bad) == 0:
        return mentee, mentor, 0
    moves, unsettled = settle_exclusions(p, cohort, check, mentee, mentor, bad)
    if unsettled:
        return None
    return mentee, mentor, moves


def deal_people(
    p: ClassProblem, cohort: Cohort, arc_a: np.ndarray, arc_b: np.ndarray, flows: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each class flow's members and places, in class order: (mentee, mentor) pairs."""
    used = flows > 0
    arc_a, arc_b, flows = arc_a[used], arc_b[used], flows[used]
    members = np.argsort(p.mentee_class, kind="stable")
    member_start = np.r_[0, np.cumsum(p.size)]
    mentor_order = np.argsort(p.mentor_class, kind="stable")
    place_mentor = np.repeat(mentor_order, cohort.capacity[mentor_order])
    place_start = np.r_[0, np.cumsum(p.places)]
    # Offsets of each arc within its mentee class and within its mentor class.
    off_a = _offsets_in_class(arc_a, flows)
    off_b = _offsets_in_class(arc_b, flows)
    inside = within(flows)
    mentee = members[np.repeat(member_start[arc_a] + off_a, flows) + inside]
    mentor = place_mentor[np.repeat(place_start[arc_b] + off_b, flows) + inside]
    return mentee, mentor


def _offsets_in_class(arc: np.ndarray, flows: np.ndarray) -> np.ndarray:
    """Each flow's first place among its class's, the class's flows laid end to end."""
    order = np.argsort(arc, kind="stable")
    ordered = arc[order]
    offsets = np.empty(len(arc), dtype=np.int64)
    offsets[order] = sums_before(flows[order], np.r_[True, ordered[1:] != ordered[:-1]])
    return offsets


def _grouped(key: np.ndarray, n_keys: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices sorted by ``key`` (0 to ``n_keys - 1``) and where each key's run starts."""
    order = np.argsort(key, kind="stable")
    return order, np.searchsorted(key[order], np.arange(n_keys + 1))


def _sample(pool: np.ndarray, rng: np.random.Generator) -> list[int]:
    if len(pool) > SWAP_TRIES:
        pool = rng.choice(pool, SWAP_TRIES, replace=False)
    return [int(x) for x in pool]


def settle_exclusions(
    p: ClassProblem,
    cohort: Cohort,
    check: PairCheck,
    mentee: np.ndarray,
    mentor: np.ndarray,
    bad: np.ndarray,
    *,
    within_class: bool = False,
    stop_at_first: bool = True,
) -> tuple[int, list[int]]:
    """Rearrange the dealt pairs (in place) so that none is excluded, keeping every score.

    For an excluded pair, in turn: swap mentors with a pair whose mentee or whose mentor has
    the same score key (the two scores only trade places); hand the mentor to an unmatched
    mentee with the same score key; move the mentee to a mentor with a free place and the
    same score key. The count and the total stay the class optimum's. With ``within_class``
    the moves stay within a class (score key and feasibility class), so that each class's
    scores stay its own too. Returns the number of moves and the dealt pairs that could not
    be settled (only the first, with ``stop_at_first``).
    """
    rng = np.random.default_rng(0)
    n, m = cohort.n_mentees, cohort.n_mentors
    if within_class:
        e_key, m_key = p.mentee_class, p.mentor_class
        ka, kb = len(p.size), len(p.places)
    else:
        e_key = p.a_score[p.mentee_class]
        m_key = p.b_score[p.mentor_class]
        ka, kb = p.score.shape
    by_pair_e = _grouped(e_key[mentee], ka)
    by_pair_m = _grouped(m_key[mentor], kb)
    holder = np.zeros(n, dtype=bool)
    holder[mentee] = True
    # Mentees without a pair, by score key (shifted by one: 0 holds everyone with a pair).
    idle_e = _grouped(np.where(holder, 0, e_key + 1), ka + 1)
    load = np.bincount(mentor, minlength=m)
    by_mentor = _grouped(m_key, kb)
    moves = 0
    unsettled: list[int] = []
    for i in bad.tolist():
        e, j = int(mentee[i]), int(mentor[i])
        if check(np.array([e]), np.array([j]))[0]:
            continue  # an earlier move already settled it
        settled = False
        for order, start, key in ((*by_pair_e, e_key[e]), (*by_pair_m, m_key[j])):
            for q in _sample(order[start[key] : start[key + 1]], rng):
                if q == i or mentor[q] == j:
                    continue
                # Groups were drawn up before earlier moves: the keys are checked afresh.
                if e_key[mentee[q]] != e_key[e] and m_key[mentor[q]] != m_key[j]:
                    continue
                if check(np.array([e, mentee[q]]), np.array([mentor[q], j])).all():
                    mentor[i], mentor[q] = mentor[q], j
                    settled = True
                    break
            if settled:
                break
        if not settled:
            order, start = idle_e
            key = int(e_key[e]) + 1
            for other in _sample(order[start[key] : start[key + 1]], rng):
                if not holder[other] and check(np.array([other]), np.array([j]))[0]:
                    mentee[i] = other
                    holder[other], holder[e] = True, False
                    settled = True
                    break
        if not settled:
            order, start = by_mentor
            key = int(m_key[j])
            pool = order[start[key] : start[key + 1]]
            pool = pool[load[pool] < cohort.capacity[pool]]
            for other in _sample(pool, rng):
                if check(np.array([e]), np.array([other]))[0]:
                    mentor[i] = other
                    load[j] -= 1
                    load[other] += 1
                    settled = True
                    break
        if not settled:
            unsettled.append(i)
            if stop_at_first:
                break
            continue
        moves += 1
    return moves, unsettled


def classes_of(
    cohort: Cohort, constraints: Constraints, scorer: Scorer, require_few_classes: bool
) -> tuple[FeasibilityClasses, ClassProblem] | None:
    """The cohort's feasibility classes and its problem between classes, or None when there
    are none or too many, or stated preferences count (they tie a mentee's score to named
    mentors: see :func:`score_keys`)."""
    if scorer.w_pref > 0 and int(cohort.pref_count.sum()) > 0:
        return None
    classes = FeasibilityClasses(cohort, constraints)
    if classes.n_mentee_classes == 0 or classes.n_mentor_classes == 0:
        return None
    p = class_problem(cohort, scorer, classes, require_few_classes)
    if p is None:
        return None
    return classes, p


def solve_on_classes(
    cohort: Cohort,
    constraints: Constraints,
    scorer: Scorer,
    *,
    require_few_classes: bool = True,
) -> ClassSolution | None:
    """The full-graph optimum through classes of interchangeable people, or None when the
    classes are too many or the exclusions bite (see the module docstring)."""
    found = classes_of(cohort, constraints, scorer, require_few_classes)
    if found is None:
        return None
    classes, p = found
    check = PairCheck(cohort, constraints, scorer)
    a, b = len(p.size), len(p.places)
    maximum, objective, arc_a, arc_b, flows = _hub_flow(p, SCALE, cohort.instance.rules.min_score)
    dealt = _deal_out(p, cohort, check, arc_a, arc_b, flows)
    info: dict[str, float | int | bool | str] = {
        "class_mentee_classes": a,
        "class_mentor_classes": b,
        "class_pairs_used": len(arc_a),
        "class_objective": objective,
        "method": "max-flow-min-cost on classes",
    }
    if dealt is None:
        return None
    mentee, mentor, swaps = dealt
    info["class_exclusion_moves"] = swaps
    score = scorer.pair_scores(mentee, mentor)
    return ClassSolution(
        mentee=mentee,
        mentor=mentor,
        score=score,
        max_matched=maximum,
        # Costs are scores rounded to 1/SCALE: no matching of ``maximum`` mentees scores more
        # than the rounded optimum plus half a unit per mentee.
        bound=objective + 0.5 * maximum / SCALE,
        classes=classes,
        info=info,
    )
