"""The peer-mentoring engine against brute force on small pools, and its claims."""

from __future__ import annotations

import random
from functools import cache

import numpy as np
import pytest

from tandem.matching.engine.errors import InputError
from tandem.matching.engine.model import Person, Rules, Weights
from tandem.matching.engine.peer import (
    MICRO,
    Peer,
    PeerGraph,
    PeerResult,
    build_peer_graph,
    match_peers,
)

GOALS = [
    "get better at forecasting and budgeting",
    "public speaking at conferences",
    "negotiation with suppliers",
    "learn SQL and data analysis",
    "leading a team for the first time",
]
EXPERTISE = [
    "ten years of financial planning and forecasting",
    "speaker at industry conferences, presenting",
    "procurement lead, supplier negotiation",
    "data analyst, SQL and dashboards",
    "engineering manager, hiring and leading teams",
]
FREQUENCY = ["weekly", "fortnightly", "monthly"]


def random_pool(
    rng: random.Random, n: int
) -> tuple[list[Peer], list[Person], list[tuple[str, str]], Rules]:
    """A small pool with repeated answers, twins, islands and a chain of managers."""
    people: list[Peer] = []
    for i in range(n):
        if people and rng.random() < 0.2:
            # An identical profile under another id.
            twin = rng.choice(people)
            people.append(
                Peer(
                    id=f"p{i}",
                    languages=twin.languages,
                    utc_offset_hours=twin.utc_offset_hours,
                    goals=twin.goals,
                    expertise=twin.expertise,
                    answers=dict(twin.answers),
                )
            )
            continue
        island = rng.random() < 0.15
        people.append(
            Peer(
                id=f"p{i}",
                languages=("is",) if island else (rng.choice(["en", "fr", "de"]), "en"),
                utc_offset_hours=rng.choice([-8.0, 0.0, 1.0, 9.0]),
                goals=rng.choice(GOALS) if rng.random() < 0.9 else "",
                skills_wanted=("forecasting",) if rng.random() < 0.2 else (),
                expertise=rng.choice(EXPERTISE),
                answers={"frequency": rng.choice(FREQUENCY)} if rng.random() < 0.8 else {},
                preferences=(f"p{rng.randrange(i)}",) if i and rng.random() < 0.1 else (),
            )
        )
    # A chain of managers over part of the pool: p0 above p1 above p2 ...
    depth = rng.randint(0, min(4, n))
    org = [Person(f"p{i}", manager=f"p{i - 1}" if 0 < i < depth else None) for i in range(n)]
    forbidden = []
    if n >= 2 and rng.random() < 0.3:
        a, b = rng.sample(range(n), 2)
        forbidden.append((f"p{a}", f"p{b}"))
    rules = Rules(
        max_timezone_gap_hours=rng.choice([None, 2.0, 9.0]),
        min_score=rng.choice([0.0, 0.0, 0.2]),
        exclude_same_department=False,
    )
    return people, org, forbidden, rules


def brute_force(graph: PeerGraph) -> tuple[int, int]:
    """(best total fit in micro-units, most pairs at that total) over every matching."""
    n = graph.size
    mutual = graph.mutual.astype(np.int64)
    allowed = graph.allowed

    @cache
    def best(free: int) -> tuple[int, int]:
        if free == 0:
            return (0, 0)
        v = (free & -free).bit_length() - 1
        rest = free & ~(1 << v)
        top = best(rest)  # v stays alone
        for u in range(n):
            if rest >> u & 1 and allowed[v, u]:
                fit, count = best(rest & ~(1 << u))
                top = max(top, (fit + int(mutual[v, u]), count + 1))
        return top

    return best((1 << n) - 1)


def check_rules(result: PeerResult, graph: PeerGraph) -> None:
    index = graph.cohort.mentee_index
    seen: set[str] = set()
    for pair in result.pairs:
        a, b = index[pair.a], index[pair.b]
        assert graph.allowed[a, b]
        assert graph.allowed[b, a]
        assert pair.a not in seen
        assert pair.b not in seen
        seen |= {pair.a, pair.b}
        assert pair.score_a == graph.directed[a, b] / MICRO
        assert pair.score_b == graph.directed[b, a] / MICRO
        assert pair.reasons_a
        assert pair.reasons_b
    assert seen | {u.id for u in result.unmatched} == set(graph.cohort.mentee_ids)
    assert len(seen) + len(result.unmatched) == graph.size


