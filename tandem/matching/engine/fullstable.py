"""Stable mode made exact on the full graph of allowed pairs, without ever building it.

When both sides rank by the pair score, the stable matching is unique: it is what filling
pairs in descending score order gives (ties broken by mentee, then mentor index), and what
mentee-proposing deferred acceptance gives under the same strict order. Deferred acceptance
reaches it whatever order the proposals come in, and a mentor who would turn a mentee down
now turns them down later too (mentors only ever trade up). So each mentee's list only has to
be right at the top, where they are proposing:

* **Lists with a floor.** Candidate generation gives each mentee their best few mentors and a
  *floor*: a value every pair it left out lies below (its row-side threshold, widened by the
  tie-breaking noise and float32 rounding; in a low-rank text space, where a cosine can come
  out negative and the exact score clips it to zero, also by the most the other components can
  give). A mentee proposes freely while the next mentor on their list scores above their
  floor.
* **Refills.** A mentee whose list runs down to their floor waits; the waiting mentees' rows
  are then scored exactly over the mentors who could still take them (a mentor full with a
  least held score above the floor is left out, and so is one who would refuse the pair
  scored), in blocks, and their best few join the list with a new floor under the rest.
  Refills are deferred until no one else can propose, so each sees the mentors' thresholds as
  high as they have risen, and a mentee who stays unmatched ends with an empty row.
* **A check that does not trust the above.** Only a mentee holding no more than their
  generation floor can block with a pair the final graph lacks, and only with a mentor whose
  least held score is below that floor (or who has a free place). Those rows, over those
  mentors, are scored again, and every blocking pair within the final graph is counted too;
  the sum is the certificate's count of blocking pairs over the full graph.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from .arrays import within
from .candidates import CandidateGraph, TopKGenerator
from .cohort import Cohort
from .features import Scorer
from .fullgraph import SCAN_TOLERANCE, PairCheck, Scanner, held
from .sets import member
from .solvers import Assignment, blocking_pairs
from .solvers.base import ranks_within

ProgressFn = Callable[[int, int], None]

# Margin on bounds read off candidate generation's blocks: float32 products over a few dozen
# terms, with the tie-breaking noise bounded separately.
GENERATION_TOLERANCE = 1e-5
# Mentors added to a mentee's list per refill.
REFILL = 16
# Refills stop before they would score more than this share of the full graph's pairs
# (and at least REFILL_MIN_CELLS). Where most scores tie exactly (every answer from a short
# list), a mentee's floor sits on a run of equal mentors that can only be listed whole, and
# nearly every row would be refilled over nearly every mentor; there the matching is handed,
# stable on the pairs it has, to the repair rounds, whose blocking scans settle ties quickly.
REFILL_BUDGET = 0.25
REFILL_MIN_CELLS = 4_000_000
# Entries of a scored block (8 MiB of float32): rows enough for the matrix product to run at
# full speed, few enough to stay in cache through the passes a block takes.
CACHE_ELEMENTS = 1 << 21
MIN_BLOCK_ROWS = 64
# A row's best few are found among the entries at least the best few of every SAMPLE_STEP-th
# column: a subset's k-th largest is at most the row's.
SAMPLE_STEP = 8
# Waiting mentees are refilled in tiers of similar floors, each over the mentors who could
# take someone of its tier, so that a low tier does not pay for a high one's columns.
TIER_ROWS = 4096


def generation_floor(gen: TopKGenerator) -> np.ndarray:
    """Per mentee, a bound on the exact score of every pair candidate generation left out.

    The row side keeps every entry at or above its threshold; entries are the linear part of
    the score plus noise. Where the text factors can give a negative cosine (the low-rank
    space), the exact score clips it to zero; generation clips it too, and where it cannot, a
    pair left out may score up to what the other components alone can give.
    """
    scorer = gen.scorer
    cut = gen.row_cut.astype(np.float64)
    floor = np.where(cut > -1e29, cut + gen.noise_bound + GENERATION_TOLERANCE, -np.inf)
    # Generation clips the low-rank text product as the exact score does (exact_blocks); only
    # where it could not may a pair left out score what the other components alone give.
    if not gen.exact_blocks and _text_can_be_negative(scorer):
        floor = np.maximum(floor, other_components_bound(scorer) + GENERATION_TOLERANCE)
    return floor


def _text_can_be_negative(scorer: Scorer) -> bool:
    if scorer.w_goals == 0 or scorer.text.empty:
        return False
    if scorer.dense:
        return True
    return bool((scorer.text.mentees.data < 0).any() or (scorer.text.mentors.data < 0).any())


def other_components_bound(scorer: Scorer) -> np.ndarray:
    """Per mentee, the most any pair outside their stated preferences scores from everything
    but the text: expectations (each question's best agreement with any mentor's answer),
    a cross-department and a junior-mentor point when they apply."""
    c = scorer.cohort
    e = scorer.expectations
    if e.count == 0:
        expect = np.full(c.n_mentees, 0.5)
    else:
        total = np.zeros(c.n_mentees)
        for codes_a, codes_b, table in zip(e.mentee_codes, e.mentor_codes, e.tables, strict=True):
            present = np.unique(codes_b)
            total += table[:, present].max(axis=1)[codes_a]
        expect = np.clip(total / e.count, 0.0, 1.0)
    value = scorer.w_expect * expect
    value = value + scorer.w_cross * (c.mentee_dept >= 0)
    value = value + scorer.w_junior
    return np.clip(value * scorer.inv_total, 0.0, 1.0)


class ColumnScorer:
    """Scores (float32, within ``SCAN_TOLERANCE`` of the exact ones) of mentee rows against a
    fixed set of mentors, with ``-inf`` on pairs the rules forbid: a
    :class:`~.fullgraph.Scanner` block restricted to columns.

    ``columns`` are sorted positions in the generator's mentor order; the mentor-side factors
    are gathered once for them, and rows are scored in blocks small enough to stay in cache
    through the several passes a block takes.
    """

    def __init__(self, scanner: Scanner, columns: np.ndarray) -> None:
        self.scanner = scanner
        self.gen = gen = scanner.gen
        self.columns = columns
        self.mentors = gen.perm[columns]
        self.text_right: np.ndarray | None = None
        if scanner.text_left is not None and scanner.text_right is not None:
            self.text_right = np.ascontiguousarray(scanner.text_right[:, columns])
        self.e_right = np.ascontiguousarray(scanner.e_right[:, columns])
        self._class_cache: dict[int, np.ndarray] = {}

    def _class_vector(self, cls: int) -> np.ndarray:
        vector = self._class_cache.get(cls)
        if vector is None:
            vector = self.gen._class_vector(cls, self.mentors)
            self._class_cache[cls] = vector
        return vector

    def block(self, rows: np.ndarray, a: int, b: int) -> np.ndarray:
        """``rows`` (mentees in generator order) against ``columns[a:b]``."""
        return self.scanner.score(
            rows,
            self.columns[a:b],
            lambda cls: self._class_vector(cls)[a:b],
            text_right=None if self.text_right is None else self.text_right[:, a:b],
            e_right=self.e_right[:, a:b],
        )

    def chunks(self, mentees: np.ndarray) -> list[tuple[np.ndarray, int, int]]:
        """``mentees`` in generator order, cut into cache-sized blocks, each with the range of
        ``columns`` in its time-zone reach."""
        gen = self.gen
        rows = gen.order[np.sort(gen.position[mentees])]
        out = []
        s = 0
        while s < len(rows):
            step = max(MIN_BLOCK_ROWS, CACHE_ELEMENTS // max(len(self.columns), 1))
            part = rows[s : s + step]
            lo, hi = gen._column_range(part)
            a, b = (int(x) for x in np.searchsorted(self.columns, [lo, hi]))
            if b - a < len(self.columns) // 2 and len(part) == step:
                # Under a time-zone rule a block reaches only some mentors: take more rows.
                step = max(MIN_BLOCK_ROWS, CACHE_ELEMENTS // max(b - a, 1))
                part = rows[s : s + step]
                lo, hi = gen._column_range(part)
                a, b = (int(x) for x in np.searchsorted(self.columns, [lo, hi]))
            out.append((part, a, b))
            s += len(part)
        return out


T = TypeVar("T")


def _parallel(
    work: Callable[[np.ndarray, int, int], T], chunks: list[tuple[np.ndarray, int, int]]
) -> Iterator[T]:
    """``work`` over the chunks, two at a time with single-threaded BLAS, in order."""
    from threadpoolctl import threadpool_limits

    if len(chunks) <= 2:
        for rows, a, b in chunks:
            yield work(rows, a, b)
        return
    with threadpool_limits(limits=1), ThreadPoolExecutor(max_workers=2) as pool:
        yield from pool.map(lambda chunk: work(*chunk), chunks)


class _Pairs:
    """A growing store of pairs with exact scores; ids are positions in it."""

    def __init__(self, graph: CandidateGraph) -> None:
        size = max(2 * len(graph), 1024)
        self.mentee = np.empty(size, np.int64)
        self.mentor = np.empty(size, np.int64)
        self.score = np.empty(size, np.float64)
        self.size = 0
        self.add(graph.mentee, graph.mentor, graph.score)

    def add(self, mentee: np.ndarray, mentor: np.ndarray, score: np.ndarray) -> np.ndarray:
        need = self.size + len(mentee)
        if need > len(self.mentee):
            grow = max(need, 2 * len(self.mentee))
            for name in ("mentee", "mentor", "score"):
                old = getattr(self, name)
                new = np.empty(grow, old.dtype)
                new[: self.size] = old[: self.size]
                setattr(self, name, new)
        ids = np.arange(self.size, need)
        self.mentee[ids] = mentee
        self.mentor[ids] = mentor
        self.score[ids] = score
        self.size = need
        return ids


@dataclass(slots=True)
class StableOutcome:
    graph: CandidateGraph
    assignment: Assignment
    info: dict[str, float | int | bool | str]


def stable_on_full_graph(
    cohort: Cohort,
    scorer: Scorer,
    graph: CandidateGraph,
    scanner: Scanner,
    floor: np.ndarray,
    progress: ProgressFn | None = None,
) -> StableOutcome:
    """The stable matching over every allowed pair (see the module docstring)."""
    n, m = cohort.n_mentees, cohort.n_mentors
    capacity = cohort.capacity.astype(np.int64)
    gen = scanner.gen
    n_graph = len(graph)
    pairs = _Pairs(graph)
    # Each mentee's list: pair ids from ptr to end are still to be proposed, best first
    # (score, then mentor index); refills write a fresh segment.
    order = _by_mentee(graph.mentee, graph.mentor, graph.score, m)
    lists = np.empty(max(2 * n_graph, 1024), np.int64)
    lists[:n_graph] = order
    used = n_graph
    starts = np.searchsorted(graph.mentee[order], np.arange(n + 1))
    ptr = starts[:-1].copy()
    end = starts[1:].copy()
    bound = floor.astype(np.float64).copy()

    arc_of = np.full(n, -1, np.int64)
    held = np.zeros(0, np.int64)
    held_mentor = np.zeros(0, np.int64)
    worst = np.full(m, -np.inf)
    worst[capacity <= 0] = np.inf
    touched = np.zeros(m, bool)
    refill_flag = np.zeros(n, bool)

    free = np.arange(n, dtype=np.int64)
    waiting: list[np.ndarray] = []
    rounds = refills = refill_rows = refill_cells = 0
    budget = max(REFILL_BUDGET * n * m, REFILL_MIN_CELLS)
    exhausted = False
    settled = 0
    while True:
        if len(free):
            has = ptr[free] < end[free]
            nxt = np.full(len(free), -np.inf)
            nxt[has] = pairs.score[lists[ptr[free[has]]]]
            active = has & (nxt > bound[free])
            stuck = ~active & (bound[free] > -np.inf)
            waiting.append(free[stuck])
            free = free[active]
        if len(free) == 0:
            stalled = np.unique(np.concatenate(waiting)) if waiting else np.zeros(0, np.int64)
            waiting = []
            if len(stalled) == 0:
                break
            if refill_cells + _refill_cells(stalled, bound, worst, capacity) > budget:
                # Past the budget the lists are final: the waiting mentees propose down what
                # they have, and the blocking count afterwards says what that cost.
                exhausted = True
                bound[:] = -np.inf
                free = stalled
                continue
            # Refill: each waiting mentee's row over the mentors who could still take them.
            refills += 1
            refill_flag[stalled] = True
            listed_ids = _listed(pairs, lists, n_graph, starts, stalled, refill_flag)
            refill_flag[stalled] = False
            new_e, new_j, new_bound, cells = _refill(
                scanner, stalled, bound, worst, pairs, listed_ids, capacity
            )
            refill_rows += len(stalled)
            refill_cells += cells
            bound[stalled] = new_bound
            scores = scorer.pair_scores(new_e, new_j)
            ids = pairs.add(new_e, new_j, scores)
            # Each refilled mentee's new list: what was left of the old one and the new pairs.
            left = end[stalled] - ptr[stalled]
            old_ids = lists[np.repeat(ptr[stalled], left) + within(left)]
            merged = np.concatenate([old_ids, ids])
            merged = merged[
                _by_mentee(pairs.mentee[merged], pairs.mentor[merged], pairs.score[merged], m)
            ]
            if used + len(merged) > len(lists):
                grown = np.empty(max(used + len(merged), 2 * len(lists)), np.int64)
                grown[:used] = lists[:used]
                lists = grown
            lists[used : used + len(merged)] = merged
            seg = np.searchsorted(pairs.mentee[merged], stalled)
            seg_end = np.searchsorted(pairs.mentee[merged], stalled, side="right")
            ptr[stalled] = used + seg
            end[stalled] = used + seg_end
            used += len(merged)
            free = stalled
            settled = int(np.count_nonzero(arc_of >= 0))
            if progress:
                progress(settled, n)
            continue
        rounds += 1
        proposals = lists[ptr[free]]
        ptr[free] += 1
        targets = pairs.mentor[proposals]
        touched[targets] = True
        mine = touched[held_mentor]
        pool = np.concatenate([held[mine], proposals])
        rest = held[~mine]
        rest_mentor = held_mentor[~mine]
        touched[targets] = False
        # By mentor, best first, ties by mentee: each mentor's order of preference.
        group = pairs.mentor[pool]
        pool = pool[_by_mentee(group, pairs.mentee[pool], pairs.score[pool], n)]
        group = pairs.mentor[pool]
        rank = ranks_within(group)
        accept = rank < capacity[group]
        kept = pool[accept]
        rejected = pool[~accept]
        held = np.concatenate([rest, kept])
        held_mentor = np.concatenate([rest_mentor, group[accept]])
        arc_of[pairs.mentee[rejected]] = -1
        arc_of[pairs.mentee[kept]] = kept
        # A mentor is full when their last accepted pair fills the last place; its score is
        # the least they hold.
        last = kept[rank[accept] == capacity[group[accept]] - 1]
        worst[pairs.mentor[last]] = pairs.score[last]
        free = pairs.mentee[rejected]
    size = pairs.size
    final = CandidateGraph(
        pairs.mentee[:size].copy(),
        pairs.mentor[:size].copy(),
        pairs.score[:size].copy(),
        False,
        graph.source if size == n_graph else f"{graph.source} + refills",
        gen,
    )
    info: dict[str, float | int | bool | str] = {
        "stable_rounds": rounds,
        "refill_passes": refills,
        "refill_rows": refill_rows,
        "refill_cells": refill_cells,
        "refill_pairs_added": size - n_graph,
        "refill_budget_exhausted": exhausted,
    }
    return StableOutcome(final, Assignment(arc_of, {"rounds": rounds}), info)


def _refill_cells(
    mentees: np.ndarray,
    bound: np.ndarray,
    worst: np.ndarray,
    capacity: np.ndarray,
) -> int:
    """How many pairs a refill of ``mentees`` would score (before time-zone reach)."""
    total = 0
    open_worst = np.sort(np.where(capacity > 0, worst, np.inf))
    for tier in _tiers(mentees, bound):
        ceiling = float(bound[tier].max())
        total += len(tier) * int(np.searchsorted(open_worst, ceiling, side="right"))
    return total


def _by_mentee(mentee: np.ndarray, mentor: np.ndarray, score: np.ndarray, m: int) -> np.ndarray:
    """Order of pairs by mentee, best score first, ties by mentor (or, with the sides swapped,
    by mentor, best first, ties by mentee).

    Scores are replaced by their rank among the distinct scores, so that one integer key
    sorts the three: several times faster than a three-key lexsort on millions of pairs."""
    if len(score) == 0:
        return np.zeros(0, dtype=np.int64)
    by_score = np.argsort(-score)
    ordered = score[by_score]
    dense = np.empty(len(score), dtype=np.int64)
    dense[by_score] = np.concatenate([[0], np.cumsum(ordered[1:] != ordered[:-1])])
    levels = int(dense.max()) + 1
    if (int(mentee.max()) + 1) * levels * max(m, 1) >= 2**62:
        return np.lexsort((mentor, dense, mentee))
    key = (mentee.astype(np.int64) * levels + dense) * max(m, 1) + mentor
    return np.argsort(key)


def _listed(
    pairs: _Pairs,
    lists: np.ndarray,
    n_graph: int,
    starts: np.ndarray,
    mentees: np.ndarray,
    flag: np.ndarray,
) -> np.ndarray:
    """Ids of every pair of ``mentees`` already in the store (``flag`` marks them).

    The first ``n_graph`` entries of ``lists`` are the candidate graph's pairs grouped by
    mentee (``starts``), and refills add pairs past ``n_graph`` in the store."""
    counts = starts[mentees + 1] - starts[mentees]
    from_graph = lists[np.repeat(starts[mentees], counts) + within(counts)]
    extra = np.arange(n_graph, pairs.size)
    extra = extra[flag[pairs.mentee[n_graph : pairs.size]]]
    return np.concatenate([from_graph, extra])


_LOWEST = np.finfo(np.float32).min


def _floor32(values: np.ndarray) -> np.ndarray:
    """``values - SCAN_TOLERANCE`` in float32, with ``-inf`` as the lowest finite float32, so
    that ``block > result`` never holds on a forbidden (``-inf``) entry."""
    out = (values - SCAN_TOLERANCE).astype(np.float32)
    out[~np.isfinite(out) & (out < 0)] = _LOWEST
    return out


def _tiers(mentees: np.ndarray, level: np.ndarray) -> list[np.ndarray]:
    """``mentees`` in tiers of ``TIER_ROWS`` by descending ``level``."""
    ranked = mentees[np.argsort(-level[mentees], kind="stable")]
    return [ranked[s : s + TIER_ROWS] for s in range(0, len(ranked), TIER_ROWS)]


def _top_entries(
    block: np.ndarray, need: np.ndarray, count: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row, column and value of each row's best ``count`` entries above ``need`` (per column),
    best first within a row (rows ascending)."""
    width = block.shape[1]
    # The count-th best of every SAMPLE_STEP-th column is at most the row's count-th best, and
    # few entries reach it: only those are sorted.
    sample = block[:, ::SAMPLE_STEP].copy()
    sample[sample <= need[None, ::SAMPLE_STEP]] = -np.inf
    if sample.shape[1] > count:
        # A sort, not a partition: most entries are -inf, and selection degrades on so many
        # equal values.
        cut = np.maximum(np.sort(sample, axis=1)[:, -count], _LOWEST)
    else:
        cut = np.full(len(block), _LOWEST, np.float32)
    mask = block >= cut[:, None]
    mask &= block > need[None, :]
    flat = np.flatnonzero(mask)
    rows, cols = np.divmod(flat, width)
    values = block.reshape(-1)[flat]
    order = _by_mentee(rows, cols, values, width)
    rows, cols, values = rows[order], cols[order], values[order]
    take = ranks_within(rows) < count
    return rows[take], cols[take], values[take]


