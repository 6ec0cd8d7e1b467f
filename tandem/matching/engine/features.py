"""The score: a documented weighted mean of components, each between 0 and 1.

=================  ==========================================================================
component          meaning
=================  ==========================================================================
goals              cosine similarity of the mentee's goals and wanted skills with the
                   mentor's expertise, skills and background (TF-IDF over stemmed words,
                   word pairs and canonical skills; LSA-reduced for large cohorts)
expectations       mean agreement over the structured answers both sides give (frequency,
                   format, style, focus areas, ...); a question only one side answered
                   counts as neutral (0.5)
preferences        1 for the mentee's first choice, falling linearly to 1/n for the n-th of
                   n ranked mentors, 0 for a mentor not ranked; only for mentees who ranked
cross_department   1 when both departments are known and differ, else 0
junior_mentor      1 when the mentor is deeper in the org chart than the mentee (more
                   managers above them), else 0: reverse mentoring's preference for a
                   mentor earlier in their career
=================  ==========================================================================

``score = sum(w_c * component_c) / sum(w_c)`` over the components that apply to the mentee,
so every score stays in [0, 1] whatever the weights.

Two ways to evaluate it share one definition: :meth:`Scorer.pair_scores` computes exact
scores for lists of pairs, and :meth:`Scorer.block_matrices` gives the factors whose product
is the linear part of the score for a block of mentees against every mentor (the candidate
generator adds the preference and department terms and the masks itself).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from .cohort import Cohort
from .model import AnswerValue, Instance, Weights
from .text import TextModel, fit_text_model, reduce_dimensions

# Pairs scored at a time when a call asks for millions (about 2 MiB per float64 column).
PAIR_CHUNK = 1 << 18
# Ordinal scales: neighbouring answers are closer than distant ones.
ORDINAL_SCALES: dict[str, tuple[tuple[str, ...], ...]] = {
    "frequency": (
        ("weekly", "every week", "once a week"),
        ("fortnightly", "biweekly", "every two weeks", "every other week", "twice a month"),
        ("monthly", "every month", "once a month"),
        ("bimonthly", "every two months", "every other month"),
        ("quarterly", "every quarter", "every three months"),
    ),
}

DENSE_THRESHOLD = 20_000
DENSE_COMPONENTS = 64


def normalise_answer(value: str) -> str:
    return " ".join(value.lower().replace("-", " ").replace("_", " ").split())


def _values(answer: AnswerValue | None) -> tuple[str, ...]:
    if answer is None:
        return ()
    if isinstance(answer, str):
        return (normalise_answer(answer),)
    return tuple(dict.fromkeys(normalise_answer(v) for v in answer))


@dataclass(slots=True)
class ExpectationModel:
    """Structured answers as vectors whose dot product is the summed per-question agreement.

    For each question with answer vocabulary V, a mentee row holds ``K[a, :]`` (its answers'
    rows of the similarity kernel, averaged) and a flag "answered"; a mentor row holds the
    indicator of its answer and ``-0.5 * answered``; a shared constant column carries
    ``0.5 * Q``. The dot product is then ``sum_q agreement_q`` with 0.5 for questions only one
    side answered.
    """

    questions: list[str]
    mentee: np.ndarray
    mentor: np.ndarray
    # Per question: each person's answer code and the agreement table between codes, for
    # exact scores by look-up instead of gathering whole rows.
    mentee_codes: list[np.ndarray]
    mentor_codes: list[np.ndarray]
    tables: list[np.ndarray]

    @property
    def count(self) -> int:
        return len(self.questions)


# Per ordinal question: each normalised answer's position on its scale.
ORDINAL_POSITIONS: dict[str, dict[str, int]] = {
    question: {normalise_answer(v): pos for pos, names in enumerate(scale) for v in names}
    for question, scale in ORDINAL_SCALES.items()
}


STRUCTURED_QUESTIONS = frozenset({"frequency", "format", "style", "focus_areas"})


def _is_structured(
    question: str,
    mentee_answers: Sequence[dict[str, AnswerValue]],
    mentor_answers: Sequence[dict[str, AnswerValue]],
) -> bool:
    """Whether a question has fixed answers worth comparing for equality.

    Free-text answers ("How would you define mentoring?") almost never repeat word for word,
    so comparing them would only add noise; a question counts as structured when it is one of
    the known ones or its answers repeat (at most 50 distinct values, or half as many as there
    are answers).
    """
    if question in STRUCTURED_QUESTIONS:
        return True
    values: list[AnswerValue] = [
        a[question] for a in (*mentee_answers, *mentor_answers) if question in a
    ]
    distinct = {_values(v) for v in values}
    return len(distinct) <= 50 or len(distinct) <= len(values) // 2


def fit_expectations(
    mentee_answers: Sequence[dict[str, AnswerValue]],
    mentor_answers: Sequence[dict[str, AnswerValue]],
) -> ExpectationModel:
    questions = [
        q
        for q in sorted(
            {q for a in mentee_answers for q in a} | {q for a in mentor_answers for q in a}
        )
        if _is_structured(q, mentee_answers, mentor_answers)
    ]
    n, m = len(mentee_answers), len(mentor_answers)
    mentee_blocks: list[np.ndarray] = []
    mentor_blocks: list[np.ndarray] = []
    mentee_codes: list[np.ndarray] = []
    mentor_codes: list[np.ndarray] = []
    tables: list[np.ndarray] = []
    for question in questions:
        # Cohorts repeat the same few answers many times: encode each distinct raw answer once
        # and index into that table, rather than normalising every person's answer anew.
        raw_mentee = [a.get(question) for a in mentee_answers]
        raw_mentor = [a.get(question) for a in mentor_answers]
        distinct: dict[AnswerValue | None, int] = {None: 0}
        mentee_code = np.array(
            [distinct.setdefault(v, len(distinct)) for v in raw_mentee], dtype=np.int64
        )
        mentor_code = np.array(
            [distinct.setdefault(v, len(distinct)) for v in raw_mentor], dtype=np.int64
        )
        table = list(distinct)
        normalised = [_values(v) for v in table]
        vocab = sorted({v for values in normalised for v in values})
        index = {v: i for i, v in enumerate(vocab)}
        positions = ORDINAL_POSITIONS.get(question, {})
        kernel = np.eye(len(vocab), dtype=np.float32)
        if positions:
            span = max(positions.values()) or 1
            for a in vocab:
                for b in vocab:
                    if a in positions and b in positions:
                        kernel[index[a], index[b]] = 1.0 - abs(positions[a] - positions[b]) / span
        ordinal = bool(positions)
        e_table = np.zeros((len(table), len(vocab) + 1), dtype=np.float32)
        f_table = np.zeros((len(table), len(vocab) + 1), dtype=np.float32)
        for code, values in enumerate(normalised):
            if not values:
                continue
            e_table[code, : len(vocab)] = kernel[[index[v] for v in values]].mean(axis=0)
            e_table[code, -1] = 1.0
            # On an ordinal scale a mentor's several answers would add up past 1; their first
            # answer is taken as the one they mean.
            chosen = values[:1] if ordinal else values
            f_table[code, [index[v] for v in chosen]] = 1.0
            f_table[code, -1] = -0.5
        mentee_blocks.append(e_table[mentee_code])
        mentor_blocks.append(f_table[mentor_code])
        mentee_codes.append(mentee_code)
        mentor_codes.append(mentor_code)
        tables.append((e_table.astype(np.float64) @ f_table.T.astype(np.float64)) + 0.5)
    if questions:
        mentee_blocks.append(np.ones((n, 1), dtype=np.float32))
        mentor_blocks.append(np.full((m, 1), 0.5 * len(questions), dtype=np.float32))
        mentee = np.hstack(mentee_blocks)
        mentor = np.hstack(mentor_blocks)
    else:
        mentee = np.zeros((n, 0), dtype=np.float32)
        mentor = np.zeros((m, 0), dtype=np.float32)
    return ExpectationModel(
        questions=questions,
        mentee=mentee,
        mentor=mentor,
        mentee_codes=mentee_codes,
        mentor_codes=mentor_codes,
        tables=tables,
    )


def mentee_document(goals: str, skills_wanted: Sequence[str]) -> str:
    return " . ".join([goals, *skills_wanted])


def mentor_document(expertise: str, skills: Sequence[str], background: str) -> str:
    return " . ".join([expertise, *skills, background])


def fit_cohort_text(instance: Instance) -> TextModel:
    """The text model of every mentee's goals and every mentor's expertise."""
    return fit_text_model(*cohort_documents(instance))


def cohort_documents(instance: Instance) -> tuple[list[str], list[str]]:
    return (
        [mentee_document(m.goals, m.skills_wanted) for m in instance.mentees],
        [mentor_document(m.expertise, m.skills, m.background) for m in instance.mentors],
    )


def projects_text(n_people: int, text: TextModel, dense_threshold: int) -> bool:
    """Whether the scorer works on the text's projection (LSA) rather than its sparse rows."""
    return n_people > dense_threshold and not text.empty


