"""One test per hard constraint, through the whole engine and through the masks."""

from __future__ import annotations

from typing import Any, cast

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.matching.engine import parse_instance, run_match
from tandem.matching.engine.cohort import (
    LEVEL_WALK_LIMIT,
    _euler_tour,
    _euler_tour_walk,
    build_cohort,
)
from tandem.matching.engine.constraints import Constraints
from tandem.matching.engine.model import Mode

from .engine_helpers import document


def mentor(pid: str, **extra: Any) -> dict[str, Any]:
    return {"id": pid, "capacity": 1, "languages": ["en"], "utc_offset_hours": 0, **extra}


def mentee(pid: str, **extra: Any) -> dict[str, Any]:
    return {"id": pid, "languages": ["en"], "utc_offset_hours": 0, **extra}


def pairs_of(doc: dict[str, Any], mode: str = "optimal") -> set[tuple[str, str]]:
    run = run_match(parse_instance(doc), cast("Mode", mode))
    return {(p.mentee, p.mentor) for p in run.result.pairs}


def constraints_for(doc: dict[str, Any]) -> Constraints:
    instance = parse_instance(doc)
    return Constraints(build_cohort(instance), instance.rules)


def allowed(doc: dict[str, Any], a: int, b: int) -> bool:
    return bool(constraints_for(doc).pair_allowed(np.array([a]), np.array([b]))[0])


def chain_doc(exclude: bool = True) -> dict[str, Any]:
    # ceo -> vp -> lead -> ann ; ben elsewhere
    return document(
        rules={"exclude_management_chain": exclude},
        people=[
            {"id": "ceo", "manager": None},
            {"id": "vp", "manager": "ceo"},
            {"id": "lead", "manager": "vp"},
            {"id": "ann", "manager": "lead"},
            {"id": "ben", "manager": "ceo"},
        ],
        mentors=[mentor("ceo"), mentor("vp"), mentor("lead"), mentor("ben", capacity=2)],
        mentees=[mentee("ann"), mentee("vp", languages=["en"])],
        scores=[
            ["ann", "ceo", 1.0],
            ["ann", "vp", 1.0],
            ["ann", "lead", 1.0],
            ["ann", "ben", 0.1],
            ["vp", "lead", 1.0],
            ["vp", "ceo", 1.0],
            ["vp", "ben", 0.2],
        ],
    )


def test_management_chain_at_any_depth() -> None:
    doc = chain_doc()
    # ann may have nobody above her (lead, vp, ceo); vp may have neither ceo (above) nor
    # lead (below).
    assert pairs_of(doc) == {("ann", "ben"), ("vp", "ben")}
    cons = constraints_for(doc)
    ok = cons.pair_chain(np.array([0, 0, 0, 0, 1, 1, 1]), np.array([0, 1, 2, 3, 0, 2, 3]))
    assert ok.tolist() == [False, False, False, True, False, False, True]


def test_management_chain_rule_can_be_switched_off() -> None:
    doc = chain_doc(exclude=False)
    assert len(pairs_of(doc)) == 2
    assert allowed(doc, 0, 2)


def test_same_department_exclusion_is_optional() -> None:
    doc = document(
        people=[
            {"id": "a", "department": "Finance"},
            {"id": "b", "department": "Finance"},
            {"id": "c", "department": "Sales"},
        ],
        mentors=[mentor("b"), mentor("c")],
        mentees=[mentee("a")],
        scores=[["a", "b", 0.9], ["a", "c", 0.1]],
    )
    assert pairs_of(doc) == {("a", "b")}
    doc["rules"] = {"exclude_same_department": True}
    assert pairs_of(doc) == {("a", "c")}


def test_unknown_departments_never_count_as_the_same() -> None:
    doc = document(
        rules={"exclude_same_department": True},
        people=[{"id": "a"}, {"id": "b"}],
        mentors=[mentor("b")],
        mentees=[mentee("a")],
        scores=[["a", "b", 0.5]],
    )
    assert pairs_of(doc) == {("a", "b")}


def test_shared_language_required() -> None:
    doc = document(
        mentors=[mentor("fr", languages=["FR"]), mentor("de", languages=["de"])],
        mentees=[mentee("a", languages=["en", "fr"])],
        scores=[["a", "de", 0.9], ["a", "fr", 0.2]],
    )
    assert pairs_of(doc) == {("a", "fr")}
    doc["rules"] = {"require_shared_language": False}
    assert pairs_of(doc) == {("a", "de")}


def test_maximum_time_zone_gap() -> None:
    doc = document(
        rules={"max_timezone_gap_hours": 6},
        mentors=[mentor("far", utc_offset_hours=9), mentor("edge", utc_offset_hours=-5)],
        mentees=[mentee("a", utc_offset_hours=1)],
        scores=[["a", "far", 0.9], ["a", "edge", 0.1]],
    )
    assert pairs_of(doc) == {("a", "edge")}
    doc["rules"]["max_timezone_gap_hours"] = 8
    assert pairs_of(doc) == {("a", "far")}


