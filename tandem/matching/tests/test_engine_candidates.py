"""The streamed two-sided top-k candidate graph against the full graph."""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import pytest

from tandem.matching.engine import parse_instance
from tandem.matching.engine.candidates import TopKGenerator, _top_per_group_with_cut, full_graph
from tandem.matching.engine.cohort import build_cohort
from tandem.matching.engine.constraints import Constraints
from tandem.matching.engine.features import Scorer
from tandem.matching.engine.pipeline import MatchOptions, run_match
from tandem.matching.engine.solvers import solve_optimal

from .engine_helpers import document, result_violations

TOPICS = [
    "forecasting budgets",
    "machine learning models",
    "public speaking",
    "contract law",
    "hiring and interviewing",
    "cloud infrastructure",
    "user research",
    "net zero strategy",
    "negotiation with suppliers",
    "data visualisation dashboards",
]


def synthetic(n_mentees: int, seed: int = 3, dense: bool = False) -> dict[str, Any]:
    rng = random.Random(seed)
    n_mentors = n_mentees // 4
    people = [{"id": "p0", "manager": None, "department": "D0"}]
    for i in range(1, n_mentees + n_mentors + 20):
        people.append(
            {"id": f"p{i}", "manager": f"p{rng.randrange(i)}", "department": f"D{rng.randrange(5)}"}
        )
    ids = [p["id"] for p in people[1:]]
    rng.shuffle(ids)

    def base() -> dict[str, Any]:
        return {
            "languages": rng.sample(["en", "fr", "de"], rng.randint(1, 2)),
            "utc_offset_hours": rng.choice([-5, 0, 1, 3, 8]),
        }

    mentors = [
        {
            "id": pid,
            "capacity": rng.randint(0, 4),
            "expertise": " and ".join(rng.sample(TOPICS, 2)),
            "answers": {"frequency": rng.choice(["weekly", "monthly"])},
            **base(),
        }
        for pid in ids[:n_mentors]
    ]
    mentees = [
        {
            "id": pid,
            "goals": "I want to learn " + rng.choice(TOPICS),
            "answers": {"frequency": rng.choice(["weekly", "monthly"])},
            "preferences": [rng.choice(ids[:n_mentors])] if rng.random() < 0.1 else [],
            **base(),
        }
        for pid in ids[n_mentors : n_mentors + n_mentees]
    ]
    return document(
        rules={"max_timezone_gap_hours": 6, "exclude_same_department": dense},
        people=people,
        mentors=mentors,
        mentees=mentees,
        forbidden=[[mentees[0]["id"], mentors[0]["id"]]],
    )


@pytest.mark.parametrize("dense", [False, True])
def test_top_k_respects_rules_and_keeps_each_mentees_best(dense: bool) -> None:
    doc = synthetic(400, dense=dense)
    instance = parse_instance(doc)
    cohort = build_cohort(instance)
    constraints = Constraints(cohort, instance.rules)
    scorer = Scorer(
        cohort, instance.weights, dense_threshold=100 if dense else 10**9, components=16
    )
    full = full_graph(cohort, constraints, scorer)
    top = TopKGenerator(cohort, constraints, scorer, k=4, k_mentor=4, block_elements=5_000).run()
    assert not top.complete
    assert constraints.pair_allowed(top.mentee, top.mentor).all()
    assert np.allclose(top.score, scorer.pair_scores(top.mentee, top.mentor))
    assert len(top) < len(full)
    full_keys = set(zip(full.mentee.tolist(), full.mentor.tolist(), strict=True))
    assert set(zip(top.mentee.tolist(), top.mentor.tolist(), strict=True)) <= full_keys
    # Every mentee keeps their best allowed mentor; every mentor their best allowed mentee.
    best_for_mentee: dict[int, float] = {}
    for a, s in zip(full.mentee.tolist(), full.score.tolist(), strict=True):
        best_for_mentee[a] = max(best_for_mentee.get(a, -1.0), s)
    kept: dict[int, float] = {}
    for a, s in zip(top.mentee.tolist(), top.score.tolist(), strict=True):
        kept[a] = max(kept.get(a, -1.0), s)
    for a, s in best_for_mentee.items():
        assert kept.get(a, -1.0) == pytest.approx(s, abs=1e-3)
    degree = np.bincount(top.mentor, minlength=cohort.n_mentors)
    full_degree = np.bincount(full.mentor, minlength=cohort.n_mentors)
    assert (degree >= np.minimum(full_degree, 4)).all()
    # The optimum on the candidate graph is close to the full optimum.
    exact = solve_optimal(full.mentee, full.mentor, full.score, cohort.capacity, cohort.n_mentees)
    cand = solve_optimal(top.mentee, top.mentor, top.score, cohort.capacity, cohort.n_mentees)
    assert int(cand.info["max_flow"]) >= 0.98 * int(exact.info["max_flow"])
    assert float(cand.info["objective"]) >= 0.97 * float(exact.info["objective"])


