"""The pricing pass: find worthwhile pairs outside the candidate graph, and bound how far the
candidate graph can fall short of the full graph.

Optimal mode matches the most mentees first and then maximises the total score, so the bound
that matters is on the score of the matchings of largest size ``F`` (the full-graph maximum,
known before pricing). Linear-programming duality gives both the bound and the pairs. For

    max sum s_ij x_ij   s.t.  sum_j x_ij <= 1,  sum_i x_ij <= c_j,  sum x_ij = F,  x >= 0

any mentor prices ``v >= 0`` and any shift ``lam`` give the upper bound

    B(v, lam) = sum_i max(0, max_j (s_ij - v_j - lam)) + sum_j c_j v_j + lam * F

over *every* allowed pair, because ``u_i = max(0, max_j (s_ij - v_j - lam))`` makes
``(u, v, lam)`` dual feasible. The constraint matrix is a network's, so the LP has integral
optima and, at optimal duals, ``B`` equals the best score of a size-``F`` matching.

Good duals come from the candidate graph: its max-flow-min-cost flow is solved, node
potentials are read off the residual graph with Bellman-Ford (a min-cost flow's residual
graph has no negative cycle, so they exist), ``v_j`` is the potential drop across the
mentor's arc to the sink and ``lam`` the drop from the source to the sink. Leaving ``lam`` at
zero would bound the best matching of *any* size, which can sit well above the best
largest matching when matching more people costs score. One streamed pass over all pairs then

* computes ``B(v, lam)``, which certifies the gap ``B - objective``;
* collects the pairs with positive reduced cost ``s_ij - u_i - v_j - lam`` against the
  candidate graph's own ``u`` -- exactly the pairs that could improve the optimum -- which
  are added before the optimal flow is solved again.

Rounds repeat until the gap is within the target or no pair is worth adding, at which point
the duals are feasible on the full graph and the candidate optimum is the full-graph optimum.
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


def mentor_prices(
    graph: CandidateGraph, capacity: np.ndarray, n_mentees: int
) -> tuple[np.ndarray, float]:
    """Optimal LP duals of the mentors, and the size shift, for the best largest matching on
    ``graph``: ``(v, lam)`` as in the module's bound."""
    m = len(capacity)
    n_arcs = len(graph)
    source, sink = n_mentees + m, n_mentees + m + 1
    scale = cost_scale(sink + 1)
    costs = -np.rint(graph.score * scale).astype(np.int64)
    tails = np.concatenate([np.full(n_mentees, source), graph.mentee, n_mentees + np.arange(m)])
    heads = np.concatenate([np.arange(n_mentees), n_mentees + graph.mentor, np.full(m, sink)])
    caps = np.concatenate([np.ones(n_mentees, np.int64), np.ones(n_arcs, np.int64), capacity])
    unit = np.concatenate([np.zeros(n_mentees, np.int64), costs, np.zeros(m, np.int64)])
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), heads.astype(np.int32), caps, unit
    )
    flow.set_node_supply(source, n_mentees)
    flow.set_node_supply(sink, -n_mentees)
    if flow.solve_max_flow_with_min_cost() != flow.OPTIMAL:
        raise RuntimeError("max-flow-min-cost on the candidate graph did not solve")
    f = flow.flows(np.arange(len(tails)))
    forward = f < caps
    backward = f > 0
    potential = _potentials(
        np.concatenate([tails[forward], heads[backward]]),
        np.concatenate([heads[forward], tails[backward]]),
        np.concatenate([unit[forward], -unit[backward]]),
        sink + 1,
    )
    # Reduced cost c + p_tail - p_head >= 0; on the arc mentor -> sink that gives the price,
    # and along source -> mentee -> mentor -> sink it gives s_ij <= u_i + v_j + lam.
    prices = (potential[sink] - potential[n_mentees + np.arange(m)]) / scale
    shift = float(potential[source] - potential[sink]) / scale
    return np.maximum(prices, 0.0), shift


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
    shift: float,
    own_u: np.ndarray,
    progress: ProgressFn | None,
) -> tuple[float, np.ndarray, np.ndarray]:
    """One pass over every allowed pair: ``sum_i max(0, max_j s_ij - v_j - lam)`` and the
    pairs to add.

    The pair added for a mentee is the one with the largest reduced cost against the
    candidate graph's own duals, when that is positive: exactly the pairs that could raise
    the optimum.
    """
    v = (prices + shift).astype(np.float32)
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
    ``options.target_gap`` or no pair is worth adding. ``options.pricing_rounds`` only guards
    against a run that would not end.

    Every round's ``B(v, lam)`` is a valid bound on the full graph, so the smallest is
    reported.
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
        prices, shift = mentor_prices(graph, capacity, n)
        size = int(np.count_nonzero(assignment.arc >= 0))
        own_u = np.zeros(n)
        if len(graph):
            np.maximum.at(own_u, graph.mentee, graph.score - prices[graph.mentor] - shift)
        row_sum, add_e, add_m = pricing_scan(scanner, prices, shift, own_u, progress)
        bound = min(bound, row_sum + float((capacity * prices).sum()) + shift * size)
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
