"""Peer mentoring: one pool, each person both mentor and mentee to the other.

Matching is non-bipartite. The mutual fit of two peers is the score of A's goals against B's
expertise plus the score of B's goals against A's expertise, each computed by the ordinary
scorer (``features.Scorer``) with A as the mentee and B as the mentor and the reverse, and
each rounded to 6 decimals as the result writes it. A pair is allowed only when *both*
directions pass every hard rule (``constraints.Constraints``); the rules are symmetric
except the minimum score, which each direction must reach on its own.

The objective is the largest total mutual fit; among matchings of equal total, the one with
the most pairs. Scores are held as whole micro-units (the 6 decimals), so "exact" means exact
on the written scores, with no floating-point tie left to chance.

* Up to ``exact_up_to`` people the full graph (every allowed pair) is solved by Edmonds'
  blossom algorithm (``rustworkx.max_weight_matching``): the result is the optimum.
* Beyond it, each person keeps their ``top_k`` best allowed partners, the union of those
  lists is solved exactly by the same blossom algorithm, and a repair pass over the full
  graph then applies every single improving move (pair two unmatched people who fit, or give
  an unmatched person the partner of someone who fits them better) until none is left. The
  upper bound is the fractional matching bound on the full graph: half the best assignment of
  the symmetric fit matrix (``scipy.optimize.linear_sum_assignment``), which no matching can
  exceed because each pair {A, B} is an assignment A→B plus B→A.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import rustworkx as rx
from scipy.optimize import linear_sum_assignment

from .cohort import Cohort, build_cohort
from .constraints import Constraints
from .errors import InputError
from .explain import _hours, pair_reasons
from .features import Scorer
from .model import AnswerValue, Instance, Mentee, Mentor, Person, Rules, Weights

# The full graph solved by blossom: about 2 s at 600 people on a dense graph, 15 s at 1,000
# (2 cores, docs/benchmarks.md), so 600 keeps a run interactive.
EXACT_UP_TO = 600
# Partners kept per person above that size: at 5,000 people, 8 leaves 0.12% to the bound,
# 12 leaves 0.06% and 20 leaves 0.02% for 40% more solve time (docs/benchmarks.md).
TOP_K = 12
# Exact scores are written with 6 decimals; the engine works in those units.
MICRO = 1_000_000
# Rows of the score matrix computed at once: bounds the temporaries to a few hundred MiB.
BLOCK_PAIRS = 2_000_000


@dataclass(frozen=True, slots=True)
class Peer:
    """One person in a peer pool, carrying both sides' fields.

    Manager and department come from the org chart (``Person``) passed beside the pool.
    """

    id: str
    languages: tuple[str, ...] = ()
    utc_offset_hours: float | None = None
    goals: str = ""
    skills_wanted: tuple[str, ...] = ()
    expertise: str = ""
    skills: tuple[str, ...] = ()
    background: str = ""
    answers: dict[str, AnswerValue] = field(default_factory=dict)
    preferences: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PeerPair:
    a: str
    b: str
    # Mutual fit: ``score_a`` (A's goals against B's expertise) plus ``score_b``.
    score: float
    score_a: float
    score_b: float
    reasons_a: tuple[str, ...]
    reasons_b: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PeerUnmatched:
    id: str
    reason: str


@dataclass(slots=True)
class PeerResult:
    pairs: list[PeerPair]
    unmatched: list[PeerUnmatched]
    total_score: float
    upper_bound: float
    exact: bool
    seconds: float
    certificate: dict[str, float | int | bool | str] = field(default_factory=dict)

    @property
    def matched(self) -> int:
        return 2 * len(self.pairs)

    @property
    def gap(self) -> float:
        """Share of the bound not reached; 0 when the result is proved optimal."""
        if self.upper_bound <= 0:
            return 0.0
        return max(0.0, (self.upper_bound - self.total_score) / self.upper_bound)


@dataclass(slots=True)
class PeerGraph:
    """The full graph of a pool: scores per direction and the mutual fit, in micro-units."""

    cohort: Cohort
    constraints: Constraints
    scorer: Scorer
    # directed[i, j]: person i's goals against person j's expertise.
    directed: np.ndarray
    mutual: np.ndarray
    allowed: np.ndarray

    @property
    def size(self) -> int:
        return len(self.cohort.mentee_ids)


def _instance(
    people: Sequence[Peer],
    rules: Rules,
    weights: Weights,
    org: Sequence[Person],
    forbidden: Sequence[tuple[str, str]],
) -> Instance:
    ids = [p.id for p in people]
    seen: set[str] = set()
    for i, pid in enumerate(ids):
        if pid in seen:
            raise InputError(f"peers[{i}] (id {pid!r})", "id", "duplicate id")
        seen.add(pid)
    for i, p in enumerate(people):
        for other in p.preferences:
            if other not in seen or other == p.id:
                raise InputError(
                    f"peers[{i}] (id {p.id!r})", "preferences", f"{other!r} is not another peer"
                )
    chart = list(org)
    known = {p.id for p in chart}
    # Peers missing from the org chart stand at the top of a chart of their own, as in
    # mentor-mentee matching.
    chart.extend(Person(pid) for pid in ids if pid not in known)
    pairs: set[tuple[str, str]] = set()
    for n, (a, b) in enumerate(forbidden):
        for x in (a, b):
            if x not in seen:
                raise InputError(f"forbidden[{n}]", "peer", f"{x!r} is not a peer")
        # A forbidden pair is forbidden both ways: each would be the other's mentor.
        pairs.update({(a, b), (b, a)})
    return Instance(
        rules=rules,
        weights=weights,
        people=chart,
        mentees=[
            Mentee(
                id=p.id,
                languages=p.languages,
                utc_offset_hours=p.utc_offset_hours,
                goals=p.goals,
                skills_wanted=p.skills_wanted,
                answers=p.answers,
                preferences=p.preferences,
            )
            for p in people
        ],
        mentors=[
            Mentor(
                id=p.id,
                capacity=1,
                languages=p.languages,
                utc_offset_hours=p.utc_offset_hours,
                expertise=p.expertise,
                skills=p.skills,
                background=p.background,
                answers=p.answers,
            )
            for p in people
        ],
        forbidden=sorted(pairs),
    )


def build_peer_graph(
    people: Sequence[Peer],
    rules: Rules,
    weights: Weights,
    *,
    org: Sequence[Person] = (),
    forbidden: Sequence[tuple[str, str]] = (),
) -> PeerGraph:
    """Every direction scored and every pair checked against the rules, nothing pruned."""
    instance = _instance(people, rules, weights, org, forbidden)
    cohort = build_cohort(instance)
    constraints = Constraints(cohort, rules)
    scorer = Scorer(cohort, weights)
    n = len(people)
    directed = np.zeros((n, n), dtype=np.int32)
    allowed = np.zeros((n, n), dtype=bool)
    step = max(1, BLOCK_PAIRS // max(n, 1))
    for start in range(0, n, step):
        rows = np.arange(start, min(n, start + step), dtype=np.int64)
        directed[rows] = np.rint(scorer.block_scores(rows) * MICRO).astype(np.int32)
    # The class-level rules (languages, time zone, department) are one row per class of
    # people who share those attributes; the pair-specific ones (chain, forbidden, self) are
    # then knocked out pair by pair, as the mentoring candidate generator does.
    classes: dict[object, np.ndarray] = {}
    for v in range(n):
        cls = constraints.mentee_class(v)
        mask = classes.get(cls)
        if mask is None:
            mask = classes[cls] = constraints.class_mask(cls, v)
        allowed[v] = mask
    excluded_a, excluded_b = constraints.exclusion_pairs()
    allowed[excluded_a, excluded_b] = False
    if not constraints.chain_listed:
        for start in range(0, n, step):
            rows = np.arange(start, min(n, start + step), dtype=np.int64)
            allowed[rows] &= constraints.block_chain(rows, np.arange(n, dtype=np.int64))
    # Both directions must pass: the rules are symmetric, but checking both costs nothing and
    # keeps the claim true whatever a rule becomes.
    allowed &= allowed.T
    if rules.min_score > 0:
        floor = rules.min_score * MICRO - 0.5
        reach = directed >= floor
        allowed &= reach & reach.T
    mutual = directed + directed.T
    mutual[~allowed] = 0
    return PeerGraph(cohort, constraints, scorer, directed, mutual, allowed)


def _blossom(
    n: int, a: np.ndarray, b: np.ndarray, weight: np.ndarray
) -> tuple[np.ndarray, list[tuple[int, int]]]:
    graph = rx.PyGraph(multigraph=False)
    graph.add_nodes_from(range(n))
    graph.add_edges_from(list(zip(a.tolist(), b.tolist(), weight.tolist(), strict=True)))
    matching = rx.max_weight_matching(graph, max_cardinality=False, weight_fn=int)
    partner = np.full(n, -1, dtype=np.int64)
    for x, y in matching:
        partner[x] = y
        partner[y] = x
    return partner, sorted((min(x, y), max(x, y)) for x, y in matching)


def _edge_weight(mutual: np.ndarray, n: int) -> np.ndarray:
    # Fit first, then one more pair: a pair adds 1 to ``fit * (n + 1)``, and the n/2 pairs at
    # most that any matching holds can never outweigh one micro-unit of fit.
    return mutual.astype(np.int64) * (n + 1) + 1


def _top_k_edges(graph: PeerGraph, k: int) -> tuple[np.ndarray, np.ndarray]:
    n = graph.size
    lefts: list[np.ndarray] = []
    rights: list[np.ndarray] = []
    step = max(1, BLOCK_PAIRS // max(n, 1))
    for start in range(0, n, step):
        rows = np.arange(start, min(n, start + step), dtype=np.int64)
        block = np.where(graph.allowed[rows], graph.mutual[rows].astype(np.int64), -1)
        kk = min(k, n - 1)
        if kk <= 0:
            continue
        top = np.argpartition(-block, kk - 1, axis=1)[:, :kk]
        keep = np.take_along_axis(block, top, axis=1) >= 0
        lefts.append(np.repeat(rows, kk)[keep.ravel()])
        rights.append(top.ravel()[keep.ravel()])
    if not lefts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    a = np.concatenate(lefts)
    b = np.concatenate(rights)
    key = np.unique(np.minimum(a, b) * n + np.maximum(a, b))
    return key // n, key % n


def _repair(graph: PeerGraph, partner: np.ndarray) -> int:
    """Apply improving moves over the full graph until none is left; returns how many.

    A move gives an unmatched person the allowed partner with the largest gain: a partner who
    is free (gain: their fit and one more pair), or one whose current pair fits them less
    than this person would (their old partner becomes unmatched and is looked at in turn).
    Each move raises the objective, so the loop ends; when it does, every unmatched person's
    allowed partners are all paired with someone they fit at least as well.
    """
    n = graph.size
    weight_of = np.zeros(n, dtype=np.int64)
    matched = partner >= 0
    idx = np.flatnonzero(matched)
    weight_of[idx] = _edge_weight(graph.mutual[idx, partner[idx]], n)
    queue = [int(v) for v in np.flatnonzero(~matched)]
    moves = 0
    while queue:
        v = queue.pop()
        if partner[v] >= 0:
            continue
        candidates = np.flatnonzero(graph.allowed[v])
        if len(candidates) == 0:
            continue
        gain = _edge_weight(graph.mutual[v, candidates], n) - weight_of[candidates]
        best = int(np.argmax(gain))
        if gain[best] <= 0:
            continue
        u = int(candidates[best])
        old = int(partner[u])
        if old >= 0:
            partner[old] = -1
            weight_of[old] = 0
            queue.append(old)
        partner[u] = v
        partner[v] = u
        weight_of[u] = weight_of[v] = _edge_weight(graph.mutual[v, u : u + 1], n)[0]
        moves += 1
    return moves


def _most_pairs(graph: PeerGraph, exact: bool, a: np.ndarray, b: np.ndarray) -> tuple[int, str]:
    """The most pairs any matching under the rules holds, to set beside the pairs made.

    The objective puts fit first, so the chosen matching may hold fewer pairs than the most
    possible; the coordinator sees both. Up to the exact size it is a maximum-cardinality
    matching of the full graph (blossom with every pair weighing 1); beyond it, the number of
    people with at least one allowed partner, halved, which no matching can exceed.
    """
    n = graph.size
    if exact:
        _, pairs = _blossom(n, a, b, np.ones(len(a), dtype=np.int64))
        return len(pairs), "maximum-cardinality matching on the full graph"
    reachable = int(np.count_nonzero(graph.allowed.any(axis=1)))
    return reachable // 2, "bound: people with an allowed partner, halved"


def fractional_bound(graph: PeerGraph) -> int:
    """Half the best assignment of the mutual fit matrix, in micro-units, rounded up.

    Every matching M gives an assignment of weight ``2·fit(M)`` (A→B and B→A for each pair,
    everyone else to a disallowed zero), so no matching on the full graph beats half the best
    assignment: the fractional matching bound, without the odd-set cuts.
    """
    if graph.size < 2 or not graph.allowed.any():
        return 0
    cost = graph.mutual.astype(np.float64)
    rows, cols = linear_sum_assignment(cost, maximize=True)
    total = int(graph.mutual[rows, cols].astype(np.int64).sum())
    return (total + 1) // 2


class _Explainer:
    """The binding reason a peer is left unmatched, in the order the rules are applied."""

    def __init__(self, graph: PeerGraph, rules: Rules, partner: np.ndarray) -> None:
        self.graph = graph
        self.rules = rules
        self.partner = partner
        self.odd = graph.size % 2 == 1

    def reason(self, v: int) -> str:
        g = self.graph
        count = int(g.allowed[v].sum())
        if count:
            some = (
                "the one peer who fits you is"
                if count == 1
                else f"all {count} peers who fit you are"
            )
            text = f"{some} paired with someone they fit at least as well"
            if self.odd:
                text += (
                    f"; the pool has an odd number of people ({g.size}),"
                    " so at least one person is left without a partner"
                )
            return text
        return self._binding_rule(v)

    def _binding_rule(self, v: int) -> str:
        g = self.graph
        rules = self.rules
        cons = g.constraints
        n = g.size
        others = np.flatnonzero(np.arange(n) != v)
        if len(others) == 0:
            return "there is no other peer in this pool"
        me = np.full(len(others), v, dtype=np.int64)
        alive = np.ones(len(others), dtype=bool)
        gap = rules.max_timezone_gap_hours
        if rules.require_shared_language:
            if not g.cohort.instance.mentees[v].languages:
                return "you listed no language, and a shared language is required"
            lang = cons.pair_language(me, others)
            tz = cons.pair_timezone(me, others)
            if not lang.any():
                return "no other peer shares a language with you"
            if not tz.any():
                return f"no other peer is within {_hours(gap or 0)} of your time zone"
            if not (lang & tz).any():
                within = _hours(gap or 0)
                return f"no peer within {within} of your time zone shares a language with you"
            alive &= lang & tz
        elif gap is not None:
            alive &= cons.pair_timezone(me, others)
            if not alive.any():
                return f"no other peer is within {_hours(gap)} of your time zone"
        if rules.exclude_same_department:
            alive &= cons.pair_department(me, others)
            if not alive.any():
                return "every peer who otherwise fits is in your own department"
        if rules.exclude_management_chain:
            alive &= cons.pair_chain(me, others)
            if not alive.any():
                return "every peer who otherwise fits is in your management chain"
        alive &= cons.pair_not_forbidden(me, others)
        if not alive.any():
            return "the only peers who otherwise fit are excluded for you"
        survivors = others[alive]
        # Each direction must reach the minimum on its own; the pair's weaker side decides.
        weaker = np.minimum(g.directed[v, survivors], g.directed[survivors, v]) / MICRO
        return (
            f"no peer who fits reaches the minimum score of {rules.min_score:g} in both"
            f" directions (the best is {float(weaker.max()):.2f})"
        )


def match_peers(
    people: Sequence[Peer],
    rules: Rules,
    weights: Weights,
    *,
    org: Sequence[Person] = (),
    forbidden: Sequence[tuple[str, str]] = (),
    exact_up_to: int = EXACT_UP_TO,
    top_k: int = TOP_K,
) -> PeerResult:
    """Pair a pool of peers for the largest total mutual fit under the rules."""
    started = time.perf_counter()
    graph = build_peer_graph(people, rules, weights, org=org, forbidden=forbidden)
    n = graph.size
    scored = time.perf_counter()
    exact = n <= exact_up_to
    if exact:
        iu, ju = np.triu_indices(n, 1)
        keep = graph.allowed[iu, ju]
        a, b = iu[keep].astype(np.int64), ju[keep].astype(np.int64)
    else:
        a, b = _top_k_edges(graph, top_k)
    partner, _ = _blossom(n, a, b, _edge_weight(graph.mutual[a, b], n))
    solved = time.perf_counter()
    candidate_total = int(graph.mutual[np.flatnonzero(partner >= 0), partner[partner >= 0]].sum())
    candidate_total //= 2
    moves = 0 if exact else _repair(graph, partner)
    repaired = time.perf_counter()
    lp_bound = fractional_bound(graph)
    bounded = time.perf_counter()

    explainer = _Explainer(graph, rules, partner)
    ids = graph.cohort.mentee_ids
    scorer = graph.scorer
    text = scorer.text if not scorer.text.empty else None
    pairs: list[PeerPair] = []
    unmatched: list[PeerUnmatched] = []
    total = 0
    for v in range(n):
        u = int(partner[v])
        if u < 0:
            unmatched.append(PeerUnmatched(ids[v], explainer.reason(v)))
            continue
        if u < v:
            continue
        ab = int(graph.directed[v, u])
        ba = int(graph.directed[u, v])
        total += ab + ba
        pairs.append(
            PeerPair(
                a=ids[v],
                b=ids[u],
                score=(ab + ba) / MICRO,
                score_a=ab / MICRO,
                score_b=ba / MICRO,
                reasons_a=tuple(pair_reasons(graph.cohort, scorer, text, v, u, ab / MICRO)),
                reasons_b=tuple(pair_reasons(graph.cohort, scorer, text, u, v, ba / MICRO)),
            )
        )
    bound = total if exact else max(lp_bound, total)
    max_pairs, max_pairs_proof = _most_pairs(graph, exact, a, b)
    finished = time.perf_counter()
    certificate: dict[str, float | int | bool | str] = {
        "people": n,
        "full_graph_pairs": int(graph.allowed.sum()) // 2,
        "candidate_graph": "all allowed pairs" if exact else f"top {top_k} partners per person",
        "candidate_graph_pairs": len(a),
        "candidate_graph_is_full_graph": exact,
        "candidate_graph_optimum": candidate_total / MICRO,
        "algorithm": "Edmonds' blossom (rustworkx.max_weight_matching)",
        "full_graph_repair_moves": moves,
        "full_graph_fractional_bound": lp_bound / MICRO,
        "max_pairs": max_pairs,
        "max_pairs_proof": max_pairs_proof,
        "upper_bound_graph": "full",
        "upper_bound_proof": "optimum on the full graph"
        if exact
        else "fractional matching bound (half the best assignment)",
        "seconds_scoring": round(scored - started, 3),
        "seconds_solve": round(solved - scored, 3),
        "seconds_repair": round(repaired - solved, 3),
        "seconds_bound": round(bounded - repaired, 3),
    }
    return PeerResult(
        pairs=pairs,
        unmatched=unmatched,
        total_score=total / MICRO,
        upper_bound=bound / MICRO,
        exact=exact,
        seconds=round(finished - started, 3),
        certificate=certificate,
    )