def test_a_small_cohort_is_scanned_in_a_block_its_own_size_with_the_same_graph() -> None:
    # A programme of 40 used to fill and scan blocks sized for hundreds of thousands of rows
    # (two of 64 MB), a third of a second per run for nothing.
    instance = parse_instance(synthetic(40))
    cohort = build_cohort(instance)
    constraints = Constraints(cohort, instance.rules)
    scorer = Scorer(cohort, instance.weights, dense_threshold=10**9, components=16)

    sized = TopKGenerator(cohort, constraints, scorer, k=4, k_mentor=4)
    small_blocks = TopKGenerator(cohort, constraints, scorer, k=4, k_mentor=4, block_elements=1)

    assert sized.block_rows == 48  # 40 mentees, in whole row groups of 16
    graph, reference = sized.run(), small_blocks.run()
    assert set(zip(graph.mentee.tolist(), graph.mentor.tolist(), strict=True)) == set(
        zip(reference.mentee.tolist(), reference.mentor.tolist(), strict=True)
    )


def test_without_a_mentor_side_the_row_side_and_its_floor_are_unchanged() -> None:
    # Stable mode asks for no mentor side: its lists are refilled from the row side's floor.
    instance = parse_instance(synthetic(400))
    cohort = build_cohort(instance)
    constraints = Constraints(cohort, instance.rules)
    scorer = Scorer(cohort, instance.weights, dense_threshold=10**9, components=16)

    def run(k_mentor: int) -> tuple[set[tuple[int, int]], TopKGenerator]:
        gen = TopKGenerator(cohort, constraints, scorer, k=4, k_mentor=k_mentor)
        graph = gen.run()
        return set(zip(graph.mentee.tolist(), graph.mentor.tolist(), strict=True)), gen

    rows_only, gen_rows = run(0)
    both, gen_both = run(4)

    assert rows_only < both
    assert np.array_equal(gen_rows.row_cut, gen_both.row_cut)


def test_large_path_end_to_end_obeys_every_rule() -> None:
    doc = synthetic(600)
    run = run_match(
        parse_instance(doc), "optimal", MatchOptions(full_graph_limit=1000, k=5, k_mentor=5)
    )
    assert not run.graph.complete
    from tandem.matching.engine import result_document

    assert result_violations(doc, result_document(run.result)) == []


def test_pricing_pass_adds_pairs_and_bounds_the_gap() -> None:
    doc = synthetic(600, seed=5)
    instance = parse_instance(doc)
    plain = run_match(instance, "optimal", MatchOptions(full_graph_limit=1000, k=2, k_mentor=2))
    priced = run_match(
        instance,
        "optimal",
        MatchOptions(full_graph_limit=1000, k=2, k_mentor=2, pricing=True, pricing_rounds=4),
    )
    full = run_match(instance, "optimal")
    assert full.graph.complete
    cert = priced.result.certificate
    bound = float(cert["full_graph_score_bound"])
    # The bound holds for every matching on the full graph.
    assert bound >= full.result.total_score - 1e-6
    # Totals add up scores rounded to six places: two optimal matchings of equal objective
    # may differ by up to half a millionth per pair.
    rounding = 5e-7 * len(full.result.pairs)
    assert priced.result.total_score >= plain.result.total_score - rounding
    assert priced.result.total_score <= full.result.total_score + rounding
    assert int(cert["pricing_pairs_added"]) > 0
    assert 0.0 <= float(cert["pricing_gap"]) < 0.05


