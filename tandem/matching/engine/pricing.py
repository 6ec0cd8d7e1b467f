"""The optional pricing pass: find worthwhile pairs outside the candidate graph, and bound
how far the candidate graph can fall short of the full graph.

Linear-programming duality does both. For the max-weight matching LP

    max sum s_ij x_ij   s.t.  sum_j x_ij <= 1,  sum_i x_ij <= c_j,  x >= 0

any mentor prices ``v >= 0`` give the upper bound

    B(v) = sum_i max(0, max_j (s_ij - v_j)) + sum_j c_j v_j

over *every* allowed pair, because ``u_i = max(0, max_j (s_ij - v_j))`` makes ``(u, v)`` dual
feasible. Good prices come from the candidate graph: its max-weight flow is solved, node
potentials are read off the residual graph with Bellman-Ford (an optimal flow's residual
graph has no negative cycle, so they exist), and ``v_j`` is the potential drop across the
mentor's arc to the sink. One streamed pass over all pairs then

* computes ``B(v)``, which bounds the total score of any matching on the full graph, and so
  certifies the gap ``B - objective``;
* collects the pairs with positive reduced cost ``s_ij - u_i - v_j`` against the candidate
  graph's own ``u`` -- exactly the pairs that could improve the optimum -- which are added
  before the optimal flow is solved again.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from ortools.graph.python import min_cost_flow

from .candidates import CandidateGraph, TopKGenerator, unique_sorted
from .cohort import Cohort
from .constraints import Constraints
from .features import Scorer
from .fullgraph import SCAN_TOLERANCE, Scanner
from .options import MatchOptions
from .solvers import Assignment, solve_optimal
from .solvers.optimal import cost_scale

ProgressFn = Callable[[int, int], None]


def mentor_prices(graph: CandidateGraph, capacity: np.ndarray, n_mentees: int) -> np.ndarray:
    """Optimal LP prices of the mentors for the max-weight matching on ``graph``.

    The most-matched flow the solver returns is not a max-weight flow, and its residual graph
    (with the source-sink bypass that ties their potentials) can hold negative cycles, so the
    max-weight flow is solved here for its prices.
    """
    m = len(capacity)
    n_arcs = len(graph)
    source, sink = n_mentees + m, n_mentees + m + 1
    scale = cost_scale(sink + 1)
    costs = -np.rint(graph.score * scale).astype(np.int64)
    tails = np.concatenate(
        [np.full(n_mentees, source), graph.mentee, n_mentees + np.arange(m), [source]]
    )
    heads = np.concatenate(
        [np.arange(n_mentees), n_mentees + graph.mentor, np.full(m, sink), [sink]]
    )
    caps = np.concatenate(
        [np.ones(n_mentees, np.int64), np.ones(n_arcs, np.int64), capacity, [n_mentees]]
    )
    unit = np.concatenate([np.zeros(n_mentees, np.int64), costs, np.zeros(m, np.int64), [0]])
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), heads.astype(np.int32), caps, unit
    )
    flow.set_node_supply(source, n_mentees)
    flow.set_node_supply(sink, -n_mentees)
    if flow.solve() != flow.OPTIMAL:
        raise RuntimeError("max-weight flow on the candidate graph did not solve")
    f = flow.flows(np.arange(len(tails)))
    forward = f < caps
    backward = f > 0
    potential = _potentials(
        np.concatenate([tails[forward], heads[backward]]),
        np.concatenate([heads[forward], tails[backward]]),
        np.concatenate([unit[forward], -unit[backward]]),
        sink + 1,
    )
    # Reduced cost c + p_tail - p_head >= 0; on the arc mentor -> sink that gives the price.
    prices = (potential[sink] - potential[n_mentees + np.arange(m)]) / scale
    return np.maximum(prices, 0.0)


def _potentials(tail: np.ndarray, head: np.ndarray, cost: np.ndarray, n_nodes: int) -> np.ndarray:
    """Shortest distances from a virtual root joined to every node at cost 0.

    Bellman-Ford with a frontier: each round relaxes only the arcs out of nodes whose distance
    just fell, all at once with array operations. An optimal flow's residual graph has no
    negative cycle, so this ends; the round limit is only a guard.
    """
    order = np.argsort(tail, kind="stable")
    tail, head, cost = tail[order], head[order], cost[order]
    starts = np.searchsorted(tail, np.arange(n_nodes + 1))
    dist = np.zeros(n_nodes, dtype=np.int64)
    frontier = np.arange(n_nodes)
    for _ in range(n_nodes + 1):
        counts = starts[frontier + 1] - starts[frontier]
        if counts.sum() == 0:
            break
        first = np.repeat(starts[frontier], counts)
        offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        arcs = first + offsets
        candidate = dist[tail[arcs]] + cost[arcs]
        better = candidate < dist[head[arcs]]
        if not better.any():
            break
        targets = head[arcs][better]
        np.minimum.at(dist, targets, candidate[better])
        frontier = np.unique(targets)
    else:
        raise RuntimeError("negative cycle in the residual graph: the flow was not optimal")
    return dist


def pricing_scan(
    scanner: Scanner,
    prices: np.ndarray,
    own_u: np.ndarray,
    progress: ProgressFn | None,
) -> tuple[float, np.ndarray, np.ndarray]:
    """One pass over every allowed pair: ``sum_i max(0, max_j s_ij - v_j)`` and pairs to add.

    The pair added for a mentee is the one with the largest reduced cost against the
    candidate graph's own duals, when that is positive: exactly the pairs that could raise
    the optimum.
    """
    v = prices.astype(np.float32)
    u = own_u.astype(np.float32)

    def reduce(
        rows: np.ndarray, block: np.ndarray, cols: np.ndarray
    ) -> tuple[float, np.ndarray, np.ndarray]:
        empty = np.zeros(0, dtype=np.int64)
        if block.shape[1] == 0:
            return 0.0, empty, empty
        block -= v[cols]
        best = np.maximum(block.max(axis=1), 0.0).astype(np.float64)
        # float32 rounding of each positive term is covered so the sum stays an upper bound.
        total = float(best.sum() + SCAN_TOLERANCE * np.count_nonzero(best > 0))
        block -= u[rows][:, None]
        arg = block.argmax(axis=1)
        gain = block[np.arange(len(rows)), arg]
        keep = gain > 1e-6
        return total, rows[keep], cols[arg[keep]]

    return scanner.scan_pairs(reduce, progress=progress)


def pricing_pass(
    cohort: Cohort,
    constraints: Constraints,
    scorer: Scorer,
    graph: CandidateGraph,
    assignment: Assignment,
    options: MatchOptions,
    progress: ProgressFn | None,
    scanner: Scanner | None = None,
) -> tuple[CandidateGraph, Assignment, dict[str, float | int | bool | str]]:
    """Price, add the worthwhile pairs, re-solve; repeat until the certified gap is within
    ``options.target_gap`` or ``options.pricing_rounds`` rounds have run.

    Every round's ``B(v)`` is a valid bound on the full graph, so the smallest is reported.
    """
    n = cohort.n_mentees
    m = max(cohort.n_mentors, 1)
    capacity = cohort.capacity
    if scanner is None:
        gen = graph.generator or TopKGenerator(
            cohort, constraints, scorer, k=options.k, k_mentor=options.k_mentor
        )
        scanner = Scanner(gen)
    before = float(graph.score[assignment.matched_arcs()].sum())
    after = before
    bound = np.inf
    added_total = 0
    rounds = 0
    for _ in range(max(1, options.pricing_rounds)):
        rounds += 1
        prices = mentor_prices(graph, capacity, n)
        own_u = np.zeros(n)
        if len(graph):
            np.maximum.at(own_u, graph.mentee, graph.score - prices[graph.mentor])
        row_sum, add_e, add_m = pricing_scan(scanner, prices, own_u, progress)
        bound = min(bound, row_sum + float((capacity * prices).sum()))
        old = cohort.pair_keys(graph.mentee, graph.mentor)
        new = unique_sorted(cohort.pair_keys(add_e, add_m))
        new = new[~np.isin(new, old)]
        e_new, m_new = new // m, new % m
        ok = constraints.pair_allowed(e_new, m_new)
        e_new, m_new = e_new[ok], m_new[ok]
        s_new = scorer.pair_scores(e_new, m_new)
        keep = s_new >= cohort.instance.rules.min_score
        if bound <= 0 or (bound - after) / bound <= options.target_gap or not keep.any():
            break
        added_total += int(keep.sum())
        graph = CandidateGraph(
            np.concatenate([graph.mentee, e_new[keep]]),
            np.concatenate([graph.mentor, m_new[keep]]),
            np.concatenate([graph.score, s_new[keep]]),
            False,
            graph.source if graph.source.endswith("+ priced") else graph.source + " + priced",
            graph.generator,
        )
        assignment = solve_optimal(graph.mentee, graph.mentor, graph.score, capacity, n)
        after = float(graph.score[assignment.matched_arcs()].sum())
    info: dict[str, float | int | bool | str] = {
        "pricing_rounds": rounds,
        "pricing_pairs_added": added_total,
        "pricing_objective_before": before,
        "pricing_objective": after,
        "full_graph_score_bound": bound,
        "pricing_gap": max(0.0, (bound - after) / bound) if bound > 0 else 0.0,
        "candidate_pairs": len(graph),
        "max_flow": int(assignment.info.get("max_flow", 0)),
        "objective": float(assignment.info.get("objective", after)),
    }
    return graph, assignment, info
