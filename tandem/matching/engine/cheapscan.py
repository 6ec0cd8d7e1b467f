"""The pricing pass's scan, restricted to the pairs whose reduced cost can be positive.

The bound's row for mentee ``i`` is ``max(0, max_j s_ij - v_j - lam)`` over every allowed
mentor. The candidate graph gives its part over the graph's pairs (``own_u``); for a pair
missing from the graph, ``s_ij <= t_i`` (the graph's ``off_graph_bound``), so

    s_ij - v_j - lam <= t_i - v_j - lam <= own_u_i   whenever   v_j >= t_i - own_u_i - lam.

Only mentors priced below that threshold ``theta_i`` can raise the row, or carry a pair
worth adding. Mentors sorted by price, mentee ``i`` needs the cheapest ``c_i`` of them, and
mentees sorted by ``c_i`` share prefixes of that order: each block of mentees is scored
exactly against one prefix. On the 100,000-mentee benchmark cohorts that is about 5% of the
pairs a full pass scores (12% at 10,000); the row terms are the full pass's, and so are the
mentees it finds a pair worth adding for.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from .candidates import BLOCK_ELEMENTS
from .fullgraph import SCAN_TOLERANCE, Scanner

ProgressFn = Callable[[int, int], None]
# Rows per block at most, so that a narrow prefix does not gather a block of many thousand
# rows (whose text rows alone would outweigh the product).
MAX_BLOCK_ROWS = 4096
# Pairs with a positive reduced cost kept per mentee and round.
PAIRS_PER_MENTEE = 3
# Consecutive width tiers differ by this factor.
WIDTH_STEP = 1.25


def mentors_needed(
    off_graph_bound: np.ndarray, own_u: np.ndarray, prices: np.ndarray, shift: float
) -> tuple[np.ndarray, np.ndarray]:
    """Mentors in price order, and how many of the cheapest each mentee needs scanned."""
    order = np.argsort(prices, kind="stable")
    theta = off_graph_bound - own_u - shift
    return order, np.searchsorted(prices[order], theta, side="left")


class _Masks:
    """Each class's additive vector (0 allowed, -inf not) over the mentors in price order,
    computed once per scan: a block holds many classes, and a class's full mask costs a pass
    over every mentor where the block needs only its own columns."""

    def __init__(self, scanner: Scanner) -> None:
        self.gen = scanner.gen
        scorer = self.gen.scorer
        # Department and org-chart bonuses make a class's vector more than its mask.
        self.masks_only = scorer.w_cross == 0 and scorer.w_junior == 0
        self.cache: dict[object, np.ndarray] = {}

    def vector(self, cls: int, cols: np.ndarray) -> np.ndarray:
        gen = self.gen
        if not self.masks_only:
            return gen._class_vector(cls)[cols]
        rep = gen.class_representative[cls]
        key = gen.constraints.mentee_class(rep)
        mask = self.cache.get(key)
        if mask is None:
            mask = gen.constraints.class_mask(key, rep)[gen.perm]
            self.cache[key] = mask
        return np.where(mask[cols], np.float32(0.0), np.float32(-np.inf))


def cheap_pricing_scan(
    scanner: Scanner,
    off_graph_bound: np.ndarray,
    prices: np.ndarray,
    shift: float,
    own_u: np.ndarray,
    progress: ProgressFn | None = None,
) -> tuple[float, np.ndarray, np.ndarray, int]:
    """``sum_i max(0, max_j s_ij - v_j - lam)`` over every mentee and allowed mentor, the
    pairs to add (as :func:`.pricing.pricing_scan` picks them), and the pairs scored."""
    from threadpoolctl import threadpool_limits

    n = len(own_u)
    order, need = mentors_needed(off_graph_bound, own_u, prices, shift)
    # Rows that need no mentor are their candidate-graph term, exact in float64.
    rows_sum = float(own_u[need == 0].sum())
    busy = np.flatnonzero(need > 0)
    # Widths rounded up to a ladder of tiers, and mentees of one tier ordered by class: a
    # block then holds a few long runs of one class each (one class vector per run), for at
    # most a quarter more columns than each mentee needs.
    tier = np.ceil(np.log(need[busy]) / np.log(WIDTH_STEP)).astype(np.int64)
    width_of_tier = np.minimum(np.ceil(WIDTH_STEP ** tier.astype(np.float64)), len(prices))
    arranged = np.lexsort((scanner.gen.class_of[busy], -tier))
    busy, widths = busy[arranged], width_of_tier[arranged]
    blocks: list[tuple[np.ndarray, int]] = []
    start = 0
    while start < len(busy):
        width = int(max(widths[start], need[busy[start]]))
        count = max(1, min(MAX_BLOCK_ROWS, BLOCK_ELEMENTS // max(width, 1)))
        # A block stays within one tier.
        stop = int(np.searchsorted(-widths, -widths[start], side="right"))
        stop = min(stop, start + count)
        blocks.append((busy[start:stop], width))
        start = stop
    v = (prices + shift).astype(np.float32)
    u = own_u.astype(np.float32)
    masks = _Masks(scanner)

    def work(item: tuple[np.ndarray, int]) -> tuple[float, np.ndarray, np.ndarray]:
        rows, width = item
        mentors = order[:width]
        cols = scanner.gen.inv_perm[mentors]
        block = scanner.score(rows, cols, lambda cls: masks.vector(cls, cols))
        block -= v[mentors]
        best = block.max(axis=1).astype(np.float64)
        # Each row's term: its graph part or the scanned part (float32 rounding covered).
        term = np.maximum(own_u[rows], best + SCAN_TOLERANCE)
        block -= u[rows][:, None]
        picked_e: list[np.ndarray] = []
        picked_m: list[np.ndarray] = []
        index = np.arange(len(rows))
        # A few per mentee, best first: one pair per round leaves the next round to find
        # the mentor that the first one's taker displaced, and every round costs a solve.
        for _ in range(PAIRS_PER_MENTEE):
            arg = block.argmax(axis=1)
            gain = block[index, arg]
            keep = gain > 1e-6
            if not keep.any():
                break
            picked_e.append(rows[keep])
            picked_m.append(mentors[arg[keep]])
            block[index, arg] = -np.inf
        empty = np.zeros(0, dtype=np.int64)
        return (
            float(term.sum()),
            np.concatenate(picked_e) if picked_e else empty,
            np.concatenate(picked_m) if picked_m else empty,
        )

    found_e: list[np.ndarray] = [np.zeros(0, np.int64)]
    found_m: list[np.ndarray] = [np.zeros(0, np.int64)]
    done = n - len(busy)
    with threadpool_limits(limits=1), ThreadPoolExecutor(max_workers=scanner.gen.workers) as pool:
        for item, (part, e, j) in zip(blocks, pool.map(work, blocks), strict=True):
            rows_sum += part
            found_e.append(e)
            found_m.append(j)
            done += len(item[0])
            if progress:
                progress(done, n)
    scored = int(sum(len(rows) * width for rows, width in blocks))
    return rows_sum, np.concatenate(found_e), np.concatenate(found_m), scored
