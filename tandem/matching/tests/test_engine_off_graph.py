"""The off-graph bound of a top-k candidate graph, and the pricing scan it restricts.

A mentee's ``off_graph_bound`` must bound the exact score of every allowed pair of theirs that
the candidate graph left out; pricing then scans only the mentees whose bound leaves room for a
pair worth adding, and the full-graph bound must come out as if every mentee had been scanned.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tandem.matching.engine import MatchOptions, parse_instance, run_match
from tandem.matching.engine.candidates import CandidateGraph, TopKGenerator, full_graph
from tandem.matching.engine.cohort import build_cohort
from tandem.matching.engine.constraints import Constraints
from tandem.matching.engine.features import Scorer
from tandem.matching.engine.pricing import pricing_pass
from tandem.matching.engine.solvers import solve_optimal

from .test_engine_candidates import synthetic
from .test_engine_fullgraph import FAST, tie_heavy_cohorts


def top_k_and_full(
    doc: dict[str, Any], dense: bool, k: int
) -> tuple[CandidateGraph, CandidateGraph, Any]:
    instance = parse_instance(doc)
    cohort = build_cohort(instance)
    constraints = Constraints(cohort, instance.rules)
    # A dense (LSA) text model has negative cosines, which the exact score clips to zero.
    scorer = Scorer(cohort, instance.weights, dense_threshold=0 if dense else 10**9, components=8)
    generator = TopKGenerator(cohort, constraints, scorer, k=k, k_mentor=1, block_elements=500)
    top = generator.run()
    top.generator = generator
    return top, full_graph(cohort, constraints, scorer), (cohort, constraints, scorer)


def missing_pairs_within_bound(top: CandidateGraph, full: CandidateGraph, n: int) -> None:
    assert top.off_graph_bound is not None
    assert top.off_graph_bound.shape == (n,)
    m = int(max(full.mentor.max(initial=0), top.mentor.max(initial=0))) + 1
    in_top = np.isin(full.mentee * m + full.mentor, top.mentee * m + top.mentor)
    missing = ~in_top
    assert (full.score[missing] <= top.off_graph_bound[full.mentee[missing]]).all()


@pytest.mark.parametrize("dense", [False, True])
@pytest.mark.parametrize("k", [1, 3])
def test_no_pair_left_out_of_the_graph_scores_above_its_mentees_bound(dense: bool, k: int) -> None:
    top, full, (cohort, _, _) = top_k_and_full(synthetic(300, seed=11, dense=dense), dense, k)
    assert len(top) < len(full)
    missing_pairs_within_bound(top, full, cohort.n_mentees)
    if k > 1:
        # The bound is no blanket: above one pair per mentee it sits below most mentees' best.
        best = np.full(cohort.n_mentees, -np.inf)
        np.maximum.at(best, full.mentee, full.score)
        has_pairs = np.isfinite(best)
        bound = top.off_graph_bound
        assert bound is not None
        assert np.mean(bound[has_pairs] < best[has_pairs]) > 0.5


@FAST
@given(doc=tie_heavy_cohorts(), dense=st.booleans())
def test_tie_heavy_cohorts_keep_every_left_out_pair_within_bound(
    doc: dict[str, Any], dense: bool
) -> None:
    top, full, (cohort, _, _) = top_k_and_full(doc, dense, 1)
    missing_pairs_within_bound(top, full, cohort.n_mentees)


@pytest.mark.parametrize("seed", [5, 6])
def test_a_restricted_pricing_scan_gives_the_bound_of_a_full_scan(seed: int) -> None:
    top, full, (cohort, constraints, scorer) = top_k_and_full(
        synthetic(400, seed=seed, dense=True), True, 2
    )
    capacity, n = cohort.capacity, cohort.n_mentees
    exact = solve_optimal(full.mentee, full.mentor, full.score, capacity, n)
    best = float(full.score[exact.matched_arcs()].sum())
    # The full optimum's pairs join the graph (as repair would), so its largest matchings are
    # the full graph's size and the bound compares with the full optimum. Added pairs only
    # shrink the set the off-graph bound covers.
    chosen = exact.matched_arcs()
    keys = np.unique(
        np.concatenate([top.mentee, full.mentee[chosen]]) * cohort.n_mentors
        + np.concatenate([top.mentor, full.mentor[chosen]])
    )
    e, j = keys // cohort.n_mentors, keys % cohort.n_mentors
    graph = CandidateGraph(
        e, j, scorer.pair_scores(e, j), False, top.source, top.generator, top.off_graph_bound
    )
    assignment = solve_optimal(graph.mentee, graph.mentor, graph.score, capacity, n)
    assert int(assignment.info["max_flow"]) == int(exact.info["max_flow"])
    options = MatchOptions(k=2, k_mentor=1, pricing_rounds=1)
    unrestricted = CandidateGraph(
        graph.mentee, graph.mentor, graph.score, False, graph.source, graph.generator, None
    )
    restricted_graph, _, restricted_info = pricing_pass(
        cohort, constraints, scorer, graph, assignment, options, None
    )
    full_graph_after, _, full_info = pricing_pass(
        cohort, constraints, scorer, unrestricted, assignment, options, None
    )
    # The pairs each pass found worth adding (beyond the graph both started from).
    restricted_pairs = (
        restricted_graph.mentee[len(graph) :].tolist(),
        restricted_graph.mentor[len(graph) :].tolist(),
    )
    full_pairs = (
        full_graph_after.mentee[len(graph) :].tolist(),
        full_graph_after.mentor[len(graph) :].tolist(),
    )
    assert int(full_info["pricing_full_passes"]) == 1
    assert int(restricted_info["pricing_full_passes"]) == 0
    assert int(restricted_info["pricing_pairs_scored"]) <= n * cohort.n_mentors
    restricted = float(restricted_info["full_graph_score_bound"])
    scanned = float(full_info["full_graph_score_bound"])
    # The same bound: rows differ only where one side took float32 block values (with their
    # rounding margin) and the other the graph's exact float64 terms.
    assert restricted == pytest.approx(scanned, abs=1e-5 * n)
    assert restricted >= best - 1e-9
    # The same mentees get a pair worth adding (which of several tied mentors may differ).
    assert set(restricted_pairs[0]) == set(full_pairs[0])


def test_optimal_mode_end_to_end_scores_few_pairs_and_bounds_the_full_graph() -> None:
    doc = synthetic(600, seed=8)
    instance = parse_instance(doc)
    run = run_match(instance, "optimal", MatchOptions(full_graph_limit=1000, k=4, k_mentor=2))
    full = run_match(instance, "optimal")
    assert full.graph.complete
    cert = run.result.certificate
    assert int(cert["pricing_full_passes"]) == 0
    assert run.result.upper_bound >= full.result.total_score - 1e-6
    assert run.result.total_score >= (1 - 1e-3) * run.result.upper_bound


@pytest.mark.parametrize("seed", [8, 9])
def test_re_solves_on_the_pairs_near_their_duals_reach_the_full_optimum(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tandem.matching.engine import pricing

    # No margin at all: every re-solve leaves out each graph pair priced below its duals,
    # and the rounds must recall those that turn out to matter.
    monkeypatch.setattr(pricing, "PRUNE_MARGIN", 0.0)
    instance = parse_instance(synthetic(500, seed=seed, dense=True))
    options = MatchOptions(full_graph_limit=1000, k=3, k_mentor=1, target_gap=0.0)
    run = run_match(instance, "optimal", options)
    full = run_match(instance, "optimal")
    assert full.graph.complete
    cert = run.result.certificate
    assert int(cert["pricing_rounds"]) >= 2
    assert 0 < int(cert["pricing_solved_pairs"]) < int(cert["candidate_pairs"])
    assert len(run.result.pairs) == len(full.result.pairs)
    # Totals add up scores rounded to six places.
    rounding = 5e-7 * len(full.result.pairs)
    assert run.result.total_score == pytest.approx(full.result.total_score, abs=2 * rounding)
    assert run.result.upper_bound >= full.result.total_score - rounding