@pytest.mark.parametrize("seed", range(40))
def test_peer_exact_against_brute_force(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.randint(1, 10)
    people, org, forbidden, rules = random_pool(rng, n)
    graph = build_peer_graph(people, rules, Weights(), org=org, forbidden=forbidden)
    fit, count = brute_force(graph)
    result = match_peers(people, rules, Weights(), org=org, forbidden=forbidden)
    assert result.exact
    check_rules(result, graph)
    assert round(result.total_score * MICRO) == fit
    assert len(result.pairs) == count
    assert result.upper_bound == result.total_score
    lp_bound = result.certificate["full_graph_fractional_bound"]
    assert isinstance(lp_bound, float)
    assert lp_bound >= result.total_score - 1e-9

    # The sparse path (a top-1 graph, repaired on the full graph) keeps every rule and stays
    # under the full-graph bound, which is at least the true optimum.
    sparse = match_peers(
        people, rules, Weights(), org=org, forbidden=forbidden, exact_up_to=0, top_k=1
    )
    assert not sparse.exact
    check_rules(sparse, graph)
    assert sparse.total_score <= fit / MICRO + 1e-9
    assert sparse.upper_bound >= fit / MICRO - 1e-9
    # Repair leaves nobody unmatched beside a partner who would take them.
    matched = {p.a for p in sparse.pairs} | {p.b for p in sparse.pairs}
    for gone in sparse.unmatched:
        v = graph.cohort.mentee_index[gone.id]
        for u in np.flatnonzero(graph.allowed[v]):
            assert graph.cohort.mentee_ids[u] in matched


def test_peer_scores_are_the_scorer_s_in_both_directions() -> None:
    people, org, forbidden, rules = random_pool(random.Random(3), 9)
    graph = build_peer_graph(people, rules, Weights(), org=org, forbidden=forbidden)
    n = graph.size
    rows = np.repeat(np.arange(n), n)
    cols = np.tile(np.arange(n), n)
    exact = graph.scorer.pair_scores(rows, cols).reshape(n, n)
    assert np.abs(graph.directed / MICRO - exact).max() <= 1e-6
    assert (graph.mutual[graph.allowed] == (graph.directed + graph.directed.T)[graph.allowed]).all()
    assert not graph.allowed.diagonal().any()
    # The class masks and exclusion lists agree with the rules checked pair by pair.
    by_pair = graph.constraints.pair_allowed(rows, cols).reshape(n, n)
    by_pair &= by_pair.T
    floor = rules.min_score * MICRO - 0.5
    reach = graph.directed >= floor
    by_pair &= reach & reach.T
    assert (graph.allowed == by_pair).all()


def _peer(pid: str, **fields: object) -> Peer:
    base: dict[str, object] = {"languages": ("en",), "utc_offset_hours": 0.0}
    base.update(fields)
    return Peer(pid, **base)


def test_peer_islands_and_chain_reasons() -> None:
    people = [
        _peer("a", goals="forecasting", expertise="public speaking"),
        _peer("b", goals="public speaking", expertise="forecasting"),
        _peer("solo", languages=("is",)),
        _peer("far", utc_offset_hours=12.0, languages=("de",)),
        _peer("far2", utc_offset_hours=3.0, languages=("de",)),
        _peer("boss", languages=("sv",)),
        _peer("report", languages=("sv",)),
    ]
    org = [
        Person("a"),
        Person("b"),
        Person("boss"),
        Person("report", manager="boss"),
    ]
    rules = Rules(max_timezone_gap_hours=6.0, exclude_same_department=False)
    result = match_peers(people, rules, Weights(), org=org)
    reasons = {u.id: u.reason for u in result.unmatched}
    assert reasons["solo"] == "no other peer shares a language with you"
    assert reasons["far"] == "no other peer is within 6 hours of your time zone"
    assert reasons["far2"] == (
        "no peer within 6 hours of your time zone shares a language with you"
    )
    assert reasons["boss"] == "every peer who otherwise fits is in your management chain"
    assert {(p.a, p.b) for p in result.pairs} >= {("a", "b")}


def test_peer_odd_pool_says_so() -> None:
    people = [_peer(f"p{i}", goals="forecasting", expertise="forecasting") for i in range(3)]
    result = match_peers(people, Rules(), Weights())
    assert len(result.pairs) == 1
    (alone,) = result.unmatched
    assert "odd number of people (3)" in alone.reason
    assert "paired with someone they fit at least as well" in alone.reason


def test_peer_min_score_in_both_directions() -> None:
    # b wants what a offers, a wants nothing b offers: one direction is below the floor.
    people = [
        _peer("a", goals="negotiation with suppliers", expertise="forecasting budgets"),
        _peer("b", goals="forecasting budgets", expertise="painting"),
    ]
    result = match_peers(people, Rules(min_score=0.3), Weights(expectations=0, preferences=0))
    assert result.pairs == []
    assert all("in both directions" in u.reason for u in result.unmatched)


def test_peer_deterministic() -> None:
    people, org, forbidden, rules = random_pool(random.Random(11), 10)
    # Identical profiles make many optima; the same input must still give the same answer.
    twins = [_peer(f"t{i}", goals="forecasting", expertise="forecasting") for i in range(8)]
    pool = people + twins
    first = match_peers(pool, rules, Weights(), org=org, forbidden=forbidden)
    for _ in range(3):
        again = match_peers(pool, rules, Weights(), org=org, forbidden=forbidden)
        assert again.pairs == first.pairs
        assert again.unmatched == first.unmatched
    sparse = [
        match_peers(pool, rules, Weights(), org=org, forbidden=forbidden, exact_up_to=0, top_k=2)
        for _ in range(2)
    ]
    assert sparse[0].pairs == sparse[1].pairs


def test_peer_bad_input() -> None:
    with pytest.raises(InputError, match="duplicate id"):
        match_peers([_peer("a"), _peer("a")], Rules(), Weights())
    with pytest.raises(InputError, match="not another peer"):
        match_peers([_peer("a", preferences=("zz",))], Rules(), Weights())
    with pytest.raises(InputError, match="not a peer"):
        match_peers([_peer("a")], Rules(), Weights(), forbidden=[("a", "zz")])


def test_peer_empty_and_single() -> None:
    assert match_peers([], Rules(), Weights()).pairs == []
    (alone,) = match_peers([_peer("a")], Rules(), Weights()).unmatched
    assert alone.reason == "there is no other peer in this pool"