def test_very_deep_chart_is_masked_per_block(monkeypatch: pytest.MonkeyPatch) -> None:
    from tandem.matching.engine import constraints as constraints_module

    # A single reporting line 1,500 people deep: listing every chain pair would be quadratic,
    # so the engine masks the chain block by block instead; the result must be the same.
    depth = 1500
    people = [{"id": "c0", "manager": None}] + [
        {"id": f"c{i}", "manager": f"c{i - 1}"} for i in range(1, depth)
    ]
    mentors = [
        {"id": f"c{i}", "capacity": 2, "languages": ["en"], "expertise": "budgeting"}
        for i in range(0, depth, 5)
    ]
    mentees = [
        {"id": f"c{i}", "languages": ["en"], "goals": "budgeting"} for i in range(1, depth, 5)
    ]
    mentees.append({"id": "outsider", "languages": ["en"], "goals": "budgeting"})
    doc = document(people=people, mentors=mentors, mentees=mentees)
    monkeypatch.setattr(constraints_module, "CHAIN_WALK_LIMIT", 100)
    run = run_match(parse_instance(doc), "optimal", MatchOptions(full_graph_limit=1000, k=4))
    assert not run.graph.complete
    assert not run.constraints.chain_listed
    from tandem.matching.engine import result_document

    result = result_document(run.result)
    assert result_violations(doc, result) == []
    # Everyone on the line is in everyone else's chain: only the outsider can be matched.
    assert [p["mentee"] for p in result["pairs"]] == ["outsider"]


@pytest.mark.parametrize("per_row", [3, 9])
def test_each_row_keeps_its_best_entries_and_reports_the_best_it_dropped(per_row: int) -> None:
    """Rows with no more entries than the limit keep them all; longer rows keep their best,
    the earlier entry winning a tie, and report the best value they dropped."""
    rng = np.random.default_rng(per_row)
    rows = np.repeat(np.arange(6), rng.integers(0, per_row + 1, size=6))
    cols = np.arange(len(rows))
    # Few distinct values, so that ties at the limit are common.
    vals = rng.integers(0, 4, size=len(rows)).astype(np.float32)
    limit = 5
    kept_rows, kept_cols, kept_vals, cut = _top_per_group_with_cut(rows, cols, vals, limit, 7)
    for row in range(7):
        entries = sorted(
            ((-float(v), int(c)) for r, c, v in zip(rows, cols, vals, strict=True) if r == row)
        )
        kept = {c for r, c in zip(kept_rows, kept_cols, strict=True) if r == row}
        assert kept == {c for _, c in entries[:limit]}
        assert cut[row] == (-entries[limit][0] if len(entries) > limit else -np.inf)
    assert sorted(kept_vals.tolist()) == sorted(vals[np.isin(cols, kept_cols)].tolist())


def test_class_vectors_kept_between_passes_match_fresh_ones() -> None:
    instance = parse_instance(synthetic(400))
    cohort = build_cohort(instance)
    constraints = Constraints(cohort, instance.rules)
    scorer = Scorer(cohort, instance.weights)
    generator = TopKGenerator(cohort, constraints, scorer)
    fresh = TopKGenerator(cohort, constraints, scorer)
    fresh._class_vector_room = 0
    for cls in sorted(generator.class_representative):
        first = generator._class_vector(cls)
        again = generator._class_vector(cls)
        assert again is first
        assert not again.flags.writeable
        np.testing.assert_array_equal(again, fresh._class_vector(cls))
        np.testing.assert_array_equal(
            generator._class_vector(cls, generator.perm), fresh._class_vector(cls)
        )


def test_millions_of_pairs_are_scored_in_chunks_to_the_same_scores(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tandem.matching.engine import features

    instance = parse_instance(synthetic(200, dense=True))
    cohort = build_cohort(instance)
    scorer = Scorer(cohort, instance.weights, dense_threshold=0, components=8)
    full = full_graph(cohort, Constraints(cohort, instance.rules), scorer)
    whole = scorer.pair_scores(full.mentee, full.mentor)
    # Chunks of 97 pairs: several per worker, the last one short.
    monkeypatch.setattr(features, "PAIR_CHUNK", 97)
    assert len(full) > 4 * 97
    chunked = scorer.pair_scores(full.mentee, full.mentor)
    assert np.array_equal(chunked, whole)
    assert np.allclose(whole, full.score)
