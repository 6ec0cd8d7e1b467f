"""What every solver returns, and checks that hold for every solver."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(slots=True)
class Assignment:
    """``arc[i]`` is the index into the candidate graph of mentee ``i``'s pair, or -1."""

    arc: np.ndarray
    info: dict[str, float | int | bool | str] = field(default_factory=dict)

    def matched_arcs(self) -> np.ndarray:
        return self.arc[self.arc >= 0]


def ranks_within(groups: np.ndarray) -> np.ndarray:
    """Position of each entry within its run of equal ``groups`` values (input pre-sorted)."""
    if len(groups) == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    run_lengths = np.diff(np.r_[starts, len(groups)])
    return np.arange(len(groups)) - np.repeat(starts, run_lengths)


def check_assignment(
    arc: np.ndarray, graph_mentee: np.ndarray, graph_mentor: np.ndarray, capacity: np.ndarray
) -> None:
    """Raise if an assignment breaks the shape of a matching or a mentor's capacity."""
    used = arc[arc >= 0]
    if np.any(graph_mentee[used] != np.flatnonzero(arc >= 0)):
        raise AssertionError("an arc was assigned to the wrong mentee")
    load = np.bincount(graph_mentor[used], minlength=len(capacity))
    if np.any(load > capacity):
        raise AssertionError("a mentor is over capacity")


def blocking_pairs(
    arc: np.ndarray,
    graph_mentee: np.ndarray,
    graph_mentor: np.ndarray,
    graph_score: np.ndarray,
    capacity: np.ndarray,
) -> int:
    """Pairs in the graph who both strictly prefer each other to what they got.

    Both sides rank by the pair score. A mentee with no mentor prefers any allowed mentor; a
    mentor with a free place prefers any allowed mentee.
    """
    n = len(arc)
    m = len(capacity)
    mine = np.full(n, -np.inf)
    matched = arc >= 0
    mine[matched] = graph_score[arc[matched]]
    used = arc[matched]
    load = np.bincount(graph_mentor[used], minlength=m)
    worst = np.full(m, np.inf)
    np.minimum.at(worst, graph_mentor[used], graph_score[used])
    worst[load < capacity] = -np.inf
    own = np.zeros(len(graph_mentee), dtype=bool)
    own[used] = True
    block = ~own & (graph_score > mine[graph_mentee]) & (graph_score > worst[graph_mentor])
    return int(np.count_nonzero(block))
