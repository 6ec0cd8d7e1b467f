"""What a result claims holds on the full graph of allowed pairs, even when the solvers only
saw a candidate graph: the count is the full-graph maximum, the bound bounds the full graph,
stable leaves no blocking pair among all allowed pairs, and reasons count every allowed mentor.

The full-graph limit is lowered to nothing (and ``k`` to 1 or 2) so that the streamed top-k
path is always taken, on small tie-heavy cohorts where the explicit full graph fits: many
people share languages, offsets and identical answers, and a few star mentors are everyone's
first choice, which is what collapses a top-k graph onto the same mentors.
"""

from __future__ import annotations

import re
from typing import Any
from unittest.mock import patch

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.matching.engine import MatchOptions, fullgraph, fullstable, parse_instance, run_match
from tandem.matching.engine.pipeline import Run
from tandem.matching.engine.solvers.optimal import solve_by_min_cost_flow

from .engine_helpers import document, rules_allow

GOALS = [
    "budgeting and forecasting",
    "public speaking",
    "budgeting and forecasting",
    "",
]
EXPERTISE = ["financial planning, budgeting and forecasting", "presenting at conferences", ""]


@st.composite
def tie_heavy_cohorts(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(1, 24))
    m = draw(st.integers(1, 8))
    mentee_ids = [f"e{i}" for i in range(n)]
    mentor_ids = [f"r{j}" for j in range(m)]
    if draw(st.booleans()):
        # Someone on both sides now and then.
        mentor_ids[0] = mentee_ids[0]
    everyone = list(dict.fromkeys([*mentee_ids, *mentor_ids]))
    people = []
    for position, pid in enumerate(everyone):
        manager = None
        if position and draw(st.integers(0, 3)) == 0:
            manager = draw(st.sampled_from(everyone[:position]))
        people.append({"id": pid, "manager": manager, "department": draw(st.sampled_from("AB"))})
    langs = st.sampled_from([["en"], ["en"], ["fr"], ["en", "fr"], ["de"]])
    offsets = st.sampled_from([0, 0, 1, 9, None])
    answers = st.fixed_dictionaries(
        {
            "frequency": st.sampled_from(["monthly", "monthly", "weekly"]),
            "focus_areas": st.sampled_from([["career growth"], ["leadership"]]),
        }
    )
    stars = mentor_ids[: draw(st.integers(0, min(2, m)))]
    mentors = [
        {
            "id": pid,
            "capacity": draw(st.integers(0, 3)),
            "languages": draw(langs),
            "utc_offset_hours": draw(offsets),
            "expertise": draw(st.sampled_from(EXPERTISE)),
            "answers": draw(answers),
        }
        for pid in mentor_ids
    ]
    mentees = [
        {
            "id": pid,
            "languages": draw(langs),
            "utc_offset_hours": draw(offsets),
            "goals": draw(st.sampled_from(GOALS)),
            "answers": draw(answers),
            "preferences": stars if draw(st.booleans()) else [],
        }
        for pid in mentee_ids
    ]
    forbidden = [
        [a, b] for a in mentee_ids for b in mentor_ids if a != b and draw(st.integers(0, 14)) == 0
    ]
    rules = {
        "exclude_management_chain": draw(st.booleans()),
        "exclude_same_department": draw(st.booleans()),
        "require_shared_language": draw(st.booleans()),
        "max_timezone_gap_hours": draw(st.sampled_from([None, 2])),
        "min_score": draw(st.sampled_from([0.0, 0.0, 0.4])),
    }
    return document(
        rules=rules, people=people, mentors=mentors, mentees=mentees, forbidden=forbidden
    )


def candidate_path(doc: dict[str, Any], mode: str, k: int) -> Run:
    options = MatchOptions(k=k, k_mentor=1, full_graph_limit=0, class_solve=False)
    run = run_match(parse_instance(doc), mode, options)
    assert not run.graph.complete
    return run


def explicit_full_graph(doc: dict[str, Any], run: Run) -> tuple[np.ndarray, ...]:
    """Every allowed pair with its exact score, rules checked independently of the engine."""
    c = run.cohort
    assert run.scorer is not None
    min_score = doc["rules"]["min_score"]
    pairs = [
        (i, j)
        for i, a in enumerate(c.mentee_ids)
        for j, b in enumerate(c.mentor_ids)
        if rules_allow(doc, a, b) and c.capacity[j] > 0
    ]
    mentee = np.array([p[0] for p in pairs], dtype=np.int64)
    mentor = np.array([p[1] for p in pairs], dtype=np.int64)
    score = run.scorer.pair_scores(mentee, mentor)
    keep = score >= min_score
    return mentee[keep], mentor[keep], score[keep]