def test_iana_time_zone_stands_for_offset() -> None:
    doc = document(
        rules={"max_timezone_gap_hours": 2},
        mentors=[
            mentor("tokyo", timezone="Asia/Tokyo", utc_offset_hours=None),
            mentor("kolkata", timezone="Asia/Kolkata", utc_offset_hours=None),
        ],
        mentees=[mentee("a", utc_offset_hours=None, timezone="Asia/Singapore")],
        scores=[["a", "tokyo", 0.4], ["a", "kolkata", 0.9]],
    )
    # Singapore is UTC+8 all year; Tokyo +9 (1 h away), Kolkata +5:30 (2.5 h away); none of
    # them has daylight saving, so the test does not depend on the date.
    assert pairs_of(doc) == {("a", "tokyo")}


def test_capacity_is_never_exceeded_and_zero_means_none() -> None:
    doc = document(
        mentors=[mentor("m", capacity=2), mentor("z", capacity=0)],
        mentees=[mentee(f"e{i}") for i in range(4)],
        scores=[[f"e{i}", "m", 0.5] for i in range(4)] + [["e0", "z", 1.0]],
    )
    result = pairs_of(doc)
    assert len(result) == 2
    assert all(b == "m" for _, b in result)


def test_forbidden_pairs_in_either_order() -> None:
    doc = document(
        mentors=[mentor("old"), mentor("new")],
        mentees=[mentee("a"), mentee("b")],
        scores=[["a", "old", 0.9], ["a", "new", 0.5], ["b", "old", 0.9], ["b", "new", 0.5]],
        forbidden=[["a", "old"], ["old", "b"]],
    )
    assert pairs_of(doc) == {("a", "new")}


def test_minimum_score() -> None:
    doc = document(
        rules={"min_score": 0.5},
        mentors=[mentor("m"), mentor("n")],
        mentees=[mentee("a"), mentee("b")],
        scores=[["a", "m", 0.49], ["b", "n", 0.5]],
    )
    assert pairs_of(doc) == {("b", "n")}


def test_nobody_mentors_themselves() -> None:
    doc = document(
        mentors=[mentor("a")],
        mentees=[mentee("a")],
        scores=[["a", "a", 1.0]],
    )
    assert pairs_of(doc) == set()


def test_supplied_scores_limit_the_candidates() -> None:
    doc = document(
        mentors=[mentor("m"), mentor("n")],
        mentees=[mentee("a"), mentee("b")],
        scores=[["a", "m", 0.3]],
    )
    assert pairs_of(doc) == {("a", "m")}


def test_block_mask_agrees_with_pair_mask() -> None:
    doc = chain_doc()
    doc["rules"] = {"max_timezone_gap_hours": 2, "exclude_same_department": True}
    cons = constraints_for(doc)
    block = cons.block_allowed(np.array([0, 1]))
    for a in range(2):
        for b in range(4):
            assert block[a, b] == cons.pair_allowed(np.array([a]), np.array([b]))[0]


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_org_chart_times_say_who_is_above_whom(data: st.DataObject) -> None:
    """Entry and exit times and depths, level by level or node by node, say exactly who sits
    above whom, whatever the chart's shape (several tops, managers listed after their team)."""
    n = data.draw(st.integers(0, 30))
    order = data.draw(st.permutations(list(range(n))))
    parent = [-1] * n
    for position, node in enumerate(order):
        if position and data.draw(st.booleans()):
            parent[node] = order[data.draw(st.integers(0, position - 1))]
    chart = np.array(parent, dtype=np.int64)
    tin, tout, depth = _euler_tour(chart)
    for a in range(n):
        above: list[int] = []
        node = parent[a]
        while node >= 0:
            above.append(node)
            node = parent[node]
        assert depth[a] == len(above)
        for b in range(n):
            b_above_a = bool(tin[b] < tin[a] and tout[a] <= tout[b])
            assert b_above_a == (b in above)
    order_arr = np.argsort(chart, kind="stable")
    sorted_parent = chart[order_arr]
    walked = _euler_tour_walk(
        chart,
        order_arr,
        int(np.searchsorted(sorted_parent, 0)),
        np.searchsorted(sorted_parent, np.arange(n), side="left"),
        np.searchsorted(sorted_parent, np.arange(n), side="right"),
    )
    for mine, theirs in zip((tin, tout, depth), walked, strict=True):
        np.testing.assert_array_equal(mine, theirs)


def test_a_reporting_line_deeper_than_the_level_walk_still_excludes_the_chain() -> None:
    deep = LEVEL_WALK_LIMIT + 40
    people = [{"id": "p0", "manager": None}] + [
        {"id": f"p{i}", "manager": f"p{i - 1}"} for i in range(1, deep)
    ]
    doc = document(
        people=people,
        mentors=[mentor("p0"), mentor("p5")],
        mentees=[mentee(f"p{deep - 1}"), mentee("p4")],
    )
    c = build_cohort(parse_instance(doc))
    assert int(c.depth.max()) == deep - 1
    # Everyone is in everyone's chain: no pair is allowed.
    assert pairs_of(doc) == set()
