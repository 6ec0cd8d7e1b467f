"""The baseline: first come, first served.

Mentees, in input order, each take the highest-scoring mentor who still has a place, the way
sign-up sheets and most matching spreadsheets fill. (Filling the globally highest-scoring
pairs first is no different from ``stable`` when both sides rank by the same score, so it
would not be a separate baseline.)
"""

from __future__ import annotations

import numpy as np

from .base import Assignment


def solve_greedy(
    mentee: np.ndarray,
    mentor: np.ndarray,
    score: np.ndarray,
    capacity: np.ndarray,
    n_mentees: int,
) -> Assignment:
    arc = np.full(n_mentees, -1, dtype=np.int64)
    order = np.lexsort((mentor, -score, mentee))
    starts = np.searchsorted(mentee[order], np.arange(n_mentees + 1))
    free = capacity.astype(np.int64).copy()
    order_list = order.tolist()
    mentor_list = mentor.tolist()
    free_list = free.tolist()
    for i in range(n_mentees):
        for position in range(int(starts[i]), int(starts[i + 1])):
            a = order_list[position]
            j = mentor_list[a]
            if free_list[j] > 0:
                free_list[j] -= 1
                arc[i] = a
                break
    return Assignment(arc, {})
