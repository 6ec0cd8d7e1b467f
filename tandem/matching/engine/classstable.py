"""Stable mode on classes of interchangeable people.

When both sides rank by the pair score, a matching is stable (no mentee and mentor who both
strictly prefer each other to what they hold, or the mentor has a free place) whenever it is
what filling pairs in descending score order gives, with *any* order among equal scores:
when a pair's turn comes, either the mentee already holds at least its score, or the mentor
is full with pairs that score at least as much, and both only hold on from then on.

On a dropdown cohort nearly every score ties, and the ties are what defeat the people-level
refills (a mentee's next mentors are a run of a thousand equal ones). On classes they are no
trouble: people with the same score key and feasibility class (see :mod:`.interchangeable`)
score the same with everyone and are allowed the same mentors, so the fill goes by *levels*,
the distinct values of the small score-key table, best first. At each level every class pair
of that score is filled as far as both sides' remaining members and places allow, until each
such pair has one side used up. Each mentee class proposes all it has left to one mentor
class at a time, each mentor class takes proposals up to its places, and a proposal either
settles its mentee class or uses up its mentor class, so the rounds end quickly; each class
starts its list at a different mentor class so that the proposals spread.

The class flows are dealt out to people, and an excluded pair (management chain, forbidden,
a person on both sides) is settled by moves within one class, which keep each class's scores
as they were (:func:`.interchangeable.settle_exclusions`). A pair no such move settles has
its two people split into classes of their own and is left out of the fill, which runs
again. The result is then checked without trusting the above: a blocking pair must lie in a
class pair of its score where the mentee class's least held score and the mentor class's
least held score (``-inf`` with a free place) are both below it. None may, or nothing is
claimed and the candidate path runs instead.
"""

from __future__ import annotations

import numpy as np

from .arrays import sums_before
from .cohort import Cohort
from .constraints import Constraints
from .features import Scorer
from .fullgraph import PairCheck
from .interchangeable import (
    ClassProblem,
    DealtMatching,
    classes_of,
    deal_people,
    settle_exclusions,
)
from .sets import member

# Every round removes each list's head, so a level ends within its longest list's length in
# rounds; each round filters the level's pairs afresh, so past this many rounds in all the
# fill gives way to the candidate path rather than take long (the 100,000-mentee dropdown
# cohort takes 157).
MAX_ROUNDS = 5_000
# Fills tried, each after splitting out the people of the excluded pairs the last one could
# not settle within their classes.
SPLIT_ROUNDS = 8


