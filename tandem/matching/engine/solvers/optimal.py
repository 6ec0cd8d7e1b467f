"""Most mentees matched, then the highest total score: max-flow-with-min-cost.

The network is source -> mentee (capacity 1) -> mentor (capacity 1, cost -score) -> sink
(capacity = the mentor's places). OR-Tools' max-flow-with-min-cost solve first fixes the
largest flow and then finds its cheapest routing, which is exactly the lexicographic
objective, without a big-M cost that would blow up the cost range and slow cost scaling.

Cost scaling stalls, though, when a graph holds only a handful of distinct scores, as
dropdown questionnaires give: 15 s on a 100,000-mentee candidate graph and minutes once the
repair and pricing passes add pairs. Those graphs go to SciPy's sparse Jonker-Volgenant
assignment (LAPJVsp) instead, which is quick on ties and slow when every score differs: each
mentor becomes one column per place, each mentee gets a column of its own that stands for
staying unmatched, and the costs are integers (scores scaled, as for the flow) held exactly
in float64, with each pair cheaper than staying unmatched by more than any score difference,
so the assignment's optimum is the same lexicographic optimum.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from ortools.graph.python import min_cost_flow

from ..arrays import within
from .base import Assignment

_INT64_HEADROOM = 2**62
# Integers up to this size are exact in float64, with room for the sums the assignment makes.
_FLOAT_HEADROOM = 2**53 // 16
# A graph goes to the assignment solver when its distinct scores are at most this share of
# its pairs, and its mentors' places do not multiply the pairs by more than EXPANSION_LIMIT.
TIED_SHARE = 0.01
EXPANSION_LIMIT = 8


def cost_scale(n_nodes: int) -> int:
    """Integer scale for scores: as fine as possible while cost * nodes stays within int64."""
    scale = 10**12
    while scale > 10**3 and scale * (n_nodes + 2) * 4 > _INT64_HEADROOM:
        scale //= 10
    return scale


def assignment_scale(n_mentees: int) -> int:
    """Integer scale for scores in the assignment: the costs, up to ``2 * (n + 1) * scale``,
    stay exact in float64."""
    scale = 10**12
    while scale > 10**3 and 2 * (n_mentees + 1) * scale > _FLOAT_HEADROOM:
        scale //= 10
    return scale


def solve_optimal(
    mentee: np.ndarray,
    mentor: np.ndarray,
    score: np.ndarray,
    capacity: np.ndarray,
    n_mentees: int,
) -> Assignment:
    """The lexicographic optimum, by whichever exact method suits the graph's scores.

    ``info["cost_scale"]`` is the integer scale the scores were solved at: the solution is
    optimal for ``-rint(score * cost_scale)`` as costs, which the pricing pass relies on.
    """
    n_arcs = len(mentee)
    if n_arcs and len(np.unique(score)) <= TIED_SHARE * n_arcs:
        slots = np.minimum(capacity, np.bincount(mentor, minlength=len(capacity)))
        if slots[mentor].sum() <= EXPANSION_LIMIT * n_arcs:
            return solve_by_assignment(mentee, mentor, score, capacity, n_mentees)
    return solve_by_min_cost_flow(mentee, mentor, score, capacity, n_mentees)


def solve_by_assignment(
    mentee: np.ndarray,
    mentor: np.ndarray,
    score: np.ndarray,
    capacity: np.ndarray,
    n_mentees: int,
) -> Assignment:
    """LAPJVsp on mentees x (mentor places + one unmatched column per mentee)."""
    # Imported here: csgraph pulls in scipy.linalg, 60 ms at every start-up otherwise.
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    m = len(capacity)
    n_arcs = len(mentee)
    arc = np.full(n_mentees, -1, dtype=np.int64)
    if n_arcs == 0 or n_mentees == 0:
        return Assignment(arc, {"status": "OPTIMAL", "objective": 0.0, "max_flow": 0})
    scale = assignment_scale(n_mentees)
    points = np.rint(score * scale)
    # Any pair costs less than staying unmatched by more than all scores together, so
    # matching more mentees always wins and the scores decide among the largest matchings.
    big = float((n_mentees + 1) * scale)
    slots = np.minimum(capacity, np.bincount(mentor, minlength=m))
    first_slot = np.concatenate([[0], np.cumsum(slots)])
    places = int(first_slot[-1])
    copies = slots[mentor]
    rows = np.concatenate([np.repeat(mentee, copies), np.arange(n_mentees)])
    cols = np.concatenate(
        [np.repeat(first_slot[mentor], copies) + within(copies), places + np.arange(n_mentees)]
    )
    costs = np.concatenate([np.repeat(big - points, copies), np.full(n_mentees, 2 * big)])
    matrix = sp.csr_matrix((costs, (rows, cols)), shape=(n_mentees, places + n_mentees))
    row_of, col_of = min_weight_full_bipartite_matching(matrix)
    placed = col_of < places
    chosen_mentee = row_of[placed]
    chosen_mentor = np.searchsorted(first_slot, col_of[placed], side="right") - 1
    # Back from (mentee, mentor) to the pair's index in the graph.
    keys = mentee.astype(np.int64) * m + mentor
    order = np.argsort(keys)
    wanted = chosen_mentee.astype(np.int64) * m + chosen_mentor
    arcs = order[np.searchsorted(keys[order], wanted)]
    arc[chosen_mentee] = arcs
    return Assignment(
        arc,
        {
            "status": "OPTIMAL",
            "max_flow": int(placed.sum()),
            "objective": float(points[arcs].sum()) / scale,
            "cost_scale": scale,
            "method": "assignment (LAPJVsp)",
        },
    )


def solve_by_min_cost_flow(
    mentee: np.ndarray,
    mentor: np.ndarray,
    score: np.ndarray,
    capacity: np.ndarray,
    n_mentees: int,
) -> Assignment:
    """OR-Tools' max-flow-with-min-cost on the network in the module docstring."""
    m = len(capacity)
    n_arcs = len(mentee)
    arc = np.full(n_mentees, -1, dtype=np.int64)
    if n_arcs == 0:
        return Assignment(arc, {"status": "OPTIMAL", "objective": 0.0, "max_flow": 0})
    source = n_mentees + m
    sink = source + 1
    scale = cost_scale(sink + 1)
    degree = np.bincount(mentor, minlength=m)
    slots = np.minimum(capacity, degree)
    users = np.flatnonzero(np.bincount(mentee, minlength=n_mentees) > 0)
    mentors_used = np.flatnonzero(slots > 0)
    costs = -np.rint(score * scale).astype(np.int64)

    flow = min_cost_flow.SimpleMinCostFlow()
    tails = np.concatenate([np.full(len(users), source), mentee, n_mentees + mentors_used])
    heads = np.concatenate([users, n_mentees + mentor, np.full(len(mentors_used), sink)])
    caps = np.concatenate(
        [np.ones(len(users), np.int64), np.ones(n_arcs, np.int64), slots[mentors_used]]
    )
    unit = np.concatenate(
        [np.zeros(len(users), np.int64), costs, np.zeros(len(mentors_used), np.int64)]
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), heads.astype(np.int32), caps, unit
    )
    total_supply = len(users)
    flow.set_node_supply(source, total_supply)
    flow.set_node_supply(sink, -total_supply)
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow did not reach an optimum: {status}")
    pair_arcs = np.arange(len(users), len(users) + n_arcs)
    flows = flow.flows(pair_arcs)
    chosen = np.flatnonzero(flows > 0)
    arc[mentee[chosen]] = chosen
    return Assignment(
        arc,
        {
            "status": "OPTIMAL",
            "max_flow": int(flow.maximum_flow()),
            "objective": float(-flow.optimal_cost()) / scale,
            "cost_scale": scale,
            "method": "min-cost flow",
        },
    )
