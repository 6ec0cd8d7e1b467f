"""The three matching modes over a candidate graph.

Each solver takes the candidate graph (pairs with scores, all already allowed by the rules)
and the mentors' capacities, and returns an :class:`Assignment`.
"""

from __future__ import annotations

from .base import Assignment, blocking_pairs, check_assignment
from .greedy import solve_greedy
from .optimal import solve_optimal
from .stable import solve_stable

__all__ = [
    "Assignment",
    "blocking_pairs",
    "check_assignment",
    "solve_greedy",
    "solve_optimal",
    "solve_stable",
]