def reference(run: Run, graph: tuple[np.ndarray, ...]) -> tuple[int, float]:
    mentee, mentor, score = graph
    c = run.cohort
    exact = solve_by_min_cost_flow(mentee, mentor, score, c.capacity, c.n_mentees)
    chosen = exact.matched_arcs()
    return len(chosen), float(score[chosen].sum())


def held_scores(run: Run) -> tuple[np.ndarray, np.ndarray]:
    c = run.cohort
    assert run.scorer is not None
    mentee = np.array([c.mentee_index[p.mentee] for p in run.result.pairs], dtype=np.int64)
    mentor = np.array([c.mentor_index[p.mentor] for p in run.result.pairs], dtype=np.int64)
    return mentee, mentor


FAST = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(doc=tie_heavy_cohorts(), k=st.sampled_from([1, 2]))
def test_optimal_reaches_the_full_graph_maximum_and_its_bound_holds(
    doc: dict[str, Any], k: int
) -> None:
    run = candidate_path(doc, "optimal", k)
    full = explicit_full_graph(doc, run)
    best_count, best_total = reference(run, full)
    result = run.result
    assert result.certificate["full_graph_max_matched"] == best_count
    assert len(result.pairs) == best_count
    # The bound is on the full graph, and the score is within 0.1% of it.
    assert result.upper_bound >= best_total - 1e-6
    assert result.total_score >= best_total - 1e-3 * result.upper_bound - 1e-5
    assert result.total_score <= result.upper_bound
    assert result.certificate["upper_bound_graph"] == "all allowed pairs"


@FAST
@given(doc=tie_heavy_cohorts(), k=st.sampled_from([1, 2]))
def test_stable_has_no_blocking_pair_among_all_allowed_pairs(doc: dict[str, Any], k: int) -> None:
    assert_stable_on_the_full_graph(doc, k)


@FAST
@given(doc=tie_heavy_cohorts(), k=st.sampled_from([1, 2]))
def test_stable_settled_from_short_lists_has_no_blocking_pair(doc: dict[str, Any], k: int) -> None:
    # With no budget for refills (as when nearly every score ties), the matching goes to the
    # repair rounds. Lists of one or two mentors per mentee, so that later rounds settle
    # mentees from their list and scan the others, as on large cohorts.
    with (
        patch.multiple(fullgraph, SHORTLIST_RUN=1, SHORTLIST_RUNS=1),
        patch.multiple(fullstable, REFILL_BUDGET=0.0, REFILL_MIN_CELLS=0),
    ):
        assert_stable_on_the_full_graph(doc, k)


def assert_stable_on_the_full_graph(doc: dict[str, Any], k: int) -> None:
    run = candidate_path(doc, "stable", k)
    c = run.cohort
    assert run.scorer is not None
    mentee, mentor, score = explicit_full_graph(doc, run)
    got_e, got_m = held_scores(run)
    mine = np.full(c.n_mentees, -np.inf)
    mine[got_e] = run.scorer.pair_scores(got_e, got_m)
    load = np.bincount(got_m, minlength=c.n_mentors)
    worst = np.full(c.n_mentors, np.inf)
    np.minimum.at(worst, got_m, mine[got_e])
    worst[load < c.capacity] = -np.inf
    blocking = (score > mine[mentee]) & (score > worst[mentor])
    assert not blocking.any(), list(zip(mentee[blocking], mentor[blocking], strict=True))
    assert run.result.certificate["full_graph_blocking_pairs"] == 0
    # The bound printed for stable holds on the full graph too.
    _, best_total = reference(run, (mentee, mentor, score))
    assert run.result.upper_bound >= best_total - 1e-6


