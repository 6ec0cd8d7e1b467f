"""Mentee-proposing deferred acceptance with capacities.

Run in synchronous rounds (every free mentee proposes to their next choice at once, every
mentor keeps the best of what they hold and what they were offered), which reaches the same
mentee-optimal stable matching as one-at-a-time proposing, with each round a handful of array
operations instead of a Python loop over proposals.

Mentors rank mentees by pair score. Mentees rank mentors by pair score, or, with
``mentee_rank`` given, by it first (lower is better; a stated ranking) and score second. Ties
are broken by index so that every preference list is strict.
"""

from __future__ import annotations

import numpy as np

from .base import Assignment, ranks_within


def solve_stable(
    mentee: np.ndarray,
    mentor: np.ndarray,
    score: np.ndarray,
    capacity: np.ndarray,
    n_mentees: int,
    mentee_rank: np.ndarray | None = None,
) -> Assignment:
    arc = np.full(n_mentees, -1, dtype=np.int64)
    if len(mentee) == 0:
        return Assignment(arc, {"rounds": 0})
    n_arcs = len(mentee)
    # Strict global rank of arcs by score (best first), ties by mentee then mentor index; both
    # sides' preferences are read off it, so every list is strict and consistent.
    by_score = np.lexsort((mentor, mentee, -score))
    score_rank = np.empty(n_arcs, dtype=np.int64)
    score_rank[by_score] = np.arange(n_arcs)
    if mentee_rank is None:
        # One combined integer key is much faster than a multi-key lexsort.
        proposal_order = np.argsort(mentee.astype(np.int64) * n_arcs + score_rank)
    else:
        proposal_order = np.lexsort((score_rank, mentee_rank, mentee))
    starts = np.searchsorted(mentee[proposal_order], np.arange(n_mentees + 1))
    next_choice = starts[:-1].copy()
    end = starts[1:]
    mentor_key = mentor.astype(np.int64) * n_arcs + score_rank

    held = np.zeros(0, dtype=np.int64)
    free = np.flatnonzero(end > next_choice)
    rounds = 0
    while len(free):
        rounds += 1
        proposals = proposal_order[next_choice[free]]
        next_choice[free] += 1
        pool = np.concatenate([held, proposals])
        pool = pool[np.argsort(mentor_key[pool])]
        group = mentor[pool]
        accept = ranks_within(group) < capacity[group]
        held = pool[accept]
        rejected = mentee[pool[~accept]]
        free = rejected[next_choice[rejected] < end[rejected]]
    arc[mentee[held]] = held
    return Assignment(arc, {"rounds": rounds})
