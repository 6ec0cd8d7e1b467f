"""Candidate graphs: which (mentee, mentor) pairs the solvers may use, with their scores.

Three sources, in order of preference:

* supplied scores: exactly the listed pairs that pass the rules;
* small cohorts: every allowed pair (the candidate graph *is* the full graph);
* large cohorts: a streamed, two-sided top-k. Mentees are processed in blocks against every
  mentor (one matrix product per block), masked, and only each mentee's top ``k`` and each
  mentor's top ``k_mentor`` survive. Memory is bounded by the block and the survivors; the
  full mentees x mentors matrix never exists.

Selecting the top-k cheaply matters as much as the matrix product: a full partition of every
row would cost more than the product itself. Columns are split into strided groups and
rows into row groups; the k-th largest group maximum is a lower bound on the k-th largest
entry, so only the few groups whose maximum reaches it are gathered and examined.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from .cohort import Cohort
from .constraints import Constraints
from .features import Scorer
from .solvers.base import ranks_within

ProgressFn = Callable[[int, int], None]

FULL_GRAPH_LIMIT = 4_000_000
BLOCK_ELEMENTS = 16_000_000
COLUMN_GROUPS = 128
ROW_GROUP = 16
NOISE_DIMS = 4
NOISE_SCALE = 2e-5
# Largest mentor-side factor (features x mentors) held dense for the sparse text model.
DENSE_RIGHT_ELEMENTS = 32_000_000
# Elements of the text product clipped at a time (fits the cache with room to spare).
CLIP_SLICE_ELEMENTS = 1 << 20
# Memory for class vectors kept between passes (see ``TopKGenerator._class_vector``).
CLASS_VECTOR_CACHE_BYTES = 32 << 20
# Margin of a block's float32 scores against the exact (float64) score of the same pair, for
# the off-graph bound: a product over a hundred-odd features rounds by a few 1e-6 at most.
OFF_GRAPH_TOLERANCE = 1e-5


@dataclass(slots=True)
class CandidateGraph:
    mentee: np.ndarray
    mentor: np.ndarray
    score: np.ndarray
    complete: bool
    source: str
    # The streamed generator behind a top-k graph, kept so later passes over the full graph
    # reuse its prepared blocks.
    generator: TopKGenerator | None = None
    # One per mentee: an upper bound on the exact score of every allowed pair of that mentee
    # NOT in the graph (-inf when there is none). None when no such bound was recorded.
    off_graph_bound: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.mentee)


def _sorted_unique(
    cohort: Cohort, mentee: np.ndarray, mentor: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    m = max(cohort.n_mentors, 1)
    keys = unique_sorted(cohort.pair_keys(mentee, mentor))
    return keys // m, keys % m


def unique_sorted(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values; a plain sort beats ``np.unique``'s hashing on large int arrays."""
    values = np.sort(values)
    if len(values) == 0:
        return values
    return values[np.r_[True, values[1:] != values[:-1]]]


def from_scores(cohort: Cohort, constraints: Constraints) -> CandidateGraph:
    scores = cohort.instance.scores or []
    mentee = np.array([cohort.mentee_index[a] for a, _, _ in scores], dtype=np.int64)
    mentor = np.array([cohort.mentor_index[b] for _, b, _ in scores], dtype=np.int64)
    value = np.array([s for _, _, s in scores], dtype=np.float64)
    keep = constraints.pair_allowed(mentee, mentor) & (value >= cohort.instance.rules.min_score)
    order = np.lexsort((mentor[keep], mentee[keep]))
    return CandidateGraph(
        mentee[keep][order], mentor[keep][order], value[keep][order], True, "supplied scores"
    )


