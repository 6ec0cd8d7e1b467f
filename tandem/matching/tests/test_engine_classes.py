"""Optimal mode on classes of interchangeable people (tie-heavy, dropdown-style cohorts).

The class-level solve must give what the explicit full graph gives: the maximum count, the
best total score of a matching of that size, and a bound that holds; and it must step aside
(for the candidate path) whenever an exclusion makes the class optimum unreachable.
"""

from __future__ import annotations

import random
from typing import Any
from unittest.mock import patch

import pytest
from hypothesis import given

from tandem.matching.engine import MatchOptions, parse_instance, run_match
from tandem.matching.engine.cohort import build_cohort
from tandem.matching.engine.constraints import Constraints
from tandem.matching.engine.features import Scorer
from tandem.matching.engine.interchangeable import solve_on_classes

from .engine_helpers import document, result_violations
from .test_engine_fullgraph import FAST, explicit_full_graph, reference, tie_heavy_cohorts

GOALS = ["budgeting and forecasting", "public speaking", "leadership and delegation"]
EXPERTISE = ["budgeting, forecasting", "presenting and public speaking", "leadership"]


def dropdown(n_mentees: int, seed: int = 1, chain: bool = True) -> dict[str, Any]:
    rng = random.Random(seed)
    n_mentors = n_mentees // 4
    people = [{"id": "p0", "manager": None, "department": "D0"}]
    for i in range(1, n_mentees + n_mentors + 1):
        people.append({"id": f"p{i}", "manager": f"p{rng.randrange(i)}", "department": "D1"})
    ids = [p["id"] for p in people[1:]]
    rng.shuffle(ids)

    def base() -> dict[str, Any]:
        return {
            "languages": rng.choice([["en"], ["fr"], ["en", "fr"]]),
            "utc_offset_hours": rng.choice([0, 1, 8]),
            "answers": {"frequency": rng.choice(["weekly", "monthly"])},
        }

    mentors = [
        {"id": pid, "capacity": rng.randint(1, 4), "expertise": rng.choice(EXPERTISE), **base()}
        for pid in ids[:n_mentors]
    ]
    mentees = [{"id": pid, "goals": rng.choice(GOALS), **base()} for pid in ids[n_mentors:]]
    return document(
        rules={
            "max_timezone_gap_hours": 2,
            "exclude_management_chain": chain,
            "min_score": 0.0,
        },
        people=people,
        mentors=mentors,
        mentees=mentees,
        forbidden=[[mentees[i]["id"], mentors[i]["id"]] for i in range(0, n_mentors, 3)],
    )


def class_run(doc: dict[str, Any]) -> Any:
    # Tiny cohorts have about as many classes as people; the tests lift that gate.
    with patch("tandem.matching.engine.interchangeable.PEOPLE_PER_CLASS", 0):
        return run_match(parse_instance(doc), "optimal", MatchOptions(full_graph_limit=0))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_dropdown_cohort_is_solved_on_classes_to_the_explicit_optimum(seed: int) -> None:
    doc = dropdown(240, seed=seed)
    run = class_run(doc)
    cert = run.result.certificate
    assert cert["full_graph"] == "every allowed pair, by classes of interchangeable people"
    best_count, best_total = reference(run, explicit_full_graph(doc, run))
    assert run.result.matched == best_count == cert["full_graph_max_matched"]
    # Scores are rounded to six places per pair in the result and to 10^-6 in the class
    # solve's integer costs: a millionth per pair covers both.
    rounding = 1e-6 * best_count
    assert run.result.total_score == pytest.approx(best_total, abs=rounding)
    assert run.result.upper_bound >= best_total - 1e-6
    assert run.result.upper_bound == pytest.approx(best_total, abs=rounding)
    from tandem.matching.engine import result_document

    assert result_violations(doc, result_document(run.result)) == []


def test_exclusions_are_dealt_around_by_swapping_within_a_class() -> None:
    doc = dropdown(400, seed=4)
    instance = parse_instance(doc)
    cohort = build_cohort(instance)
    constraints = Constraints(cohort, instance.rules)
    scorer = Scorer(cohort, instance.weights)
    solved = solve_on_classes(cohort, constraints, scorer, require_few_classes=False)
    assert solved is not None
    assert int(solved.info["class_exclusion_moves"]) > 0
    assert constraints.pair_allowed(solved.mentee, solved.mentor).all()


def test_stated_preferences_leave_the_class_path() -> None:
    doc = dropdown(80)
    doc["mentees"][0]["preferences"] = [doc["mentors"][0]["id"]]
    run = class_run(doc)
    assert run.result.certificate["full_graph"] != (
        "every allowed pair, by classes of interchangeable people"
    )


@FAST
@given(doc=tie_heavy_cohorts())
def test_tie_heavy_cohorts_on_classes_reach_the_full_graph_optimum(doc: dict[str, Any]) -> None:
    for mentee in doc["mentees"]:
        mentee["preferences"] = []
    run = class_run(doc)
    best_count, best_total = reference(run, explicit_full_graph(doc, run))
    result = run.result
    assert result.matched == best_count == result.certificate["full_graph_max_matched"]
    assert result.upper_bound >= best_total - 1e-6
    assert result.total_score >= best_total - 1e-3 * result.upper_bound - 1e-5
    if result.certificate["full_graph"].endswith("interchangeable people"):
        assert result.total_score == pytest.approx(best_total, abs=1e-6 * best_count)