def _level_mask(
    p: ClassProblem, at: np.ndarray, rows: np.ndarray, cols: np.ndarray, excluded: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The class pairs of one level among ``rows`` and ``cols`` (positions in them), less the
    ``excluded`` ones (pair keys of two classes of one person each)."""
    mask = p.allowed[p.a_feas[rows]][:, p.b_feas[cols]]
    mask &= at[p.a_score[rows]][:, p.b_score[cols]]
    r, c = np.nonzero(mask)
    if len(excluded) and len(r):
        keep = ~member(_pair_keys(rows[r], cols[c]), excluded)
        r, c = r[keep], c[keep]
    return r, c


def _pair_keys(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return a.astype(np.int64) * (1 << 32) + b


def _level_pairs(
    p: ClassProblem,
    at: np.ndarray,
    rows: np.ndarray,
    cols: np.ndarray,
    excluded: np.ndarray,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """The class pairs of one level, grouped by mentee class, each class's list starting at
    its own mentor class."""
    r, c = _level_mask(p, at, rows, cols, excluded)
    if len(r) == 0:
        return r, c
    width = len(cols)
    offset = rng.integers(0, width, len(rows))
    order = np.argsort(r.astype(np.int64) * width + (c - offset[r]) % width)
    return rows[r[order]], cols[c[order]]


def _fill_level(
    pa: np.ndarray,
    pb: np.ndarray,
    rem_a: np.ndarray,
    rem_b: np.ndarray,
    budget: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int] | None:
    """Fill one level's class pairs (grouped by mentee class) until each has a side used up.

    ``rem_a`` and ``rem_b`` are taken down in place; returns the flows and the rounds, or
    None past ``budget`` rounds."""
    out_a: list[np.ndarray] = []
    out_b: list[np.ndarray] = []
    out_x: list[np.ndarray] = []
    rounds = 0
    keep = (rem_a[pa] > 0) & (rem_b[pb] > 0)
    pa, pb = pa[keep], pb[keep]
    while len(pa):
        rounds += 1
        if rounds > budget:
            return None
        # Each mentee class proposes everything it has left to the first mentor class on its
        # list; each mentor class takes proposals in mentee-class order up to its places.
        first = np.r_[True, pa[1:] != pa[:-1]]
        ia, ib = pa[first], pb[first]
        by_b = np.argsort(ib, kind="stable")
        ia, ib = ia[by_b], ib[by_b]
        amount = rem_a[ia]
        # What the mentor class has promised to earlier proposals in this round.
        before = sums_before(amount, np.r_[True, ib[1:] != ib[:-1]])
        taken = np.clip(rem_b[ib] - before, 0, amount)
        rem_a[ia] -= taken
        np.subtract.at(rem_b, ib, taken)
        got = taken > 0
        out_a.append(ia[got])
        out_b.append(ib[got])
        out_x.append(taken[got])
        # A proposal settled its mentee class or used up its mentor class: the list heads
        # are gone, and with them every other pair of a class used up.
        keep = (rem_a[pa] > 0) & (rem_b[pb] > 0)
        pa, pb = pa[keep], pb[keep]
    if not out_a:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty, rounds
    return np.concatenate(out_a), np.concatenate(out_b), np.concatenate(out_x), rounds


def _levels(p: ClassProblem, min_score: float) -> np.ndarray:
    """The distinct allowed scores of the score-key table, best first."""
    values = p.score[p.score >= min_score]
    return np.unique(values)[::-1]


def fill_by_levels(
    p: ClassProblem, min_score: float, excluded: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict[str, float | int | bool | str]] | None:
    """Class flows of the stable fill: (mentee class, mentor class, amount), and its facts;
    None past ``MAX_ROUNDS``."""
    rem_a = p.size.copy()
    rem_b = p.places.copy()
    rng = np.random.default_rng(0)
    flows_a: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    flows_b: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    flows_x: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    rounds = pairs = levels = 0
    for level in _levels(p, min_score):
        at = p.score == level
        rows = np.flatnonzero((rem_a > 0) & at.any(axis=1)[p.a_score])
        cols = np.flatnonzero((rem_b > 0) & at.any(axis=0)[p.b_score])
        if not rem_a.any() or not rem_b.any():
            break
        if len(rows) == 0 or len(cols) == 0:
            continue
        levels += 1
        pa, pb = _level_pairs(p, at, rows, cols, excluded, rng)
        pairs += len(pa)
        filled = _fill_level(pa, pb, rem_a, rem_b, MAX_ROUNDS - rounds)
        if filled is None:
            return None
        a, b, x, r = filled
        rounds += r
        flows_a.append(a)
        flows_b.append(b)
        flows_x.append(x)
    info: dict[str, float | int | bool | str] = {
        "class_levels": levels,
        "class_pairs_examined": pairs,
        "class_fill_rounds": rounds,
    }
    return np.concatenate(flows_a), np.concatenate(flows_b), np.concatenate(flows_x), info


def best_allowed(p: ClassProblem, min_score: float) -> np.ndarray:
    """Each mentee class's best score with a mentor class it is allowed (pair exclusions
    aside), ``-inf`` with none."""
    n_keys = p.score.shape[1]
    fb = p.allowed.shape[1]
    # The best score each mentee score key reaches in each mentor feasibility class.
    present = np.zeros((fb, n_keys), dtype=bool)
    present[p.b_feas[p.places > 0], p.b_score[p.places > 0]] = True
    table = np.where(p.score >= min_score, p.score, -np.inf)
    hub = np.full((p.score.shape[0], fb), -np.inf)
    for f in range(fb):
        keys = np.flatnonzero(present[f])
        if len(keys):
            hub[:, f] = table[:, keys].max(axis=1)
    best = np.full(len(p.size), -np.inf)
    for a_key in np.unique(p.a_score):
        members = np.flatnonzero(p.a_score == a_key)
        reach = np.where(p.allowed[p.a_feas[members]], hub[a_key][None, :], -np.inf)
        best[members] = reach.max(axis=1, initial=-np.inf)
    return best


def class_blocking(
    p: ClassProblem,
    min_score: float,
    excluded: np.ndarray,
    mentee_held: np.ndarray,
    mentor_worst: np.ndarray,
) -> int:
    """Class pairs that could hold a blocking pair: allowed, and scoring above both the
    mentee class's least held score and the mentor class's (``-inf`` where a mentor has a
    free place). Zero proves no pair of people blocks."""
    least_a = np.full(len(p.size), np.inf)
    np.minimum.at(least_a, p.mentee_class, mentee_held)
    least_b = np.full(len(p.places), np.inf)
    np.minimum.at(least_b, p.mentor_class, mentor_worst)
    found = 0
    for level in _levels(p, min_score):
        at = p.score == level
        rows = np.flatnonzero((least_a < level) & at.any(axis=1)[p.a_score])
        cols = np.flatnonzero((least_b < level) & at.any(axis=0)[p.b_score])
        if len(rows) == 0 or len(cols) == 0:
            continue
        found += len(_level_mask(p, at, rows, cols, excluded)[0])
    return found


def split_out(
    p: ClassProblem, mentees: np.ndarray, mentors: np.ndarray, capacity: np.ndarray
) -> ClassProblem:
    """``p`` with each of ``mentees`` and ``mentors`` in a class of their own (the same score
    key and feasibility class), so that a pair of them can be left out exactly."""
    mentee_class = p.mentee_class.copy()
    mentor_class = p.mentor_class.copy()
    size, places = p.size.copy(), p.places.copy()
    a_score, a_feas = list(p.a_score), list(p.a_feas)
    b_score, b_feas = list(p.b_score), list(p.b_feas)
    new_size: list[int] = []
    new_places: list[int] = []
    for e in np.unique(mentees).tolist():
        old = int(mentee_class[e])
        if size[old] > 1:
            size[old] -= 1
            mentee_class[e] = len(a_score)
            a_score.append(a_score[old])
            a_feas.append(a_feas[old])
            new_size.append(1)
    for j in np.unique(mentors).tolist():
        old = int(mentor_class[j])
        if places[old] > capacity[j]:
            places[old] -= capacity[j]
            mentor_class[j] = len(b_score)
            b_score.append(b_score[old])
            b_feas.append(b_feas[old])
            new_places.append(int(capacity[j]))
    return ClassProblem(
        mentee_class=mentee_class,
        mentor_class=mentor_class,
        a_score=np.asarray(a_score, dtype=np.int64),
        a_feas=np.asarray(a_feas, dtype=np.int64),
        b_score=np.asarray(b_score, dtype=np.int64),
        b_feas=np.asarray(b_feas, dtype=np.int64),
        size=np.r_[size, np.asarray(new_size, dtype=np.int64)],
        places=np.r_[places, np.asarray(new_places, dtype=np.int64)],
        score=p.score,
        allowed=p.allowed,
    )


def stable_on_classes(
    cohort: Cohort,
    constraints: Constraints,
    scorer: Scorer,
    *,
    require_few_classes: bool = True,
) -> DealtMatching | None:
    """The stable matching over every allowed pair through classes of interchangeable
    people, or None when the classes are too many or the exclusions bite (see the module
    docstring)."""
    found = classes_of(cohort, constraints, scorer, require_few_classes)
    if found is None:
        return None
    classes, p = found
    min_score = cohort.instance.rules.min_score
    check = PairCheck(cohort, constraints, scorer)
    excluded = np.zeros(0, dtype=np.int64)
    moves = 0
    for attempt in range(1, SPLIT_ROUNDS + 1):
        filled = fill_by_levels(p, min_score, excluded)
        if filled is None:
            return None
        arc_a, arc_b, flows, info = filled
        info["class_fill_attempts"] = attempt
        mentee, mentor = deal_people(p, cohort, arc_a, arc_b, flows)
        bad = np.flatnonzero(~check(mentee, mentor))
        moves, _ = settle_exclusions(
            p, cohort, check, mentee, mentor, bad, within_class=True, stop_at_first=False
        )
        bad = np.flatnonzero(~check(mentee, mentor))
        if len(bad) == 0:
            break
        # Pairs no move within a class settles: their people get classes of their own, the
        # pair is left out of the fill, and the fill runs again.
        p = split_out(p, mentee[bad], mentor[bad], cohort.capacity)
        excluded = np.union1d(
            excluded, _pair_keys(p.mentee_class[mentee[bad]], p.mentor_class[mentor[bad]])
        )
    else:
        return None
    info["class_pairs_left_out"] = len(excluded)
    score = scorer.pair_scores(mentee, mentor)
    n, m = cohort.n_mentees, cohort.n_mentors
    held = np.full(n, -np.inf)
    held[mentee] = score
    worst = np.full(m, np.inf)
    np.minimum.at(worst, mentor, score)
    load = np.bincount(mentor, minlength=m)
    worst[load < cohort.capacity] = -np.inf
    suspect = class_blocking(p, min_score, excluded, held, worst)
    if suspect:
        return None
    best = best_allowed(p, min_score)
    bound = float(np.where(np.isfinite(best), best, 0.0)[p.mentee_class].sum())
    info.update(
        {
            "class_mentee_classes": len(p.size),
            "class_mentor_classes": len(p.places),
            "class_pairs_used": int(np.count_nonzero(flows)),
            "class_exclusion_moves": moves,
            "method": "fill by score levels on classes",
        }
    )
    return DealtMatching(mentee, mentor, score, bound, classes, info)
