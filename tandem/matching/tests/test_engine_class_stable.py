"""Stable mode on classes of interchangeable people (tie-heavy, dropdown-style cohorts).

Filled by score levels on classes, the matching must have no blocking pair among all allowed
pairs, found by brute force on the explicit full graph, whatever the ties and exclusions; and
the class path must step aside (for the candidate path) when it cannot prove that.
"""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

import numpy as np
import pytest
from hypothesis import given

from tandem.matching.engine import (
    MatchOptions,
    classstable,
    parse_instance,
    result_document,
    run_match,
)
from tandem.matching.engine.cohort import build_cohort
from tandem.matching.engine.constraints import Constraints
from tandem.matching.engine.features import Scorer
from tandem.matching.engine.pipeline import Run

from .engine_helpers import document, result_violations
from .test_engine_classes import dropdown
from .test_engine_fullgraph import FAST, explicit_full_graph, tie_heavy_cohorts
from .test_engine_stable_fullgraph import brute_force_blocking, held_by_run

CLASS_PATH = "fill by score levels on classes"


def stable_run(doc: dict[str, Any]) -> Run:
    # Tiny cohorts have about as many classes as people; the tests lift that gate.
    with patch("tandem.matching.engine.interchangeable.PEOPLE_PER_CLASS", 0):
        return run_match(parse_instance(doc), "stable", MatchOptions(full_graph_limit=0))


def assert_stable_on_the_full_graph(doc: dict[str, Any], run: Run) -> None:
    full = explicit_full_graph(doc, run)
    assert brute_force_blocking(full, held_by_run(run), run) == 0
    assert run.result.certificate["full_graph_blocking_pairs"] == 0
    assert result_violations(doc, result_document(run.result)) == []
    # The bound holds on the full graph: no mentee scores more than their best allowed pair.
    mentee, _, score = full
    best = np.zeros(run.cohort.n_mentees)
    np.maximum.at(best, mentee, score)
    assert run.result.upper_bound >= best.sum() - 1e-6


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_dropdown_cohort_is_stable_on_classes_over_every_allowed_pair(seed: int) -> None:
    doc = dropdown(240, seed=seed)
    run = stable_run(doc)
    cert = run.result.certificate
    assert cert["method"] == CLASS_PATH
    assert cert["full_graph"] == "every allowed pair, by classes of interchangeable people"
    assert_stable_on_the_full_graph(doc, run)
    # Nearly every score ties: the fill is settled in a handful of levels.
    assert 0 < int(cert["class_levels"]) <= 12


@FAST
@given(doc=tie_heavy_cohorts())
def test_tie_heavy_cohorts_are_stable_over_every_allowed_pair(doc: dict[str, Any]) -> None:
    for mentee in doc["mentees"]:
        mentee["preferences"] = []
    run = stable_run(doc)
    assert_stable_on_the_full_graph(doc, run)
    assert run.result.certificate.get("method") == CLASS_PATH, run.result.certificate


def _manager_and_stranger(extra_mentee: bool) -> dict[str, Any]:
    """A mentee whose manager is the one mentor who fits their goals, and a mentor who fits
    less well; with ``extra_mentee``, a colleague with the same answers and another manager."""
    people = [
        {"id": "boss", "manager": None, "department": "D"},
        {"id": "other", "manager": None, "department": "D"},
        {"id": "ana", "manager": "boss", "department": "D"},
        {"id": "ben", "manager": "other", "department": "D"},
    ]
    base = {"languages": ["en"], "utc_offset_hours": 0, "answers": {"frequency": "weekly"}}
    mentors = [
        {"id": "boss", "capacity": 1, "expertise": "budgeting, forecasting", **base},
        {"id": "other", "capacity": 1, "expertise": "leadership", **base},
    ]
    mentees = [{"id": "ana", "goals": "budgeting and forecasting", **base}]
    if extra_mentee:
        mentees.append({"id": "ben", "goals": "budgeting and forecasting", **base})
    return document(
        rules={"exclude_management_chain": True, "min_score": 0.0},
        people=people,
        mentors=mentors,
        mentees=mentees,
    )


@pytest.mark.parametrize(
    ("extra_mentee", "fills", "left_out", "pairs"),
    [
        # Alone in her class, Ana cannot swap: the pair is split out, left out, filled again.
        (False, 2, 1, [("ana", "other")]),
        # Ben has the same answers: a swap within the class settles it in the first fill.
        (True, 1, 0, [("ana", "other"), ("ben", "boss")]),
    ],
)
def test_an_excluded_pair_is_settled_without_a_blocking_pair(
    extra_mentee: bool, fills: int, left_out: int, pairs: list[tuple[str, str]]
) -> None:
    doc = _manager_and_stranger(extra_mentee)
    run = stable_run(doc)
    cert = run.result.certificate
    assert cert["method"] == CLASS_PATH
    assert cert["class_fill_attempts"] == fills
    assert cert["class_pairs_left_out"] == left_out
    assert sorted((p.mentee, p.mentor) for p in run.result.pairs) == pairs
    assert_stable_on_the_full_graph(doc, run)


def test_a_fill_that_leaves_a_blocking_pair_is_not_trusted() -> None:
    # The check after the fill does not trust it: a fill that leaves everyone out leaves
    # blocking pairs, so the class path steps aside and claims nothing.
    doc = dropdown(80)
    instance = parse_instance(doc)
    cohort = build_cohort(instance)
    constraints = Constraints(cohort, instance.rules)
    scorer = Scorer(cohort, instance.weights)
    empty = np.zeros(0, dtype=np.int64)
    with patch.object(classstable, "fill_by_levels", return_value=(empty, empty, empty, {})):
        solved = classstable.stable_on_classes(
            cohort, constraints, scorer, require_few_classes=False
        )
    assert solved is None
    run = stable_run(doc)
    assert run.result.certificate["method"] == CLASS_PATH


def test_a_fill_that_would_take_too_long_gives_way_to_the_candidate_path() -> None:
    doc = dropdown(80)
    with patch.object(classstable, "MAX_ROUNDS", 1):
        run = stable_run(doc)
    assert run.result.certificate.get("method") != CLASS_PATH
    assert_stable_on_the_full_graph(doc, run)


def test_stated_preferences_leave_the_stable_class_path() -> None:
    doc = dropdown(80)
    doc["mentees"][0]["preferences"] = [doc["mentors"][0]["id"]]
    run = stable_run(doc)
    assert run.result.certificate.get("method") != CLASS_PATH
    assert_stable_on_the_full_graph(doc, run)
