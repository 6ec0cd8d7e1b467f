"""Most mentees matched, then the highest total score: max-flow-with-min-cost.

The network is source -> mentee (capacity 1) -> mentor (capacity 1, cost -score) -> sink
(capacity = the mentor's places). OR-Tools' max-flow-with-min-cost solve first fixes the
largest flow and then finds its cheapest routing, which is exactly the lexicographic
objective, without a big-M cost that would blow up the cost range and slow cost scaling.
"""

from __future__ import annotations

import numpy as np
from ortools.graph.python import min_cost_flow

from .base import Assignment

_INT64_HEADROOM = 2**62


def cost_scale(n_nodes: int) -> int:
    """Integer scale for scores: as fine as possible while cost * nodes stays within int64."""
    scale = 10**12
    while scale > 10**3 and scale * (n_nodes + 2) * 4 > _INT64_HEADROOM:
        scale //= 10
    return scale


def solve_optimal(
    mentee: np.ndarray,
    mentor: np.ndarray,
    score: np.ndarray,
    capacity: np.ndarray,
    n_mentees: int,
) -> Assignment:
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
        },
    )