def _refill(
    scanner: Scanner,
    mentees: np.ndarray,
    bound: np.ndarray,
    worst: np.ndarray,
    pairs: _Pairs,
    listed_ids: np.ndarray,
    capacity: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """The best ``REFILL`` new mentors of each of ``mentees`` among those who could take them,
    and each one's new floor (in the order of ``mentees``); also the cells scored."""
    gen = scanner.gen
    n, m = len(bound), len(worst)
    new_bound = np.full(n, -np.inf)
    out_e: list[np.ndarray] = [np.zeros(0, np.int64)]
    out_j: list[np.ndarray] = [np.zeros(0, np.int64)]
    cells = 0
    tiers = _tiers(mentees, bound)
    # Listed pairs grouped by their mentee's tier, once for every tier.
    tier_of = np.full(n, -1, np.int64)
    for t, tier in enumerate(tiers):
        tier_of[tier] = t
    listed_tier = tier_of[pairs.mentee[listed_ids]]
    listed_ids = listed_ids[np.argsort(listed_tier, kind="stable")]
    tier_start = np.searchsorted(np.sort(listed_tier), np.arange(len(tiers) + 1))
    for t, tier in enumerate(tiers):
        # A mentor full with a least held score above a mentee's floor refuses every pair of
        # theirs not yet listed, now and later.
        ceiling = float(bound[tier].max())
        cols = np.flatnonzero(((worst <= ceiling) & (capacity > 0))[gen.perm])
        if len(cols) == 0:
            continue
        columns = ColumnScorer(scanner, cols)
        # The least a pair must score for each mentor not to refuse it.
        need = _floor32(worst[columns.mentors])
        col_of = np.full(m, -1, np.int64)
        col_of[columns.mentors] = np.arange(len(cols))
        ids = listed_ids[tier_start[t] : tier_start[t + 1]]
        listed_e, listed_c = pairs.mentee[ids], col_of[pairs.mentor[ids]]
        inside = listed_c >= 0
        listed_e, listed_c = listed_e[inside], listed_c[inside]
        listed_pos = gen.position[listed_e]
        by = np.argsort(listed_pos, kind="stable")
        listed_pos, listed_c = listed_pos[by], listed_c[by]

        def work(
            rows: np.ndarray,
            a: int,
            b: int,
            columns: ColumnScorer = columns,
            need: np.ndarray = need,
            listed_pos: np.ndarray = listed_pos,
            listed_c: np.ndarray = listed_c,
        ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
            block = columns.block(rows, a, b)
            positions = gen.position[rows]
            i, j = np.searchsorted(listed_pos, [positions[0], positions[-1] + 1])
            lr = np.searchsorted(positions, listed_pos[i:j])
            lc = listed_c[i:j] - a
            ok = (lc >= 0) & (lc < b - a)
            block[lr[ok], lc[ok]] = -np.inf
            r, c, v = _top_entries(block, need[a:b], REFILL + 1)
            rank = ranks_within(r)
            cut = np.full(len(rows), -np.inf)
            last = rank == REFILL
            cut[r[last]] = v[last].astype(np.float64) + SCAN_TOLERANCE
            first = ~last
            return rows[r[first]], columns.mentors[a + c[first]], cut

        for (rows, a, b), (e, j, cut) in zip(
            columns.chunks(tier), _parallel(work, columns.chunks(tier)), strict=True
        ):
            cells += len(rows) * (b - a)
            new_bound[rows] = cut
            out_e.append(e)
            out_j.append(j)
    return np.concatenate(out_e), np.concatenate(out_j), new_bound[mentees], cells


def count_blocking(
    cohort: Cohort,
    scorer: Scorer,
    check: PairCheck,
    graph: CandidateGraph,
    assignment: Assignment,
    scanner: Scanner,
    floor: np.ndarray,
    progress: ProgressFn | None = None,
) -> tuple[int, dict[str, float | int | bool | str]]:
    """Blocking pairs of ``assignment`` over every allowed pair, counted afresh.

    Within ``graph`` by its exact scores; outside it, only a mentee holding no more than their
    generation ``floor`` can take part, with a mentor whose least held score is below it or
    who has a free place: those rows are scored over those mentors, and any pair clearing
    both holdings within float32 rounding is confirmed with its exact score and the rules.
    """
    capacity = cohort.capacity
    arc = assignment.arc
    inside = blocking_pairs(arc, graph.mentee, graph.mentor, graph.score, capacity)
    mine, load, worst = held(graph, assignment, cohort)
    worst[load < capacity] = -np.inf
    worst[capacity <= 0] = np.inf
    rows = np.flatnonzero(mine <= floor)
    below = _floor32(mine)
    gen = scanner.gen
    found_e: list[np.ndarray] = [np.zeros(0, np.int64)]
    found_j: list[np.ndarray] = [np.zeros(0, np.int64)]
    cells = 0
    done = 0
    for tier in _tiers(rows, floor):
        ceiling = float(floor[tier].max())
        cols = np.flatnonzero((worst <= ceiling)[gen.perm])
        if len(cols) == 0:
            continue
        columns = ColumnScorer(scanner, cols)
        need = _floor32(worst[columns.mentors])

        def work(
            r: np.ndarray,
            a: int,
            b: int,
            columns: ColumnScorer = columns,
            need: np.ndarray = need,
        ) -> tuple[np.ndarray, np.ndarray]:
            block = columns.block(r, a, b)
            hit = block > need[None, a:b]
            hit &= block > below[r][:, None]
            i, j = np.divmod(np.flatnonzero(hit), b - a)
            return r[i], columns.mentors[a + j]

        chunks = columns.chunks(tier)
        for (r, a, b), (e, j) in zip(chunks, _parallel(work, chunks), strict=True):
            cells += len(r) * (b - a)
            found_e.append(e)
            found_j.append(j)
        done += len(tier)
        if progress:
            progress(done, len(rows))
    e = np.concatenate(found_e)
    j = np.concatenate(found_j)
    keys = cohort.pair_keys(e, j)
    outside_graph = ~member(keys, cohort.pair_keys(graph.mentee, graph.mentor))
    e, j = e[outside_graph], j[outside_graph]
    s = scorer.pair_scores(e, j)
    ok = (s > mine[e]) & (s > worst[j])
    if ok.any():
        ok[ok] = check(e[ok], j[ok])
    outside = int(np.count_nonzero(ok))
    info: dict[str, float | int | bool | str] = {
        "blocking_check_rows": len(rows),
        "blocking_check_cells": int(cells),
        "blocking_pairs_in_graph": int(inside),
        "blocking_pairs_off_graph": outside,
    }
    return inside + outside, info
