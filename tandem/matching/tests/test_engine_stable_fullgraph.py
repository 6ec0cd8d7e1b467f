"""Stable mode above the full-graph limit is the stable matching of the full graph.

When both sides rank by score, the stable matching is the one filling pairs in descending
score order (ties by mentee, then mentor index), over every allowed pair. The full-graph limit
is lowered to nothing so that the streamed candidate path, its lists with floors and their
refills are taken, on small tie-heavy cohorts where the explicit full graph fits: the result
must be that greedy matching exactly, with no blocking pair among all allowed pairs.
"""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.matching.engine import MatchOptions, fullstable, parse_instance, run_match
from tandem.matching.engine.candidates import CandidateGraph
from tandem.matching.engine.fullgraph import PairCheck, Scanner
from tandem.matching.engine.pipeline import Run
from tandem.matching.engine.solvers import Assignment

from .engine_helpers import document
from .test_engine_fullgraph import explicit_full_graph, tie_heavy_cohorts

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def run_on_candidates(doc: dict[str, Any], k: int, dense: bool) -> Run:
    # A dense threshold of 0 puts even a small cohort's text in the low-rank space, where
    # cosines can come out negative and the floors must allow for the clipping.
    # The class path would take tie-heavy cohorts without preferences (test_engine_class_stable).
    options = MatchOptions(
        k=k,
        k_mentor=1,
        full_graph_limit=0,
        dense_threshold=0 if dense else 20_000,
        class_solve=False,
    )
    run = run_match(parse_instance(doc), "stable", options)
    assert not run.graph.complete
    return run


def greedy_by_score(graph: tuple[np.ndarray, ...], capacity: np.ndarray, n: int) -> dict[int, int]:
    """Pairs taken in descending score order, ties by mentee then mentor index."""
    mentee, mentor, score = graph
    taken: dict[int, int] = {}
    load = np.zeros(len(capacity), dtype=np.int64)
    for a in np.lexsort((mentor, mentee, -score)).tolist():
        i, j = int(mentee[a]), int(mentor[a])
        if i not in taken and load[j] < capacity[j]:
            taken[i] = j
            load[j] += 1
    return taken


def brute_force_blocking(graph: tuple[np.ndarray, ...], held: dict[int, int], run: Run) -> int:
    """Allowed pairs whose mentee and mentor both strictly prefer each other, by exact score."""
    mentee, mentor, score = graph
    c = run.cohort
    exact = {(int(e), int(j)): float(s) for e, j, s in zip(mentee, mentor, score, strict=True)}
    mine = {e: exact[(e, j)] for e, j in held.items()}
    holders: dict[int, list[float]] = {}
    for e, j in held.items():
        holders.setdefault(j, []).append(mine[e])
    count = 0
    for (e, j), s in exact.items():
        if held.get(e) == j:
            continue
        mentee_wants = s > mine.get(e, -np.inf)
        full = len(holders.get(j, [])) >= c.capacity[j]
        mentor_wants = s > min(holders[j]) if full else True
        count += mentee_wants and mentor_wants
    return count


def held_by_run(run: Run) -> dict[int, int]:
    c = run.cohort
    return {c.mentee_index[p.mentee]: c.mentor_index[p.mentor] for p in run.result.pairs}


@FAST
@given(
    doc=tie_heavy_cohorts(),
    k=st.sampled_from([1, 2]),
    refill=st.sampled_from([1, 2, 16]),
    dense=st.booleans(),
)
def test_stable_is_the_greedy_matching_of_the_full_graph(
    doc: dict[str, Any], k: int, refill: int, dense: bool
) -> None:
    with patch.object(fullstable, "REFILL", refill):
        run = run_on_candidates(doc, k, dense)
    full = explicit_full_graph(doc, run)
    held = held_by_run(run)
    assert brute_force_blocking(full, held, run) == 0
    assert run.result.certificate["full_graph_blocking_pairs"] == 0
    assert held == greedy_by_score(full, run.cohort.capacity, run.cohort.n_mentees)
    # The bound printed for stable holds on the full graph: no mentee scores more than their
    # best allowed pair.
    mentee, _, score = full
    best = np.zeros(run.cohort.n_mentees)
    np.maximum.at(best, mentee, score)
    assert run.result.upper_bound >= best.sum() - 1e-6


@FAST
@given(doc=tie_heavy_cohorts(), dense=st.booleans(), seed=st.integers(0, 2**32 - 1))
def test_the_blocking_count_is_a_real_count(doc: dict[str, Any], dense: bool, seed: int) -> None:
    # Any assignment, stable or not, gets the number of blocking pairs a brute-force check of
    # every allowed pair finds.
    run = run_on_candidates(doc, 1, dense)
    c = run.cohort
    assert run.scorer is not None
    full = explicit_full_graph(doc, run)
    mentee, mentor, _ = full
    rng = np.random.default_rng(seed)
    held: dict[int, int] = {}
    load = np.zeros(c.n_mentors, dtype=np.int64)
    for a in rng.permutation(len(mentee)).tolist():
        i, j = int(mentee[a]), int(mentor[a])
        if i not in held and load[j] < c.capacity[j] and rng.random() < 0.5:
            held[i] = j
            load[j] += 1
    graph = run.graph
    index = {
        (int(e), int(j)): a for a, (e, j) in enumerate(zip(graph.mentee, graph.mentor, strict=True))
    }
    # Held pairs the candidate graph lacks join it, as a refill would add them.
    missing = [(i, j) for i, j in held.items() if (i, j) not in index]
    if missing:
        add_e = np.array([p[0] for p in missing], dtype=np.int64)
        add_j = np.array([p[1] for p in missing], dtype=np.int64)
        index.update({pair: len(graph) + n for n, pair in enumerate(missing)})
        graph = CandidateGraph(
            np.concatenate([graph.mentee, add_e]),
            np.concatenate([graph.mentor, add_j]),
            np.concatenate([graph.score, run.scorer.pair_scores(add_e, add_j)]),
            False,
            graph.source,
            graph.generator,
        )
    arc = np.full(c.n_mentees, -1, dtype=np.int64)
    for i, j in held.items():
        arc[i] = index[(i, j)]
    assert graph.generator is not None
    scanner = Scanner(graph.generator)
    check = PairCheck(c, run.constraints, run.scorer)
    floor = fullstable.generation_floor(graph.generator)
    count, _ = fullstable.count_blocking(
        c, run.scorer, check, graph, Assignment(arc), scanner, floor
    )
    assert count == brute_force_blocking(full, held, run)


def test_a_mentee_whose_list_runs_dry_is_refilled_from_the_full_graph() -> None:
    # Every mentee lists one mentor (k=1), and the ten identical mentees all list the same
    # star, who has one place: nine must find their next mentor outside the candidate graph.
    doc = document(
        rules={"min_score": 0.0},
        mentors=[
            {
                "id": f"r{j}",
                "capacity": 1,
                "languages": ["en"],
                "expertise": "budgeting and forecasting" if j == 0 else "budgeting",
            }
            for j in range(12)
        ],
        mentees=[
            {"id": f"e{i}", "languages": ["en"], "goals": "budgeting and forecasting"}
            for i in range(10)
        ],
    )
    with patch.object(fullstable, "REFILL", 1):
        run = run_on_candidates(doc, 1, False)
    cert = run.result.certificate
    assert int(cert["refill_pairs_added"]) > 0
    assert run.result.matched == 10
    assert cert["full_graph_blocking_pairs"] == 0
    full = explicit_full_graph(doc, run)
    assert held_by_run(run) == greedy_by_score(full, run.cohort.capacity, 10)