@FAST
@given(doc=tie_heavy_cohorts(), mode=st.sampled_from(["optimal", "stable", "greedy"]))
def test_unmatched_reasons_count_every_allowed_mentor(doc: dict[str, Any], mode: str) -> None:
    run = candidate_path(doc, mode, 1)
    mentee, _, _ = explicit_full_graph(doc, run)
    degree = np.bincount(mentee, minlength=run.cohort.n_mentees)
    for item in run.result.unmatched:
        count = int(degree[run.cohort.mentee_index[item.mentee]])
        named = re.search(r"all (\d+) mentors who fit you are (already )?full", item.reason)
        if count == 0:
            assert " full" not in item.reason, item.reason
        elif count == 1:
            assert re.match(r"the mentor who fits you is (already )?full", item.reason)
        else:
            assert named is not None, item.reason
            assert int(named.group(1)) == count
    if mode == "greedy":
        assert run.result.certificate["full_graph_free_places_beside_unmatched"] == 0


def test_a_collapsed_candidate_graph_is_repaired_to_the_full_graph_maximum() -> None:
    # Thirty identical mentees all rank the same star first: a one-per-mentee candidate graph
    # holds only the star, which has three places.
    doc = document(
        mentors=[
            {
                "id": f"r{j}",
                "capacity": 3,
                "languages": ["en"],
                "expertise": "budgeting and forecasting" if j == 0 else "budgeting",
            }
            for j in range(10)
        ],
        mentees=[
            {
                "id": f"e{i}",
                "languages": ["en"],
                "goals": "budgeting and forecasting",
                "preferences": ["r0"],
            }
            for i in range(30)
        ],
    )
    run = candidate_path(doc, "optimal", 1)
    cert = run.result.certificate
    assert int(cert["candidate_graph_matched"]) < 30
    assert int(cert["repair_pairs_added"]) > 0
    assert run.result.matched == 30
    assert cert["full_graph_max_matched"] == 30
    assert cert["full_graph_max_matched_proof"] == "equals the class-level max flow"


def test_when_exclusions_bite_the_count_is_proved_by_the_absence_of_augmenting_paths() -> None:
    # One mentor with two places; both mentees share a class, but one may not have them.
    doc = document(
        rules={"exclude_management_chain": False},
        mentors=[{"id": "r", "capacity": 2, "languages": ["en"], "expertise": "budgeting"}]
        + [{"id": f"x{j}", "capacity": 0, "languages": ["en"]} for j in range(3)],
        mentees=[{"id": f"e{i}", "languages": ["en"], "goals": "budgeting"} for i in range(2)],
        forbidden=[["e1", "r"]],
    )
    run = candidate_path(doc, "optimal", 1)
    cert = run.result.certificate
    assert cert["class_flow_bound"] == 2
    assert run.result.matched == 1
    assert cert["full_graph_max_matched"] == 1
    assert cert["full_graph_max_matched_proof"] == "no augmenting path in the full graph"
    assert [u.reason for u in run.result.unmatched] == [
        "the only mentors who fit are excluded for you (such as a previous mentor)"
    ]


@FAST
@given(doc=tie_heavy_cohorts(), seed=st.integers(0, 2**32 - 1))
def test_short_lists_find_blocking_pairs_for_the_same_mentees_as_a_full_scan(
    doc: dict[str, Any], seed: int
) -> None:
    # Later repair rounds settle some mentees from their short lists and scan the rest; for
    # any holdings, that must flag exactly the mentees a scan of every pair flags.
    run = candidate_path(doc, "stable", 1)
    generator = run.graph.generator
    assert generator is not None
    assert run.scorer is not None
    scanner = fullgraph.Scanner(generator)
    c = run.cohort
    rng = np.random.default_rng(seed)
    # Holdings drawn from the cohort's own scores, so that exact ties are common.
    sample = run.scorer.pair_scores(
        rng.integers(0, c.n_mentees, 64), rng.integers(0, c.n_mentors, 64)
    )
    mine = np.where(rng.random(c.n_mentees) < 0.3, -np.inf, rng.choice(sample, c.n_mentees))
    worst = rng.choice(np.r_[sample, -np.inf, np.inf], c.n_mentors)
    with patch.multiple(fullgraph, SHORTLIST_RUN=1, SHORTLIST_RUNS=1):
        full = fullgraph.blocking_scan(scanner, mine, worst, shortlist=True)
        assert full.shortlists is not None
        hopeful = fullgraph.could_block(mine, full.best)
        wide = fullgraph.needs_scan(full.shortlists, hopeful, mine)
        scanned = fullgraph.blocking_scan(scanner, mine, worst, mentees=hopeful[wide])
        listed, _ = fullgraph.shortlist_blocking(full.shortlists, hopeful[~wide], mine, worst)
    assert set(full.mentee.tolist()) == set(scanned.mentee.tolist()) | set(listed.tolist())