def full_graph(
    cohort: Cohort,
    constraints: Constraints,
    scorer: Scorer,
    progress: ProgressFn | None = None,
) -> CandidateGraph:
    n, m = cohort.n_mentees, cohort.n_mentors
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    rows_per_chunk = max(1, 2_000_000 // max(m, 1))
    for start in range(0, n, rows_per_chunk):
        rows = np.arange(start, min(n, start + rows_per_chunk), dtype=np.int64)
        mask = constraints.block_allowed(rows)
        r, c = np.nonzero(mask)
        mentee = rows[r]
        mentor = c.astype(np.int64)
        score = scorer.pair_scores(mentee, mentor)
        keep = score >= cohort.instance.rules.min_score
        parts.append((mentee[keep], mentor[keep], score[keep]))
        if progress:
            progress(min(n, start + rows_per_chunk), n)
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return CandidateGraph(empty, empty, np.zeros(0), True, "all allowed pairs")
    return CandidateGraph(
        np.concatenate([p[0] for p in parts]),
        np.concatenate([p[1] for p in parts]),
        np.concatenate([p[2] for p in parts]),
        True,
        "all allowed pairs",
    )


@dataclass(slots=True)
class _BlockResult:
    rows: np.ndarray
    cols: np.ndarray
    vals: np.ndarray
    col_rows: np.ndarray
    col_cols: np.ndarray
    col_vals: np.ndarray
    lo: int = 0
    group_top: np.ndarray | None = None
    # Per row of the block: a bound on the block value of every pair the row side left out.
    left_out: np.ndarray | None = None


class TopKGenerator:
    """Streamed two-sided top-k over every allowed pair; see the module docstring.

    Mentor columns are ordered by UTC offset and mentee rows by class (offset first), so that
    under a maximum time-zone gap each block of mentees only needs the contiguous range of
    mentors within reach: the product, the masks and the selection all skip the rest.
    """

    def __init__(
        self,
        cohort: Cohort,
        constraints: Constraints,
        scorer: Scorer,
        *,
        k: int = 24,
        k_mentor: int = 12,
        workers: int | None = None,
        block_elements: int = BLOCK_ELEMENTS,
    ) -> None:
        self.cohort = cohort
        self.constraints = constraints
        self.scorer = scorer
        self.k = k
        self.k_mentor = k_mentor
        self.workers = workers or min(2, os.cpu_count() or 1)
        m = cohort.n_mentors
        self.max_groups = max(min(COLUMN_GROUPS, m), k)
        self.m_pad = -(-m // self.max_groups) * self.max_groups
        rows = max(ROW_GROUP * max(k_mentor, 2), block_elements // max(self.m_pad, 1))
        # No bigger than the cohort: a block is filled and scanned whole, so a programme of
        # 30 would otherwise pay for (and hold) blocks sized for hundreds of thousands.
        rows = min(rows, -(-cohort.n_mentees // ROW_GROUP) * ROW_GROUP)
        self.block_rows = max(ROW_GROUP, rows // ROW_GROUP * ROW_GROUP)
        self.row_groups = self.block_rows // ROW_GROUP
        rules = cohort.instance.rules
        self.gap = rules.max_timezone_gap_hours
        # The block holds the linear part of the score, which can sit a little below the exact
        # score (negative text cosines are clipped only in the exact score); the floor leaves
        # room for that, and the exact score decides in the end.
        self.floor = np.float32(rules.min_score - 0.05 if rules.min_score > 0 else -1e30)

        tz = cohort.mentor_tz
        unknown = np.isnan(tz)
        # Mentors with no known offset are within reach of everyone: they go first, and every
        # range starts at column 0 when there are any.
        self.perm = np.concatenate(
            [
                np.flatnonzero(unknown),
                np.flatnonzero(~unknown)[np.argsort(tz[~unknown], kind="stable")],
            ]
        )
        self.inv_perm = np.empty(m, dtype=np.int64)
        self.inv_perm[self.perm] = np.arange(m)
        self.n_unknown_tz = int(unknown.sum())
        self.sorted_tz = tz[self.perm][self.n_unknown_tz :]

        left, right = scorer.block_matrices()
        rng = np.random.default_rng(12345)
        # Tiny random low-rank noise breaks ties between equal scores differently for each
        # mentee, so that a cohort with many equal scores does not pile every mentee's top-k
        # onto the same few mentors. It only steers selection: kept pairs are rescored exactly.
        noise_left = (rng.standard_normal((cohort.n_mentees, NOISE_DIMS)) * NOISE_SCALE).astype(
            np.float32
        )
        noise_right = (rng.standard_normal((NOISE_DIMS, m)) / np.sqrt(NOISE_DIMS)).astype(
            np.float32
        )
        # |noise| of a pair is at most |noise_left_e| * max_j |noise_right_j| (Cauchy-Schwarz);
        # the off-graph bound adds it back.
        self.noise_bound = np.linalg.norm(noise_left.astype(np.float64), axis=1) * float(
            np.linalg.norm(noise_right.astype(np.float64), axis=0).max(initial=0.0)
        )
        # Filled by run(): per mentee, a noisy block value that every pair the row side left
        # out lies below (-inf for a mentee with no allowed pair).
        self.row_cut = np.full(cohort.n_mentees, -np.inf, dtype=np.float32)
        # The exact score clips negative text cosines to zero, which a single product cannot
        # do. The reduced (LSA) text model has negative cosines, so its text columns (the
        # first ``text_dims``) get a product of their own, clipped, before the rest is added:
        # every block value is then the exact score up to the noise and float32 rounding,
        # which is what makes the off-graph bound an upper bound. TF-IDF cosines are never
        # negative and need no clip.
        self.text_dims = 0
        self.exact_blocks = True
        if scorer.w_goals > 0 and not scorer.text.empty:
            if scorer.dense:
                self.text_dims = int(scorer.mentee_text.shape[1])
            else:
                mentees_text, mentors_text = scorer.text.mentees, scorer.text.mentors
                negative = (mentees_text.nnz and mentees_text.data.min() < 0) or (
                    mentors_text.nnz and mentors_text.data.min() < 0
                )
                self.exact_blocks = not negative
        self.left: np.ndarray | sp.csr_matrix
        self.right: np.ndarray | sp.csc_matrix
        if isinstance(left, np.ndarray):
            assert isinstance(right, np.ndarray)
            self.left = np.ascontiguousarray(np.hstack([left, noise_left]))
            self.right = np.ascontiguousarray(np.vstack([right, noise_right])[:, self.perm])
        else:
            self.left = sp.hstack([left, sp.csr_matrix(noise_left)]).tocsr()
            right_s = sp.vstack([right, sp.csc_matrix(noise_right)]).tocsc()[:, self.perm]
            # The structured answers fill every entry of the product, so sparse times sparse
            # builds a dense result the slow way; sparse times a dense mentor factor is several
            # times faster, and the factor is small (its rows are the text vocabulary).
            if right_s.shape[0] * right_s.shape[1] <= DENSE_RIGHT_ELEMENTS:
                self.right = np.ascontiguousarray(right_s.toarray(), dtype=np.float32)
            else:
                self.right = right_s
        self.chain_in_blocks = not constraints.chain_listed
        # Candidate generation and every later pass over the full graph ask for the same class
        # vectors: the first few thousand are kept (read-only) rather than built again.
        self._class_vectors: dict[int, np.ndarray] = {}
        self._class_vector_room = CLASS_VECTOR_CACHE_BYTES // max(4 * m, 1)
        self._prepare_classes()
        self._prepare_sparse_terms()

    # -- preparation --------------------------------------------------------------------------

    def _prepare_classes(self) -> None:
        c = self.cohort
        rules = c.instance.rules
        n = c.n_mentees
        cols: list[np.ndarray] = []
        if self.gap is not None:
            # Offsets first, as sortable integers (quarter hours), so blocks share a range.
            quarter = np.where(np.isnan(c.mentee_tz), 10_000, np.rint(c.mentee_tz * 4) + 1_000)
            cols.append(quarter.astype(np.uint64)[:, None])
            cols.append(np.where(np.isnan(c.mentee_tz), 0.0, c.mentee_tz).view(np.uint64)[:, None])
        if rules.require_shared_language:
            cols.append(c.mentee_lang)
        if rules.exclude_same_department or self.scorer.w_cross > 0:
            cols.append(c.mentee_dept.astype(np.int64).view(np.uint64)[:, None])
        if self.scorer.w_junior > 0:
            # The junior-mentor bonus depends on the mentee's depth in the org chart.
            cols.append(c.depth[c.mentee_person].astype(np.uint64)[:, None])
        if self.scorer.w_cross > 0 or self.scorer.w_junior > 0:
            cols.append(self.scorer.inv_total.view(np.uint64)[:, None])
        if cols:
            key = np.hstack(cols)
            order = np.lexsort(key.T[::-1])
            changed = np.any(key[order][1:] != key[order][:-1], axis=1)
            labels = np.concatenate([[0], np.cumsum(changed)])
            self.class_of = np.empty(n, dtype=np.int64)
            self.class_of[order] = labels
        else:
            self.class_of = np.zeros(n, dtype=np.int64)
        self.order = np.argsort(self.class_of, kind="stable")
        self.position = np.empty(n, dtype=np.int64)
        self.position[self.order] = np.arange(n)
        self.class_representative: dict[int, int] = {}
        for cls, mentee in zip(self.class_of[self.order], self.order, strict=True):
            self.class_representative.setdefault(int(cls), int(mentee))

    def _prepare_sparse_terms(self) -> None:
        c = self.cohort
        ex_e, ex_m = self.constraints.exclusion_pairs()
        order = np.argsort(self.position[ex_e], kind="stable")
        self.ex_pos = self.position[ex_e][order]
        self.ex_col = self.inv_perm[ex_m[order]]
        s = self.scorer
        if s.w_pref > 0 and len(c.pref_mentee):
            values = s.preferences_component(c.pref_mentee, c.pref_mentor)
            add = s.w_pref * values * s.inv_total[c.pref_mentee]
            order = np.argsort(self.position[c.pref_mentee], kind="stable")
            self.pref_pos = self.position[c.pref_mentee][order]
            self.pref_col = self.inv_perm[c.pref_mentor[order]]
            self.pref_add = add[order].astype(np.float32)
        else:
            self.pref_pos = np.zeros(0, dtype=np.int64)
            self.pref_col = np.zeros(0, dtype=np.int64)
            self.pref_add = np.zeros(0, dtype=np.float32)

    def _class_vector(self, cls: int, mentors: np.ndarray | None = None) -> np.ndarray:
        """Mask, department and junior-mentor bonuses for one class, over mentor columns in
        sorted order, or over ``mentors`` (ids, in that order) when given."""
        if mentors is None:
            kept = self._class_vectors.get(cls)
            if kept is not None:
                return kept
        c = self.cohort
        mentee = self.class_representative[cls]
        pick = self.perm if mentors is None else mentors
        allowed = self.constraints.class_mask(self.constraints.mentee_class(mentee), mentee, pick)
        bonus = np.zeros(len(pick), dtype=np.float32)
        if self.scorer.w_cross > 0 and c.mentee_dept[mentee] >= 0:
            dept = c.mentor_dept[pick]
            differ = (dept >= 0) & (dept != c.mentee_dept[mentee])
            bonus = (differ * (self.scorer.w_cross * self.scorer.inv_total[mentee])).astype(
                np.float32
            )
        if self.scorer.w_junior > 0:
            deeper = c.depth[c.mentor_person[pick]] > c.depth[c.mentee_person[mentee]]
            bonus += (deeper * (self.scorer.w_junior * self.scorer.inv_total[mentee])).astype(
                np.float32
            )
        vector = np.where(allowed, bonus, -np.inf).astype(np.float32)
        if mentors is None and len(self._class_vectors) < self._class_vector_room:
            vector.flags.writeable = False
            self._class_vectors[cls] = vector
        return vector

    def _column_range(self, rows: np.ndarray) -> tuple[int, int]:
        m = self.cohort.n_mentors
        if self.gap is None:
            return 0, m
        offsets = self.cohort.mentee_tz[rows]
        if np.isnan(offsets).any():
            return 0, m
        lo = int(np.searchsorted(self.sorted_tz, offsets.min() - self.gap - 1e-9, side="left"))
        hi = int(np.searchsorted(self.sorted_tz, offsets.max() + self.gap + 1e-9, side="right"))
        if self.n_unknown_tz:
            return 0, self.n_unknown_tz + hi
        return lo, hi

    # -- one block ------------------------------------------------------------------------------

    def _block(
        self,
        start: int,
        group_top: np.ndarray,
        buffer: np.ndarray,
        spare: np.ndarray | None = None,
    ) -> _BlockResult:
        stop = min(start + self.block_rows, self.cohort.n_mentees)
        rows = self.order[start:stop]
        nb = stop - start
        lo, hi = self._column_range(rows)
        width = hi - lo
        empty = np.zeros(0, dtype=np.int64)
        if width <= 0:
            return _BlockResult(
                empty, empty, np.zeros(0, np.float32), empty, empty, np.zeros(0, np.float32)
            )
        G = max(min(self.max_groups, width), 1)
        g = -(-width // G)
        w_pad = g * G
        s = buffer.reshape(-1)[: self.block_rows * w_pad].reshape(self.block_rows, w_pad)
        if isinstance(self.left, np.ndarray) and self.text_dims:
            t = self.text_dims
            inner = s[:nb, :width]
            np.matmul(self.left[rows, t:], self.right[t:, lo:hi], out=inner)
            text_left = self.left[rows, :t]
            text_right = self.right[:t, lo:hi]
            # The text product a slice of rows at a time, clipped and added while the slice
            # is still in cache: whole-block passes would triple the memory traffic.
            step = max(1, CLIP_SLICE_ELEMENTS // max(width, 1))
            text = spare if spare is not None else np.empty(step * width, np.float32)
            for a in range(0, nb, step):
                b = min(nb, a + step)
                part = text.reshape(-1)[: (b - a) * width].reshape(b - a, width)
                np.matmul(text_left[a:b], text_right, out=part)
                np.maximum(part, 0.0, out=part)
                inner[a:b] += part
        elif isinstance(self.left, np.ndarray):
            np.matmul(self.left[rows], self.right[:, lo:hi], out=s[:nb, :width])
        elif isinstance(self.right, np.ndarray):
            s[:nb, :width] = self.left[rows] @ self.right[:, lo:hi]
        else:
            s[:nb, :width] = (self.left[rows] @ self.right[:, lo:hi]).toarray()
        s[:nb, width:] = -np.inf
        s[nb:] = -np.inf
        classes = self.class_of[rows]
        bounds = np.flatnonzero(np.diff(classes)) + 1
        starts = np.concatenate([[0], bounds])
        stops = np.concatenate([bounds, [nb]])
        for a, b in zip(starts, stops, strict=True):
            s[a:b, :width] += self._class_vector(int(classes[a]))[lo:hi]
        for pos, col, add in ((self.pref_pos, self.pref_col, self.pref_add),):
            i, j = np.searchsorted(pos, [start, stop])
            inside = (col[i:j] >= lo) & (col[i:j] < hi)
            if inside.any():
                s[pos[i:j][inside] - start, col[i:j][inside] - lo] += add[i:j][inside]
        i, j = np.searchsorted(self.ex_pos, [start, stop])
        inside = (self.ex_col[i:j] >= lo) & (self.ex_col[i:j] < hi)
        if inside.any():
            s[self.ex_pos[i:j][inside] - start, self.ex_col[i:j][inside] - lo] = -np.inf
        if self.chain_in_blocks:
            chain_ok = self.constraints.block_chain(rows, self.perm[lo:hi])
            s[:nb, :width][~chain_ok] = -np.inf

        # Row side: strided column groups.
        k = min(self.k, G)
        s3 = s.reshape(self.block_rows, g, G)
        group_max = _group_max(s3[:nb])
        t_row = np.partition(group_max, G - k, axis=1)[:, G - k]
        t_row = np.maximum(t_row, self.floor)
        qb, qr = np.nonzero(group_max >= t_row[:, None])
        vals = s3[qb, :, qr]
        hit_i, hit_j = np.nonzero(vals >= t_row[qb][:, None])
        rows_out = qb[hit_i]
        cols_out = hit_j * G + qr[hit_i]
        vals_out = vals[hit_i, hit_j]
        rows_out, cols_out, vals_out, cut = _top_per_group_with_cut(
            rows_out, cols_out, vals_out, 2 * self.k, n_groups=nb
        )
        # A pair the row side left out sits under the row's threshold or was cut from the top.
        left_out = np.maximum(t_row, cut)

        # Column side: row groups. The k'-th largest row-group maximum seen so far (over this
        # and earlier blocks) is a lower bound on each mentor's k'-th best score, so entries
        # under it can never make that mentor's top-k'.
        Gr = self.row_groups
        kc = self.k_mentor
        new_top: np.ndarray | None = None
        col_rows = col_cols = np.zeros(0, dtype=np.int64)
        col_vals = np.zeros(0, dtype=np.float32)
        # With no mentor side asked for (stable mode: its lists are refilled from the row
        # side's floor, and mentor-side pairs would only add entries under it) this is skipped.
        if kc > 0:
            s3r = s.reshape(Gr, ROW_GROUP, w_pad)
            rg_max = s3r.max(axis=1)[:, :width]
            new_top = _merge_top(group_top[:, lo:hi], rg_max)
            t_col = np.maximum(new_top.min(axis=0), self.floor)
            qg, qc = np.nonzero(rg_max >= t_col[None, :])
            cvals = s3r[qg, :, qc]
            ci, cj = np.nonzero(cvals >= t_col[qc][:, None])
            col_rows = start + qg[ci] * ROW_GROUP + cj
            col_cols = lo + qc[ci]
            col_vals = cvals[ci, cj]
        return _BlockResult(
            rows=start + rows_out,
            cols=lo + cols_out,
            vals=vals_out,
            col_rows=col_rows,
            col_cols=col_cols,
            col_vals=col_vals,
            lo=lo,
            group_top=new_top,
            left_out=left_out,
        )

    # -- driver ---------------------------------------------------------------------------------

    def run(self, progress: ProgressFn | None = None) -> CandidateGraph:
        from threadpoolctl import threadpool_limits

        c = self.cohort
        n, m = c.n_mentees, c.n_mentors
        kc = self.k_mentor
        group_top = np.full((kc, m), -np.inf, dtype=np.float32)
        # Mentees whose block reaches no mentor keep -inf: they have no allowed pair at all.
        left_out = np.full(n, -np.inf)
        row_parts: list[tuple[np.ndarray, np.ndarray]] = []
        col_parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        buffers = [
            np.empty((self.block_rows, self.m_pad), dtype=np.float32) for _ in range(self.workers)
        ]
        # Room for a slice of the clipped text product, reused block after block.
        spares: list[np.ndarray | None] = [
            np.empty(CLIP_SLICE_ELEMENTS + self.m_pad, dtype=np.float32) if self.text_dims else None
            for _ in range(self.workers)
        ]
        free = list(range(self.workers))
        done = 0
        # Each worker runs single-threaded BLAS; two blocks in flight keep both cores busy
        # through the masking and selection steps too, not just the matrix product.
        with threadpool_limits(limits=1), ThreadPoolExecutor(max_workers=self.workers) as pool:
            pending: list[tuple[Future[_BlockResult], int, int, int]] = []
            queue = list(range(0, n, self.block_rows))
            while queue or pending:
                while queue and free:
                    slot = free.pop()
                    start = queue.pop(0)
                    future = pool.submit(
                        self._block, start, group_top.copy(), buffers[slot], spares[slot]
                    )
                    pending.append((future, slot, min(self.block_rows, n - start), start))
                future, slot, size, begin = pending.pop(0)
                result = future.result()
                free.append(slot)
                if result.left_out is not None:
                    left_out[self.order[begin : begin + size]] = result.left_out
                row_parts.append((result.rows, result.cols))
                col_parts.append((result.col_rows, result.col_cols, result.col_vals))
                if result.group_top is not None:
                    lo = result.lo
                    hi = lo + result.group_top.shape[1]
                    group_top[:, lo:hi] = _merge_top(group_top[:, lo:hi], result.group_top)
                done += size
                if progress:
                    progress(done, n)
        # Mentor side: each mentor's exact top-k' among everything that passed the bounds.
        col_rows = np.concatenate([p[0] for p in col_parts])
        col_cols = np.concatenate([p[1] for p in col_parts])
        col_vals = np.concatenate([p[2] for p in col_parts])
        col_cols, col_rows, col_vals = _top_per_group(col_cols, col_rows, col_vals, kc)
        rows_all = np.concatenate([*(p[0] for p in row_parts), col_rows])
        cols_all = np.concatenate([*(p[1] for p in row_parts), col_cols])
        in_range = cols_all < m
        mentee = self.order[rows_all[in_range].astype(np.int64)]
        mentor = self.perm[cols_all[in_range].astype(np.int64)]
        # Stated preferences are always worth a look, whatever the text says.
        mentee = np.concatenate([mentee, c.pref_mentee])
        mentor = np.concatenate([mentor, c.pref_mentor])
        mentee, mentor = _sorted_unique(c, mentee, mentor)
        allowed = self.constraints.pair_allowed(mentee, mentor)
        mentee, mentor = mentee[allowed], mentor[allowed]
        score = self.scorer.pair_scores(mentee, mentor)
        keep = score >= c.instance.rules.min_score
        # Stable mode's refills read the same cut (fullstable.generation_floor).
        self.row_cut = left_out.astype(np.float32)
        # The mentor side and the stated preferences only add pairs, so what the row side left
        # out bounds every pair missing from the graph.
        off_graph = left_out + self.noise_bound + OFF_GRAPH_TOLERANCE
        if not self.exact_blocks:
            off_graph = np.where(np.isfinite(left_out), np.inf, -np.inf)
        return CandidateGraph(
            mentee[keep],
            mentor[keep],
            score[keep],
            False,
            "two-sided top-k",
            off_graph_bound=off_graph,
        )


def _merge_top(top: np.ndarray, more: np.ndarray) -> np.ndarray:
    """Per column, the ``len(top)`` largest values of ``top`` and ``more`` together.

    Only the columns where ``more`` beats the least of ``top`` are partitioned: once a few
    blocks have gone by, most mentors' top-k' no longer changes, and partitioning along the
    first axis is the column side's largest cost.
    """
    kc = len(top)
    changed = np.flatnonzero(more.max(axis=0) > top.min(axis=0))
    merged = top.copy()
    if len(changed):
        both = np.concatenate([top[:, changed], more[:, changed]])
        merged[:, changed] = np.partition(both, len(both) - kc, axis=0)[-kc:]
    return merged


def _group_max(s3: np.ndarray) -> np.ndarray:
    """``s3.max(axis=1)``, a third of the time: numpy reduces a middle axis column by column,
    with a cache miss per element, where an element-wise maximum over its slices streams."""
    out = s3[:, 0, :].copy()
    for r in range(1, s3.shape[1]):
        np.maximum(out, s3[:, r, :], out=out)
    return out


def _top_per_group(
    group: np.ndarray, other: np.ndarray, value: np.ndarray, limit: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Keep the ``limit`` best values for each group id; output sorted by group, best first."""
    order = np.lexsort((-value, group))
    group, other, value = group[order], other[order], value[order]
    keep = ranks_within(group) < limit
    return group[keep], other[keep], value[keep]


def _top_per_group_with_cut(
    group: np.ndarray, other: np.ndarray, value: np.ndarray, limit: int, n_groups: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`_top_per_group`, and for each group id below ``n_groups`` the largest value it
    dropped (``-inf`` when it dropped none).

    When no group has more than ``limit`` entries nothing is dropped and the entries come back
    as they are, in their own order: the row side of a block usually passes a little over
    ``k`` entries per row against a limit of ``2 k``, and sorting them would only cost time.
    """
    if len(group) == 0 or np.bincount(group).max() <= limit:
        return group, other, value, np.full(n_groups, -np.inf, dtype=np.float32)
    order = np.lexsort((-value, group))
    group, other, value = group[order], other[order], value[order]
    keep = ranks_within(group) < limit
    cut = np.full(n_groups, -np.inf, dtype=np.float32)
    if len(group) == 0:
        return group, other, value, cut
    # Sorted best first within each group, the first dropped entry is the largest dropped.
    first_dropped = ~keep & np.r_[True, keep[:-1] | (group[1:] != group[:-1])]
    cut[group[first_dropped]] = value[first_dropped]
    return group[keep], other[keep], value[keep], cut


def build_candidates(
    cohort: Cohort,
    constraints: Constraints,
    scorer: Scorer | None,
    *,
    k: int = 24,
    k_mentor: int = 12,
    full_graph_limit: int = FULL_GRAPH_LIMIT,
    progress: ProgressFn | None = None,
) -> CandidateGraph:
    if cohort.instance.scores is not None:
        return from_scores(cohort, constraints)
    assert scorer is not None
    if cohort.n_mentees * cohort.n_mentors <= full_graph_limit:
        return full_graph(cohort, constraints, scorer, progress)
    generator = TopKGenerator(cohort, constraints, scorer, k=k, k_mentor=k_mentor)
    graph = generator.run(progress)
    graph.generator = generator
    return graph
