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

Good duals come from the candidate graph: node potentials are read off the residual graph of
the solver's own max-flow-min-cost flow with Bellman-Ford (a min-cost flow's residual
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
A round's bound stays valid after its pairs are added, so the loop also ends when the new
optimum is within the target of it, without another pass.

A re-solve does not need the whole graph. Pairs whose reduced cost against the round's
duals lies far below zero (``s_ij - u_i - v_j - lam < -PRUNE_MARGIN``) are not where the
improvement is, so the next optimum is solved on the rest: the matching just found (it
keeps the flow at ``F``), the pairs near or above their duals and the pairs just added: a
tenth of the graph on the 100,000-mentee stars cohort, for a third of the solve's time. Nothing is
claimed from that: the next round reads its duals off the smaller graph's flow and bounds
``B`` over every pair again, the left-out graph pairs included (their exact scores are in
hand), so the certificate holds for the full graph whatever the margin. Left-out pairs whose
reduced cost turns positive are recalled into the next solve; the graph is cut only once, so
the rounds end.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .arrays import within
from .candidates import CandidateGraph, TopKGenerator, unique_sorted
from .cheapscan import cheap_pricing_scan
from .cohort import Cohort
from .constraints import Constraints
from .features import Scorer
from .fullgraph import SCAN_TOLERANCE, Scanner
from .options import MatchOptions
from .sets import member
from .solvers import Assignment, solve_optimal
from .solvers.optimal import cost_scale

ProgressFn = Callable[[int, int], None]
# How far below its duals (in score) a graph pair may sit and still be offered to a re-solve.
PRUNE_MARGIN = 0.03


