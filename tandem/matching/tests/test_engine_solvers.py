"""Property tests: every mode respects every rule; optimal is optimal; stable is stable."""

from __future__ import annotations

from typing import Any, cast

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.matching.engine import parse_instance, result_document, run_match
from tandem.matching.engine.model import MODES, Mode
from tandem.matching.engine.solvers import check_assignment
from tandem.matching.engine.solvers.optimal import solve_by_assignment, solve_by_min_cost_flow

from .engine_helpers import (
    blocking_pairs,
    brute_force_optimum,
    free_text_instances,
    result_violations,
    scored_instances,
)

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def solve(doc: dict[str, Any], mode: str) -> dict[str, Any]:
    run = run_match(parse_instance(doc), cast("Mode", mode))
    return result_document(run.result)


@pytest.mark.parametrize("mode", MODES)
@SETTINGS
@given(doc=scored_instances())
def test_no_rule_is_ever_broken(mode: str, doc: dict[str, Any]) -> None:
    result = solve(doc, mode)
    assert result_violations(doc, result) == []


@pytest.mark.parametrize("mode", MODES)
@SETTINGS
@given(doc=free_text_instances())
def test_no_rule_is_broken_with_computed_scores(mode: str, doc: dict[str, Any]) -> None:
    result = solve(doc, mode)
    assert result_violations(doc, result) == []
    assert all(0.0 <= p["score"] <= 1.0 for p in result["pairs"])


@SETTINGS
@given(doc=scored_instances())
def test_optimal_equals_brute_force(doc: dict[str, Any]) -> None:
    result = solve(doc, "optimal")
    matched, total = brute_force_optimum(doc)
    assert result["matched"] == matched
    assert result["total_score"] == pytest.approx(total, abs=1e-9)
    assert result["upper_bound"] == pytest.approx(result["total_score"], abs=1e-9)


@SETTINGS
@given(doc=scored_instances())
def test_stable_has_no_blocking_pair(doc: dict[str, Any]) -> None:
    result = solve(doc, "stable")
    assert blocking_pairs(doc, result) == []


@SETTINGS
@given(doc=scored_instances())
def test_bounds_hold_in_every_mode(doc: dict[str, Any]) -> None:
    optimal = solve(doc, "optimal")
    for mode in ("stable", "greedy"):
        other = solve(doc, mode)
        assert other["matched"] <= optimal["matched"]
        assert other["upper_bound"] >= other["total_score"] - 1e-9


def test_stable_can_follow_stated_rankings() -> None:
    from tandem.matching.engine.pipeline import MatchOptions

    from .engine_helpers import document

    def person(pid: str, **extra: Any) -> dict[str, Any]:
        return {"id": pid, "languages": ["en"], **extra}

    doc = document(
        mentors=[person("m1"), person("m2")],
        mentees=[person("a", preferences=["m2", "m1"]), person("b")],
        scores=[["a", "m1", 0.9], ["a", "m2", 0.5], ["b", "m1", 0.8], ["b", "m2", 0.7]],
    )
    by_score = run_match(parse_instance(doc), "stable").result
    by_rank = run_match(parse_instance(doc), "stable", MatchOptions(rank_by="stated")).result
    assert {(p.mentee, p.mentor) for p in by_score.pairs} == {("a", "m1"), ("b", "m2")}
    assert {(p.mentee, p.mentor) for p in by_rank.pairs} == {("a", "m2"), ("b", "m1")}
    assert by_rank.pairs[0].reasons[0] == "you ranked this mentor 1st"


def test_greedy_is_first_come_first_served() -> None:
    from .engine_helpers import document

    doc = document(
        mentors=[{"id": "m", "languages": ["en"]}, {"id": "n", "languages": ["en"]}],
        mentees=[{"id": "a", "languages": ["en"]}, {"id": "b", "languages": ["en"]}],
        scores=[["a", "m", 0.6], ["a", "n", 0.5], ["b", "m", 0.9]],
    )
    greedy = solve(doc, "greedy")
    optimal = solve(doc, "optimal")
    assert {(p["mentee"], p["mentor"]) for p in greedy["pairs"]} == {("a", "m")}
    assert greedy["matched"] == 1
    assert optimal["matched"] == 2
    assert optimal["total_score"] == pytest.approx(1.4)


@st.composite
def tied_graphs(draw: st.DrawFn) -> tuple[np.ndarray, ...]:
    """Random bipartite graphs whose scores take a few values, as dropdown cohorts give."""
    n = draw(st.integers(1, 30))
    m = draw(st.integers(1, 10))
    values = draw(st.lists(st.sampled_from([0.0, 0.25, 0.5, 0.5625, 0.75, 1.0]), min_size=1))
    pairs = sorted(
        draw(st.sets(st.tuples(st.integers(0, n - 1), st.integers(0, m - 1)), max_size=n * m))
    )
    mentee = np.array([p[0] for p in pairs], dtype=np.int64)
    mentor = np.array([p[1] for p in pairs], dtype=np.int64)
    score = np.array([values[i % len(values)] for i in range(len(pairs))], dtype=np.float64)
    capacity = np.array(draw(st.lists(st.integers(0, 3), min_size=m, max_size=m)), np.int64)
    return mentee, mentor, score, capacity, np.array([n])


@settings(max_examples=60, deadline=None)
@given(graph=tied_graphs())
def test_the_assignment_solver_finds_the_min_cost_flow_optimum(
    graph: tuple[np.ndarray, ...],
) -> None:
    # Tie-heavy candidate graphs are solved as an assignment; it must give the same most
    # matched and, among those, the same best total as the min-cost flow.
    mentee, mentor, score, capacity, size = graph
    n = int(size[0])
    by_flow = solve_by_min_cost_flow(mentee, mentor, score, capacity, n)
    by_assignment = solve_by_assignment(mentee, mentor, score, capacity, n)
    check_assignment(by_assignment.arc, mentee, mentor, capacity)
    assert by_assignment.info["max_flow"] == by_flow.info["max_flow"]
    assert np.count_nonzero(by_assignment.arc >= 0) == by_flow.info["max_flow"]
    assert score[by_assignment.matched_arcs()].sum() == pytest.approx(
        score[by_flow.matched_arcs()].sum(), abs=1e-9
    )