@dataclass(slots=True)
class FittedText:
    """A cohort's text model and, when the scorer will use it, its projection on
    ``components`` dimensions: both worked out on another core (see the pipeline)."""

    model: TextModel
    projected: tuple[np.ndarray, np.ndarray] | None
    components: int


def fit_documents(
    mentee_docs: Sequence[str],
    mentor_docs: Sequence[str],
    *,
    dense_threshold: int = DENSE_THRESHOLD,
    components: int = DENSE_COMPONENTS,
) -> FittedText:
    model = fit_text_model(mentee_docs, mentor_docs)
    projected = None
    if projects_text(len(mentee_docs) + len(mentor_docs), model, dense_threshold):
        projected = reduce_dimensions(model, components)
    return FittedText(model, projected, components)


class Scorer:
    """Scores of (mentee, mentor) pairs under the programme's weights."""

    def __init__(
        self,
        cohort: Cohort,
        weights: Weights,
        *,
        dense_threshold: int = DENSE_THRESHOLD,
        components: int = DENSE_COMPONENTS,
        text: Callable[[], FittedText | None] | None = None,
    ) -> None:
        """``text``, when given, gives the text model being fitted elsewhere (or None when
        that failed); it is asked once the answers are encoded."""
        self.cohort = cohort
        inst = cohort.instance
        self.expectations = fit_expectations(
            [m.answers for m in inst.mentees], [m.answers for m in inst.mentors]
        )
        fitted = text() if text is not None else None
        self.text: TextModel = fitted.model if fitted is not None else fit_cohort_text(inst)
        # A component nobody in the cohort can be measured on would only shift every score by
        # the same amount and hide the ones that differ; it drops out.
        w_goals = weights.goals if not self.text.empty else 0.0
        w_expect = weights.expectations if self.expectations.count else 0.0
        if w_goals + w_expect == 0:
            w_goals = w_expect = 0.0
        self.w_goals = w_goals
        self.w_expect = w_expect
        self.w_pref = weights.preferences
        self.w_cross = weights.cross_department
        self.w_junior = weights.junior_mentor
        has_prefs = cohort.pref_count > 0
        total = (
            w_goals
            + w_expect
            + self.w_cross
            + self.w_junior
            + np.where(has_prefs, self.w_pref, 0.0)
        )
        total[total == 0] = 1.0
        self.inv_total = (1.0 / total).astype(np.float64)

        self.dense = projects_text(cohort.n_mentees + cohort.n_mentors, self.text, dense_threshold)
        self.mentee_text: np.ndarray | sp.csr_matrix
        self.mentor_text: np.ndarray | sp.csr_matrix
        if self.dense:
            if (
                fitted is not None
                and fitted.projected is not None
                and fitted.components == components
            ):
                self.mentee_text, self.mentor_text = fitted.projected
            else:
                self.mentee_text, self.mentor_text = reduce_dimensions(self.text, components)
        else:
            self.mentee_text, self.mentor_text = self.text.mentees, self.text.mentors

        # Preference values, looked up by pair key.
        c = cohort
        counts = c.pref_count[c.pref_mentee]
        values = 1.0 - (c.pref_rank - 1) / np.maximum(counts, 1)
        keys = c.pair_keys(c.pref_mentee, c.pref_mentor)
        order = np.argsort(keys)
        self.pref_keys = keys[order]
        self.pref_values = values[order].astype(np.float64)

    # -- exact pair scores ------------------------------------------------------------------

    def goals_component(self, mentee: np.ndarray, mentor: np.ndarray) -> np.ndarray:
        if self.text.empty:
            return np.zeros(len(mentee))
        out = np.empty(len(mentee), dtype=np.float64)
        step = 200_000
        for start in range(0, len(mentee), step):
            a = mentee[start : start + step]
            b = mentor[start : start + step]
            if self.dense:
                assert isinstance(self.mentee_text, np.ndarray)
                assert isinstance(self.mentor_text, np.ndarray)
                dots = np.einsum("ij,ij->i", self.mentee_text[a], self.mentor_text[b])
            else:
                left = self.mentee_text[a]
                right = self.mentor_text[b]
                dots = np.asarray(left.multiply(right).sum(axis=1)).ravel()
            out[start : start + step] = dots
        return np.clip(out, 0.0, 1.0)

    def expectations_component(self, mentee: np.ndarray, mentor: np.ndarray) -> np.ndarray:
        q = self.expectations.count
        if q == 0:
            return np.full(len(mentee), 0.5)
        e = self.expectations
        total = np.zeros(len(mentee))
        for codes_a, codes_b, table in zip(e.mentee_codes, e.mentor_codes, e.tables, strict=True):
            total += table[codes_a[mentee], codes_b[mentor]]
        return np.clip(total / q, 0.0, 1.0)

    def preferences_component(self, mentee: np.ndarray, mentor: np.ndarray) -> np.ndarray:
        out = np.zeros(len(mentee))
        if len(self.pref_keys) == 0:
            return out
        keys = self.cohort.pair_keys(mentee, mentor)
        pos = np.searchsorted(self.pref_keys, keys)
        pos = np.minimum(pos, len(self.pref_keys) - 1)
        hit = self.pref_keys[pos] == keys
        out[hit] = self.pref_values[pos[hit]]
        return out

    def cross_department_component(self, mentee: np.ndarray, mentor: np.ndarray) -> np.ndarray:
        a = self.cohort.mentee_dept[mentee]
        b = self.cohort.mentor_dept[mentor]
        return ((a >= 0) & (b >= 0) & (a != b)).astype(np.float64)

    def junior_mentor_component(self, mentee: np.ndarray, mentor: np.ndarray) -> np.ndarray:
        c = self.cohort
        return (c.depth[c.mentor_person[mentor]] > c.depth[c.mentee_person[mentee]]).astype(
            np.float64
        )

    def components(self, mentee: np.ndarray, mentor: np.ndarray) -> dict[str, np.ndarray]:
        mentee = np.asarray(mentee, dtype=np.int64)
        mentor = np.asarray(mentor, dtype=np.int64)
        return {
            "goals": self.goals_component(mentee, mentor),
            "expectations": self.expectations_component(mentee, mentor),
            "preferences": self.preferences_component(mentee, mentor),
            "cross_department": self.cross_department_component(mentee, mentor),
            "junior_mentor": self.junior_mentor_component(mentee, mentor),
        }

    def pair_scores(self, mentee: np.ndarray, mentor: np.ndarray) -> np.ndarray:
        mentee = np.asarray(mentee, dtype=np.int64)
        mentor = np.asarray(mentor, dtype=np.int64)
        if len(mentee) <= 2 * PAIR_CHUNK:
            return self._combine(mentee, mentor, self.components(mentee, mentor))
        # Millions of pairs (a candidate graph): cache-sized chunks on both cores, each
        # pair's arithmetic the same, so the scores are too.
        from threadpoolctl import threadpool_limits

        def chunk(start: int) -> np.ndarray:
            part = slice(start, start + PAIR_CHUNK)
            e, j = mentee[part], mentor[part]
            return self._combine(e, j, self.components(e, j))

        workers = min(2, os.cpu_count() or 1)
        with threadpool_limits(limits=1), ThreadPoolExecutor(max_workers=workers) as pool:
            return np.concatenate(list(pool.map(chunk, range(0, len(mentee), PAIR_CHUNK))))

    def block_scores(self, mentees: np.ndarray) -> np.ndarray:
        """Exact scores of ``mentees`` against every mentor, as a dense block.

        The same formula as :meth:`pair_scores`; only the goals component is computed as one
        matrix product, because gathering the text rows pair by pair costs far more when every
        pair of a block is wanted.
        """
        rows = np.asarray(mentees, dtype=np.int64)
        m = self.cohort.n_mentors
        mentee = np.repeat(rows, m)
        mentor = np.tile(np.arange(m, dtype=np.int64), len(rows))
        if self.text.empty:
            goals = np.zeros(len(mentee))
        else:
            product = self.mentee_text[rows] @ self.mentor_text.T
            if sp.issparse(product):
                product = product.toarray()
            goals = np.clip(np.asarray(product, dtype=np.float64).ravel(), 0.0, 1.0)
        parts = {
            "goals": goals,
            "expectations": self.expectations_component(mentee, mentor),
            "preferences": self.preferences_component(mentee, mentor),
            "cross_department": self.cross_department_component(mentee, mentor),
            "junior_mentor": self.junior_mentor_component(mentee, mentor),
        }
        return self._combine(mentee, mentor, parts).reshape(len(rows), m)

    def _combine(
        self, mentee: np.ndarray, mentor: np.ndarray, parts: dict[str, np.ndarray]
    ) -> np.ndarray:
        total = self.w_goals * parts["goals"] + self.w_expect * parts["expectations"]
        has_prefs = self.cohort.pref_count[mentee] > 0
        total += np.where(has_prefs, self.w_pref * parts["preferences"], 0.0)
        total += self.w_cross * parts["cross_department"]
        if self.w_junior:
            total += self.w_junior * parts["junior_mentor"]
        return np.clip(total * self.inv_total[mentee], 0.0, 1.0)

    # -- blocks -----------------------------------------------------------------------------

    def block_matrices(self) -> tuple[np.ndarray | sp.csr_matrix, np.ndarray | sp.csc_matrix]:
        """``(left, right)`` with ``left[rows] @ right`` = the goals+expectations part of the score.

        The mentee side is pre-scaled by the weights and the mentee's weight total, so the
        product needs no further arithmetic per pair.
        """
        e = self.expectations
        q = max(e.count, 1)
        scale = self.inv_total.astype(np.float32)[:, None]
        if self.dense:
            assert isinstance(self.mentee_text, np.ndarray)
            assert isinstance(self.mentor_text, np.ndarray)
            left = np.hstack(
                [
                    self.mentee_text * np.float32(self.w_goals),
                    e.mentee * np.float32(self.w_expect / q),
                ]
            )
            right = np.hstack([self.mentor_text, e.mentor])
            return (left * scale).astype(np.float32), np.ascontiguousarray(right.T)
        left_s = sp.hstack(
            [
                self.text.mentees * self.w_goals,
                sp.csr_matrix(e.mentee * np.float32(self.w_expect / q)),
            ]
        ).tocsr()
        left_s = (sp.diags(scale.ravel()) @ left_s).tocsr().astype(np.float32)
        right_s = sp.hstack([self.text.mentors, sp.csr_matrix(e.mentor)]).tocsr()
        return left_s, right_s.T.tocsc().astype(np.float32)