def mentor_prices(
    graph: CandidateGraph, capacity: np.ndarray, n_mentees: int, assignment: Assignment
) -> tuple[np.ndarray, float]:
    """Optimal LP duals of the mentors, and the size shift, for the best largest matching on
    ``graph``: ``(v, lam)`` as in the module's bound.

    ``assignment`` must be :func:`solve_optimal`'s max-flow-min-cost solution on ``graph``.
    Its residual graph is rebuilt from the assignment alone (a pair arc carries flow exactly
    when its mentee holds it), with the integer costs the solver used, so no second flow solve
    is needed: on tie-heavy cohorts that second solve cost more than the first.
    """
    m = len(capacity)
    source, sink = n_mentees + m, n_mentees + m + 1
    # The scale the solver used: its solution is optimal for exactly these integer costs.
    scale = int(assignment.info.get("cost_scale", cost_scale(sink + 1)))
    costs = -np.rint(graph.score * scale).astype(np.int64)
    mentee_nodes = np.arange(n_mentees, dtype=np.int64)
    mentor_nodes = n_mentees + np.arange(m, dtype=np.int64)
    matched = assignment.arc >= 0
    used = np.zeros(len(graph), dtype=bool)
    used[assignment.arc[matched]] = True
    load = np.bincount(graph.mentor[used], minlength=m)
    # Each arc is residual forward while it has room and backward (negated cost) while it
    # carries flow. A mentor's arc to the sink has the mentor's full places: the solver
    # clipped them to the mentor's degree, which no flow can exceed, so its flow is optimal
    # with either.
    room, carries = load < capacity, load > 0
    tail = np.concatenate(
        [
            np.where(matched, mentee_nodes, source),
            np.where(used, n_mentees + graph.mentor, graph.mentee),
            mentor_nodes[room],
            np.full(int(carries.sum()), sink),
        ]
    )
    head = np.concatenate(
        [
            np.where(matched, source, mentee_nodes),
            np.where(used, graph.mentee, n_mentees + graph.mentor),
            np.full(int(room.sum()), sink),
            mentor_nodes[carries],
        ]
    )
    cost = np.concatenate(
        [
            np.zeros(n_mentees, np.int64),
            np.where(used, -costs, costs),
            np.zeros(int(room.sum() + carries.sum()), np.int64),
        ]
    )
    potential = _potentials(tail, head, cost, sink + 1)
    # Reduced cost c + p_tail - p_head >= 0; on the arc mentor -> sink that gives the price,
    # and along source -> mentee -> mentor -> sink it gives s_ij <= u_i + v_j + lam.
    prices = (potential[sink] - potential[mentor_nodes]) / scale
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
        offsets = within(counts)
        arcs = first + offsets
        candidate = dist[tail[arcs]] + cost[arcs]
        better = candidate < dist[head[arcs]]
        if not better.any():
            break
        targets = head[arcs][better]
        np.minimum.at(dist, targets, candidate[better])
        # Marking beats np.unique's hashing of the (often million-long) target list.
        reached = np.zeros(n_nodes, dtype=bool)
        reached[targets] = True
        frontier = np.flatnonzero(reached)
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
    scored_total = 0
    full_passes = 0
    # Pairs added below are not missing from the graph any more: the bound on the missing
    # pairs' scores only gets more generous, so it stays valid.
    off_graph = graph.off_graph_bound
    # The graph pairs the last solve ran on (every pair at first), and its matching on them.
    active = np.arange(len(graph))
    solved = assignment
    for _ in range(max(1, options.pricing_rounds)):
        rounds += 1
        prices, shift = mentor_prices(_subgraph(graph, active), capacity, n, solved)
        size = int(np.count_nonzero(assignment.arc >= 0))
        reduced = graph.score - prices[graph.mentor] - shift
        # The bound's rows over every graph pair, and the duals of the pairs solved on.
        own_u = np.zeros(n)
        active_u = np.zeros(n)
        if len(graph):
            np.maximum.at(own_u, graph.mentee, reduced)
            np.maximum.at(active_u, graph.mentee[active], reduced[active])
        if off_graph is not None:
            row_sum, add_e, add_m, scored = cheap_pricing_scan(
                scanner, off_graph, prices, shift, own_u, progress
            )
        else:
            row_sum, add_e, add_m = pricing_scan(scanner, prices, shift, own_u, progress)
            scored = -1
            full_passes += 1
        scored_total += max(scored, 0)
        bound = min(bound, row_sum + float((capacity * prices).sum()) + shift * size)
        old = cohort.pair_keys(graph.mentee, graph.mentor)
        new = unique_sorted(cohort.pair_keys(add_e, add_m))
        new = new[~member(new, old)]
        e_new, m_new = new // m, new % m
        ok = constraints.pair_allowed(e_new, m_new)
        e_new, m_new = e_new[ok], m_new[ok]
        s_new = scorer.pair_scores(e_new, m_new)
        keep = s_new >= cohort.instance.rules.min_score
        margin = reduced - active_u[graph.mentee]
        solved_on = np.zeros(len(graph), dtype=bool)
        solved_on[active] = True
        # Graph pairs the last solve left out but its duals say could raise the optimum.
        recalled = ~solved_on & (margin > 1e-6)
        if bound <= 0 or (bound - after) / bound <= options.target_gap:
            break
        if not keep.any() and not recalled.any():
            break
        added_total += int(keep.sum())
        n_old = len(graph)
        graph = CandidateGraph(
            np.concatenate([graph.mentee, e_new[keep]]),
            np.concatenate([graph.mentor, m_new[keep]]),
            np.concatenate([graph.score, s_new[keep]]),
            False,
            graph.source if graph.source.endswith("+ priced") else graph.source + " + priced",
            graph.generator,
            off_graph,
        )
        # The graph is cut once, from the first round's duals; later rounds only add to what
        # was solved on, so the rounds cannot cycle between two cuts.
        chosen = margin >= -PRUNE_MARGIN if rounds == 1 else solved_on | recalled
        chosen[assignment.arc[assignment.arc >= 0]] = True
        active = np.concatenate([np.flatnonzero(chosen), n_old + np.arange(int(keep.sum()))])
        solved = solve_optimal(
            graph.mentee[active], graph.mentor[active], graph.score[active], capacity, n
        )
        arc = np.full(n, -1, dtype=np.int64)
        placed = solved.arc >= 0
        arc[placed] = active[solved.arc[placed]]
        assignment = Assignment(arc, solved.info)
        after = float(graph.score[assignment.matched_arcs()].sum())
        # This round's bound holds whatever the graph: when the new optimum is already within
        # the target of it, another pass over every pair (as costly as candidate generation)
        # could only tighten the certificate, not the result.
        if (bound - after) / bound <= options.target_gap:
            break
    info: dict[str, float | int | bool | str] = {
        "pricing_rounds": rounds,
        # Pairs the restricted scans scored exactly, over all rounds (a full pass scores
        # every allowed pair), and the rounds that needed a full pass.
        "pricing_pairs_scored": scored_total,
        "pricing_full_passes": full_passes,
        "pricing_pairs_added": added_total,
        # The pairs the last solve ran on (pairs far below their duals are left out).
        "pricing_solved_pairs": len(active),
        "pricing_objective_before": before,
        "pricing_objective": after,
        "full_graph_score_bound": bound,
        "pricing_gap": max(0.0, (bound - after) / bound) if bound > 0 else 0.0,
        "candidate_pairs": len(graph),
        "max_flow": int(assignment.info.get("max_flow", 0)),
        "objective": float(assignment.info.get("objective", after)),
    }
    return graph, assignment, info


def _subgraph(graph: CandidateGraph, arcs: np.ndarray) -> CandidateGraph:
    if len(arcs) == len(graph):
        return graph
    return CandidateGraph(
        graph.mentee[arcs], graph.mentor[arcs], graph.score[arcs], False, graph.source
    )
