"""Facts about the full graph of allowed pairs, established without ever building it.

Above the full-graph limit the solvers work on a candidate graph, but what a result claims —
how many mentees can be matched at most, a bound on the total score, that no pair blocks a
stable matching, why a mentee stayed unmatched — must hold on the full graph: every pair that
passes every rule, nothing pruned. Three tools give that at the cost of a few matrix passes.

* **Feasibility classes.** Whether a pair is allowed depends, apart from a short list of
  pair-specific exclusions (management chain, forbidden pairs, a person on both sides) and
  the minimum score, only on class attributes: languages, UTC offset, department and whether
  the mentor has places. People with the same attributes are interchangeable for
  feasibility, and dropdown cohorts have few such classes. A max flow over the classes
  (source → mentee class → mentor class → sink) is an upper bound on the number of mentees
  any matching on the full graph can hold; it is exact when no pair-specific exclusion
  bites.
* **Augmenting paths on the implicit graph.** A matching is maximum exactly when no
  augmenting path exists (Berge). Breadth-first search over alternating paths runs class by
  class: a class's mentees reach every mentor its mask allows, and the few exclusions are
  checked pair by pair, so a layer costs one mask per class rather than one row per mentee.
  Paths found are applied, their pairs are handed back as repair edges, and a search that
  finds no path proves the count is the full-graph maximum.
* **Streamed scans.** Every allowed pair's exact score, block by block (the same blocks as
  candidate generation, text cosines clipped as in the exact score), reduced on the fly to
  what a pass needs: an LP dual bound, the best pair missing from the candidate graph, or a
  blocking pair.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import scipy.sparse as sp
from ortools.graph.python import max_flow

from .arrays import within
from .candidates import CandidateGraph, TopKGenerator
from .cohort import Cohort
from .constraints import Constraints
from .features import Scorer
from .solvers import Assignment

ProgressFn = Callable[[int, int], None]
# A scan's figure (a bound, a count) and the mentee and mentor positions of the pairs it picked.
PickedPairs = tuple[float, np.ndarray, np.ndarray]

T = TypeVar("T")

# Largest number of class pairs examined for the class-level flow; beyond it the augmenting
# search alone decides.
CLASS_PAIR_LIMIT = 50_000_000
# Scores in a scanned block are float32; this margin covers their rounding in every
# comparison with the exact (float64) scores of the candidate graph.
SCAN_TOLERANCE = 2e-6
# Pairs a blocking scan proposes per mentee and round.
BLOCKING_PER_MENTEE = 3
# Each mentee's best mentors are kept from the first blocking scan, so later rounds can settle
# most mentees from the list instead of scanning every mentor again: the mentors are taken in
# runs of SHORTLIST_RUN columns and the SHORTLIST_RUNS runs with the highest maxima are kept.
SHORTLIST_RUN = 8
SHORTLIST_RUNS = 8


def _row_classes(columns: list[np.ndarray], n: int) -> tuple[np.ndarray, np.ndarray]:
    """Class id of each row of the stacked ``columns`` (uint64 keys), and one row per class."""
    if not columns or n == 0:
        return np.zeros(n, dtype=np.int64), np.zeros(min(n, 1), dtype=np.int64)
    key = np.hstack([c.reshape(n, -1) for c in columns])
    _, first, inverse = np.unique(key, axis=0, return_index=True, return_inverse=True)
    return inverse.reshape(-1).astype(np.int64), first.astype(np.int64)


def _offset_bits(values: np.ndarray) -> np.ndarray:
    # NaN (unknown offset) gets one fixed key whatever its bit pattern.
    return np.where(np.isnan(values), np.inf, values).view(np.uint64)


class FeasibilityClasses:
    """Mentees and mentors grouped by the attributes the class-level rules look at."""

    def __init__(self, cohort: Cohort, constraints: Constraints) -> None:
        self.cohort = cohort
        self.constraints = constraints
        rules = cohort.instance.rules
        mentee_cols: list[np.ndarray] = []
        mentor_cols: list[np.ndarray] = [(cohort.capacity > 0).astype(np.uint64)]
        if rules.require_shared_language:
            mentee_cols.append(cohort.mentee_lang)
            mentor_cols.append(cohort.mentor_lang)
        if rules.max_timezone_gap_hours is not None:
            mentee_cols.append(_offset_bits(cohort.mentee_tz))
            mentor_cols.append(_offset_bits(cohort.mentor_tz))
        if rules.exclude_same_department:
            mentee_cols.append(cohort.mentee_dept.astype(np.int64).view(np.uint64))
            mentor_cols.append(cohort.mentor_dept.astype(np.int64).view(np.uint64))
        self.mentee_class, self.mentee_rep = _row_classes(mentee_cols, cohort.n_mentees)
        self.mentor_class, self.mentor_rep = _row_classes(mentor_cols, cohort.n_mentors)
        self.n_mentee_classes = len(self.mentee_rep) if cohort.n_mentees else 0
        self.n_mentor_classes = len(self.mentor_rep) if cohort.n_mentors else 0
        self._masks: dict[int, np.ndarray] = {}

    def mask(self, cls: int) -> np.ndarray:
        """Mentors allowed by the class-level rules (and with places) for mentee class ``cls``."""
        cached = self._masks.get(cls)
        if cached is None:
            rep = int(self.mentee_rep[cls])
            cached = self.constraints.class_mask(self.constraints.mentee_class(rep), rep)
            # A bounded cache: cohorts with very many classes recompute instead.
            if len(self._masks) < 4096:
                self._masks[cls] = cached
        return cached

    def class_edges(self) -> tuple[np.ndarray, np.ndarray]:
        """(mentee class, mentor class) pairs allowed at class level."""
        a, b = self.n_mentee_classes, self.n_mentor_classes
        if a == 0 or b == 0:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty
        ea = np.repeat(np.arange(a, dtype=np.int64), b)
        eb = np.tile(np.arange(b, dtype=np.int64), a)
        mentee = self.mentee_rep[ea]
        mentor = self.mentor_rep[eb]
        c = self.constraints
        rules = c.rules
        ok = c.pair_capacity(mentor)
        if rules.require_shared_language:
            ok &= c.pair_language(mentee, mentor)
        if rules.max_timezone_gap_hours is not None:
            ok &= c.pair_timezone(mentee, mentor)
        if rules.exclude_same_department:
            ok &= c.pair_department(mentee, mentor)
        return ea[ok], eb[ok]


def class_flow_bound(classes: FeasibilityClasses) -> int | None:
    """Max flow over the feasibility classes: no matching on the full graph holds more.

    ``None`` when the class pairs are too many to be worth it.
    """
    cohort = classes.cohort
    a, b = classes.n_mentee_classes, classes.n_mentor_classes
    if a == 0 or b == 0:
        return 0
    if a * b > CLASS_PAIR_LIMIT:
        return None
    ea, eb = classes.class_edges()
    if len(ea) == 0:
        return 0
    size = np.bincount(classes.mentee_class, minlength=a).astype(np.int64)
    places = np.bincount(classes.mentor_class, weights=cohort.capacity, minlength=b).astype(
        np.int64
    )
    source, sink = a + b, a + b + 1
    flow = max_flow.SimpleMaxFlow()
    tails = np.concatenate([np.full(a, source), ea, a + np.arange(b)])
    heads = np.concatenate([np.arange(a), a + eb, np.full(b, sink)])
    caps = np.concatenate([size, size[ea], places])
    flow.add_arcs_with_capacity(tails.astype(np.int32), heads.astype(np.int32), caps)
    if flow.solve(source, sink) != flow.OPTIMAL:
        raise RuntimeError("the class-level max flow did not solve")
    return int(flow.optimal_flow())


@dataclass(slots=True)
class Augmentation:
    mentee: np.ndarray
    mentor: np.ndarray
    matched: int
    phases: int
    paths: int


class PairCheck:
    """Every rule on explicit pairs, the minimum score included."""

    def __init__(self, cohort: Cohort, constraints: Constraints, scorer: Scorer | None) -> None:
        self.constraints = constraints
        self.scorer = scorer
        self.min_score = cohort.instance.rules.min_score

    def __call__(self, mentee: np.ndarray, mentor: np.ndarray) -> np.ndarray:
        ok = self.constraints.pair_allowed(mentee, mentor)
        if self.min_score > 0 and self.scorer is not None and ok.any():
            idx = np.flatnonzero(ok)
            ok[idx] = self.scorer.pair_scores(mentee[idx], mentor[idx]) >= self.min_score
        return ok


def augment_to_maximum(
    classes: FeasibilityClasses,
    check: PairCheck,
    mate: np.ndarray,
    target: int | None = None,
) -> Augmentation:
    """Grow ``mate`` (mentor of each mentee, or -1) along augmenting paths of the full graph.

    Phases of breadth-first search, each stopping at the first layer that reaches a mentor
    with a free place; the vertex-disjoint paths of that search tree are applied. The loop
    ends when a search finds no path (the matching is then maximum on the full graph) or when
    ``target`` — a known upper bound — is reached.
    """
    cohort = classes.cohort
    n, m = cohort.n_mentees, cohort.n_mentors
    capacity = cohort.capacity
    mate = mate.copy()
    load = np.bincount(mate[mate >= 0], minlength=m)
    added_e: list[int] = []
    added_m: list[int] = []
    phases = 0
    paths = 0
    # Mentees whose class reaches no mentor at all can never be matched.
    reachable_class = np.array(
        [classes.mask(c).any() for c in range(classes.n_mentee_classes)], dtype=bool
    )
    hopeful = reachable_class[classes.mentee_class] if n else np.zeros(0, bool)
    while True:
        matched = int(np.count_nonzero(mate >= 0))
        if target is not None and matched >= target:
            break
        free = np.flatnonzero((mate < 0) & hopeful)
        if len(free) == 0 or m == 0:
            break
        phases += 1
        parent = np.full(m, -1, dtype=np.int64)
        visited = np.zeros(m, dtype=bool)
        seen = np.zeros(n, dtype=bool)
        seen[free] = True
        frontier = free
        endpoints = np.zeros(0, dtype=np.int64)
        # Mentees held by each mentor, for stepping from a full mentor to its mentees.
        held_order = np.argsort(mate, kind="stable")
        held_start = np.searchsorted(mate[held_order], np.arange(m + 1))
        while len(frontier):
            reached = _expand(classes, check, frontier, visited, parent)
            if len(reached) == 0:
                break
            open_ = reached[load[reached] < capacity[reached]]
            if len(open_):
                endpoints = open_
                break
            counts = held_start[reached + 1] - held_start[reached]
            firsts = np.repeat(held_start[reached], counts)
            offsets = within(counts)
            nxt = held_order[firsts + offsets]
            nxt = nxt[~seen[nxt]]
            seen[nxt] = True
            frontier = nxt
        if len(endpoints) == 0:
            break
        used = np.zeros(n, dtype=bool)
        mate_list = mate.tolist()
        parent_list = parent.tolist()
        for j in endpoints.tolist():
            path: list[tuple[int, int]] = []
            current = j
            ok = True
            while True:
                i = parent_list[current]
                if used[i]:
                    ok = False
                    break
                path.append((i, current))
                previous = mate_list[i]
                if previous < 0:
                    break
                current = previous
            if not ok:
                continue
            for i, mentor in path:
                used[i] = True
                mate_list[i] = mentor
                added_e.append(i)
                added_m.append(mentor)
            load[j] += 1
            paths += 1
        mate = np.array(mate_list, dtype=np.int64)
    return Augmentation(
        np.array(added_e, dtype=np.int64),
        np.array(added_m, dtype=np.int64),
        int(np.count_nonzero(mate >= 0)),
        phases,
        paths,
    )


def _expand(
    classes: FeasibilityClasses,
    check: PairCheck,
    frontier: np.ndarray,
    visited: np.ndarray,
    parent: np.ndarray,
) -> np.ndarray:
    """One BFS layer: mentors first reached from ``frontier``, with a parent mentee each.

    Each class's newly reached mentors are shared out round-robin among its frontier mentees,
    so one phase can start many disjoint paths; a mentor a mentee may not take (an exclusion
    or the minimum score) is offered to the class's next mentee, and so on through all of
    them before it is left unreached.
    """
    cls = classes.mentee_class[frontier]
    order = np.argsort(cls, kind="stable")
    frontier, cls = frontier[order], cls[order]
    bounds = np.flatnonzero(np.diff(cls)) + 1
    reached: list[np.ndarray] = []
    for a, b in zip(np.r_[0, bounds], np.r_[bounds, len(frontier)], strict=True):
        members = frontier[a:b]
        targets = np.flatnonzero(classes.mask(int(cls[a])) & ~visited)
        if len(targets) == 0:
            continue
        spread = np.arange(len(targets))
        pending = np.ones(len(targets), dtype=bool)
        chosen = np.full(len(targets), -1, dtype=np.int64)
        for shift in range(len(members)):
            idx = np.flatnonzero(pending)
            if len(idx) == 0:
                break
            who = members[(spread[idx] + shift) % len(members)]
            ok = check(who, targets[idx])
            chosen[idx[ok]] = who[ok]
            pending[idx[ok]] = False
        got = ~pending
        visited[targets[got]] = True
        parent[targets[got]] = chosen[got]
        reached.append(targets[got])
    return np.concatenate(reached) if reached else np.zeros(0, dtype=np.int64)


class Scanner:
    """Exact scores of every allowed pair, a block of mentees at a time, never all at once.

    Blocks follow the candidate generator's layout (mentees grouped by class, mentors by UTC
    offset, so a block under a time-zone rule touches only the mentors within reach). A block
    holds float32 scores with ``-inf`` on disallowed pairs; ``reduce`` turns it into whatever
    a pass keeps.
    """

    def __init__(self, gen: TopKGenerator) -> None:
        self.gen = gen
        scorer = gen.scorer
        e = scorer.expectations
        q = max(e.count, 1)
        inv = scorer.inv_total.astype(np.float32)[:, None]
        self.text_left: np.ndarray | sp.csr_matrix | None = None
        self.text_right: np.ndarray | None = None
        if scorer.w_goals > 0 and not scorer.text.empty:
            if scorer.dense:
                assert isinstance(scorer.mentee_text, np.ndarray)
                assert isinstance(scorer.mentor_text, np.ndarray)
                self.text_left = scorer.mentee_text * (np.float32(scorer.w_goals) * inv)
                self.text_right = np.ascontiguousarray(scorer.mentor_text.T[:, gen.perm])
            else:
                self.text_left = (
                    sp.diags(inv.ravel() * scorer.w_goals) @ scorer.text.mentees
                ).tocsr()
                self.text_right = (
                    scorer.text.mentors.T.tocsc()[:, gen.perm].toarray().astype(np.float32)
                )
        self.e_left = ((e.mentee * np.float32(scorer.w_expect / q)) * inv).astype(np.float32)
        self.e_right = np.ascontiguousarray(e.mentor.T[:, gen.perm]).astype(np.float32)
        self.min_score = gen.cohort.instance.rules.min_score

    def _block(self, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        gen = self.gen
        rows = gen.order[positions]
        lo, hi = gen._column_range(rows)
        if hi <= lo:
            return rows, np.zeros((len(rows), 0), np.float32), np.zeros(0, np.int64)
        block = self.score(
            rows,
            np.arange(lo, hi),
            lambda cls: gen._class_vector(cls)[lo:hi],
            # Views of the mentors in reach: a contiguous run needs no copy.
            text_right=None if self.text_right is None else self.text_right[:, lo:hi],
            e_right=self.e_right[:, lo:hi],
        )
        return rows, block, gen.perm[lo:hi]

    def score(
        self,
        rows: np.ndarray,
        cols: np.ndarray,
        class_vector: Callable[[int], np.ndarray],
        *,
        text_right: np.ndarray | None = None,
        e_right: np.ndarray | None = None,
    ) -> np.ndarray:
        """Scores of mentees ``rows`` against mentor columns ``cols`` (positions in the
        generator's mentor order, in any order): float32, within ``SCAN_TOLERANCE`` of the
        exact ones, ``-inf`` where a rule forbids the pair.

        Rows of one class are best kept together: ``class_vector(c)`` (class ``c``'s
        additive vector over ``cols``) is then added once per run. ``text_right`` and
        ``e_right`` are the right-hand factors over ``cols`` where the caller keeps them
        gathered (by default they are gathered here).
        """
        gen = self.gen
        block = np.empty((len(rows), len(cols)), dtype=np.float32)
        if len(rows) == 0 or len(cols) == 0:
            return block
        if self.text_left is not None and self.text_right is not None:
            right = self.text_right[:, cols] if text_right is None else text_right
            left = self.text_left[rows]
            if sp.issparse(left):
                block[:] = left @ right
            else:
                np.matmul(left, right, out=block)
            np.maximum(block, 0.0, out=block)
        else:
            block.fill(0.0)
        if self.e_left.shape[1]:
            block += self.e_left[rows] @ (self.e_right[:, cols] if e_right is None else e_right)
        classes = gen.class_of[rows]
        bounds = np.flatnonzero(np.diff(classes)) + 1
        for a, b in zip(np.r_[0, bounds], np.r_[bounds, len(rows)], strict=True):
            block[a:b] += class_vector(int(classes[a]))
        self._pair_entries(block, rows, cols)
        if gen.chain_in_blocks:
            block[~gen.constraints.block_chain(rows, gen.perm[cols])] = -np.inf
        if self.min_score > 0:
            block[block < np.float32(self.min_score) - np.float32(SCAN_TOLERANCE)] = -np.inf
        return block

    def _pair_entries(self, block: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> None:
        """Stated preferences' points and forbidden pairs, on the block's own entries."""
        gen = self.gen
        positions = gen.position[rows]
        sorter = None if bool(np.all(cols[1:] >= cols[:-1])) else np.argsort(cols)
        for pos, col, add in (
            (gen.pref_pos, gen.pref_col, gen.pref_add),
            (gen.ex_pos, gen.ex_col, None),
        ):
            # Each row's entries are looked up on their own: rows may lie anywhere.
            first = np.searchsorted(pos, positions)
            counts = np.searchsorted(pos, positions + 1) - first
            if not counts.any():
                continue
            idx = np.repeat(first, counts) + within(counts)
            r = np.repeat(np.arange(len(rows)), counts)
            wanted = col[idx]
            k = np.minimum(np.searchsorted(cols, wanted, sorter=sorter), len(cols) - 1)
            if sorter is not None:
                k = sorter[k]
            hit = cols[k] == wanted
            if not hit.any():
                continue
            if add is None:
                block[r[hit], k[hit]] = -np.inf
            else:
                block[r[hit], k[hit]] += add[idx[hit]]

    def scan_pairs(
        self,
        reduce: Callable[
            [np.ndarray, np.ndarray, np.ndarray], tuple[float, np.ndarray, np.ndarray]
        ],
        progress: ProgressFn | None = None,
    ) -> tuple[float, np.ndarray, np.ndarray]:
        """Sum of each block's figure, with the (mentee, mentor) pairs the blocks picked."""
        total = 0.0
        found_e: list[np.ndarray] = [np.zeros(0, np.int64)]
        found_m: list[np.ndarray] = [np.zeros(0, np.int64)]
        for part, e, m in self.scan(reduce, progress=progress):
            total += part
            found_e.append(e)
            found_m.append(m)
        return total, np.concatenate(found_e), np.concatenate(found_m)

    def scan(
        self,
        reduce: Callable[[np.ndarray, np.ndarray, np.ndarray], T],
        mentees: np.ndarray | None = None,
        progress: ProgressFn | None = None,
    ) -> Iterator[T]:
        """``reduce(rows, block, mentor_columns)`` over the blocks of ``mentees`` (default all)."""
        from threadpoolctl import threadpool_limits

        gen = self.gen
        n = gen.cohort.n_mentees
        if mentees is None:
            positions = np.arange(n, dtype=np.int64)
        else:
            positions = np.sort(gen.position[np.asarray(mentees, dtype=np.int64)])
        # Rows per block so that a block stays within the generator's element budget even
        # when it spans every mentor.
        step = gen.block_rows
        chunks = [positions[s : s + step] for s in range(0, len(positions), step)]

        def work(chunk: np.ndarray) -> T:
            rows, block, cols = self._block(chunk)
            return reduce(rows, block, cols)

        done = 0
        # One block per core, each with single-threaded BLAS, as in candidate generation.
        with threadpool_limits(limits=1), ThreadPoolExecutor(max_workers=gen.workers) as pool:
            for chunk, out in zip(chunks, pool.map(work, chunks), strict=True):
                done += len(chunk)
                if progress:
                    progress(done, len(positions))
                yield out


@dataclass(slots=True)
class Shortlists:
    """Each mentee's best mentors over the full graph, from one complete scan.

    ``floor[i]`` bounds every mentor off mentee ``i``'s list (``-inf`` when the list holds
    every allowed mentor), so a mentee holding at least ``floor[i]`` can only block with a
    mentor on the list. Scores are the scan's float32 values.
    """

    mentor: np.ndarray
    score: np.ndarray
    floor: np.ndarray


@dataclass(slots=True)
class BlockingScan:
    # Each scanned mentee's best score over the full graph, summed (a bound on any matching's
    # total when every mentee was scanned).
    best_sum: float
    # Each mentee's best score over the full graph as the float32 blocks give it; ``-inf`` for
    # mentees left out of the scan.
    best: np.ndarray
    mentee: np.ndarray
    mentor: np.ndarray
    shortlists: Shortlists | None = None


def _pick_blocking(
    rows: np.ndarray, margin: np.ndarray, cols: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Up to ``BLOCKING_PER_MENTEE`` mentors per row whose margin is positive within float32
    rounding, widest first. ``cols`` maps margin columns to mentors: one row of mentors shared
    by every row, or one per row."""
    empty = np.zeros(0, dtype=np.int64)
    picked_e: list[np.ndarray] = [empty]
    picked_m: list[np.ndarray] = [empty]
    index = np.arange(len(rows))
    tol = np.float32(SCAN_TOLERANCE)
    # A few per mentee: one pair added per round would take many rounds to settle when each
    # new pair displaces someone else.
    for _ in range(BLOCKING_PER_MENTEE):
        if margin.shape[1] == 0:
            break
        arg = margin.argmax(axis=1)
        value = margin[index, arg]
        keep = value > -tol
        if not keep.any():
            break
        picked_e.append(rows[keep])
        picked_m.append(cols[arg[keep]] if cols.ndim == 1 else cols[index[keep], arg[keep]])
        margin[index, arg] = -np.inf
    return np.concatenate(picked_e), np.concatenate(picked_m)


def _margin(values: np.ndarray, mine32: np.ndarray, worst32: np.ndarray) -> np.ndarray:
    """How far each pair clears what both sides hold (``values`` against ``mine32`` per row
    and ``worst32`` per entry); ``-inf`` for disallowed pairs.

    Exact ties come out within float32 rounding of zero, so ranking by the margin puts any
    pair that truly blocks ahead of a mere tie.
    """
    with np.errstate(invalid="ignore"):
        margin = values - worst32
        np.minimum(margin, values - mine32[:, None], out=margin)
    margin[~np.isfinite(values)] = -np.inf
    return margin


def blocking_scan(
    scanner: Scanner,
    mine: np.ndarray,
    worst: np.ndarray,
    progress: ProgressFn | None = None,
    mentees: np.ndarray | None = None,
    shortlist: bool = False,
) -> BlockingScan:
    """Each mentee's best score over the full graph, and a few blocking pairs per mentee.

    ``mine[i]`` is what mentee ``i`` holds (``-inf`` if nothing) and ``worst[j]`` the least a
    mentor would give up (``-inf`` with a free place, ``inf`` for a mentor who takes no one
    more). For each mentee the mentors with the widest margin over both holdings are kept when
    the margin is positive within float32 rounding; the caller confirms them with exact
    scores, so the rounding margin only lets through pairs that are then dropped. ``mentees``
    restricts the scan (default: all); ``shortlist`` also keeps each mentee's best mentors.
    """
    mine32 = mine.astype(np.float32)
    worst32 = worst.astype(np.float32)
    empty = np.zeros(0, dtype=np.int64)
    n = len(mine)
    # Room for the kept runs and the last, shorter run.
    width = (SHORTLIST_RUNS + 1) * SHORTLIST_RUN if shortlist else 0
    lists = Shortlists(
        np.full((n, width), -1, dtype=np.int64),
        np.full((n, width), -np.inf, dtype=np.float32),
        np.full(n, -np.inf, dtype=np.float32),
    )

    def reduce(
        rows: np.ndarray, block: np.ndarray, cols: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        if block.shape[1] == 0:
            return rows, np.full(len(rows), -np.inf, np.float32), empty, empty
        best = block.max(axis=1)
        if width:
            _shortlist(lists, rows, block, cols)
        margin = _margin(block, mine32[rows], worst32[cols][None, :])
        e, j = _pick_blocking(rows, margin, cols)
        return rows, best, e, j

    best_all = np.full(n, -np.inf, dtype=np.float32)
    found_e: list[np.ndarray] = [empty]
    found_m: list[np.ndarray] = [empty]
    for rows, best, e, j in scanner.scan(reduce, mentees=mentees, progress=progress):
        best_all[rows] = best
        found_e.append(e)
        found_m.append(j)
    positive = np.maximum(best_all, 0.0).astype(np.float64)
    # float32 rounding of each positive term is covered so the sum stays an upper bound.
    best_sum = float(positive.sum() + SCAN_TOLERANCE * np.count_nonzero(positive > 0))
    return BlockingScan(
        best_sum,
        best_all,
        np.concatenate(found_e),
        np.concatenate(found_m),
        lists if shortlist else None,
    )


def _shortlist(lists: Shortlists, rows: np.ndarray, block: np.ndarray, cols: np.ndarray) -> None:
    """Fill ``lists`` for ``rows`` from their block.

    A full top-k partition of every row would cost more than the scan itself. Runs of
    consecutive columns are cheap to reduce to their maxima instead; the best few runs are
    listed whole (with the last, shorter run), and the next-best run's maximum bounds every
    column left off.
    """
    nb, width = block.shape
    run, keep = SHORTLIST_RUN, SHORTLIST_RUNS
    full = width // run
    if full <= keep:
        listed = np.broadcast_to(np.arange(width), (nb, width))
    else:
        # Elementwise maxima of strided views: several times faster than reducing a short
        # inner axis of a reshaped block.
        run_max = block[:, 0 : full * run : run].copy()
        for offset in range(1, run):
            np.maximum(run_max, block[:, offset : full * run : run], out=run_max)
        order = np.argpartition(run_max, full - keep - 1, axis=1)
        next_best = order[:, full - keep - 1]
        lists.floor[rows] = run_max[np.arange(nb), next_best]
        top = order[:, full - keep :]
        listed = (top[:, :, None] * run + np.arange(run)).reshape(nb, keep * run)
        if width > full * run:
            rest = np.broadcast_to(np.arange(full * run, width), (nb, width - full * run))
            listed = np.concatenate([listed, rest], axis=1)
    size = listed.shape[1]
    lists.mentor[rows, :size] = cols[listed]
    lists.score[rows, :size] = np.take_along_axis(block, listed, axis=1)


def shortlist_blocking(
    lists: Shortlists, mentees: np.ndarray, mine: np.ndarray, worst: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Blocking pairs of ``mentees`` among their shortlisted mentors, picked as a scan would.

    Only valid for mentees holding at least their list's floor (see :func:`needs_scan`)."""
    cols = lists.mentor[mentees]
    values = lists.score[mentees]
    worst32 = np.where(cols >= 0, worst.astype(np.float32)[np.maximum(cols, 0)], np.inf)
    margin = _margin(values, mine.astype(np.float32)[mentees], worst32)
    return _pick_blocking(mentees, margin, cols)


def could_block(mine: np.ndarray, best: np.ndarray) -> np.ndarray:
    """Mentees who might still be in a blocking pair: those holding less than their best
    score over the full graph. A mentee who holds at least that prefers no mentor to what
    they have, so no pair of theirs can block."""
    return np.flatnonzero(mine < best.astype(np.float64) + SCAN_TOLERANCE)


def needs_scan(lists: Shortlists, mentees: np.ndarray, mine: np.ndarray) -> np.ndarray:
    """Which of ``mentees`` hold less than their shortlist's floor: a mentor off their list
    could block with them, so they need a scan over every mentor."""
    return mine[mentees] < lists.floor[mentees].astype(np.float64) + SCAN_TOLERANCE


def full_degrees(classes: FeasibilityClasses, check: PairCheck, mentees: np.ndarray) -> np.ndarray:
    """How many mentors each of ``mentees`` may be paired with on the full graph."""
    constraints = classes.constraints
    mentees = np.asarray(mentees, dtype=np.int64)
    out = np.zeros(len(mentees), dtype=np.int64)
    if len(mentees) == 0 or classes.cohort.n_mentors == 0:
        return out
    if check.min_score > 0 or not constraints.chain_listed:
        # Scores or a pathological org chart decide pair by pair: one row per mentee.
        for position, i in enumerate(mentees.tolist()):
            targets = np.flatnonzero(classes.mask(int(classes.mentee_class[i])))
            out[position] = int(check(np.full(len(targets), i), targets).sum())
        return out
    cls = classes.mentee_class[mentees]
    for c in np.unique(cls).tolist():
        out[cls == c] = int(classes.mask(c).sum())
    ex_e, ex_m = constraints.exclusion_pairs()
    where = np.full(classes.cohort.n_mentees, -1, dtype=np.int64)
    where[mentees] = np.arange(len(mentees))
    sel = where[ex_e] >= 0
    ex_e, ex_m = ex_e[sel], ex_m[sel]
    ex_cls = classes.mentee_class[ex_e]
    for c in np.unique(ex_cls).tolist():
        part = ex_cls == c
        inside = classes.mask(c)[ex_m[part]]
        np.subtract.at(out, where[ex_e[part][inside]], 1)
    return out


def held(
    graph: CandidateGraph, assignment: Assignment, cohort: Cohort
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What each mentee holds, each mentor's load, and the least score each mentor holds."""
    n, m = cohort.n_mentees, cohort.n_mentors
    arc = assignment.arc
    mine = np.full(n, -np.inf)
    matched = arc >= 0
    mine[matched] = graph.score[arc[matched]]
    used = arc[matched]
    load = np.bincount(graph.mentor[used], minlength=m)
    least = np.full(m, np.inf)
    np.minimum.at(least, graph.mentor[used], graph.score[used])
    return mine, load, least
