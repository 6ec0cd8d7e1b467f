"""Numeric arrays for one instance: the form the masks, scorers and solvers work on.

Mentees are numbered ``0..n-1`` and mentors ``0..m-1`` in input order; every pair is a
(mentee index, mentor index) pair of integer arrays, never a Python loop over pairs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .arrays import sums_before, within
from .model import Instance


@dataclass(slots=True)
class Cohort:
    instance: Instance
    mentee_ids: list[str]
    mentor_ids: list[str]
    mentee_index: dict[str, int]
    mentor_index: dict[str, int]
    # Org chart over all people: parent index (-1 at the top) and DFS entry/exit times, so
    # "a is above b" is ``tin[a] < tin[b] and tout[b] <= tout[a]``, at any depth.
    parent: np.ndarray
    tin: np.ndarray
    tout: np.ndarray
    depth: np.ndarray
    mentee_person: np.ndarray
    mentor_person: np.ndarray
    person_mentee: np.ndarray
    person_mentor: np.ndarray
    # Languages as bitsets, one uint64 word per 64 distinct languages.
    languages: list[str]
    mentee_lang: np.ndarray
    mentor_lang: np.ndarray
    mentee_tz: np.ndarray
    mentor_tz: np.ndarray
    departments: list[str]
    mentee_dept: np.ndarray
    mentor_dept: np.ndarray
    capacity: np.ndarray
    forbidden_mentee: np.ndarray
    forbidden_mentor: np.ndarray
    pref_mentee: np.ndarray
    pref_mentor: np.ndarray
    pref_rank: np.ndarray
    pref_count: np.ndarray

    @property
    def n_mentees(self) -> int:
        return len(self.mentee_ids)

    @property
    def n_mentors(self) -> int:
        return len(self.mentor_ids)

    def pair_keys(self, mentee: np.ndarray, mentor: np.ndarray) -> np.ndarray:
        return mentee.astype(np.int64) * max(self.n_mentors, 1) + mentor.astype(np.int64)


# Charts deeper than this are walked node by node; shallower ones level by level.
LEVEL_WALK_LIMIT = 256


def _euler_tour(parent: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """DFS entry and exit times and depths, children visited in index order.

    Real org charts are a dozen levels deep, so the tour is built a level at a time with
    array operations: subtree sizes bottom-up, then each node's entry time from its parent's
    and its elder siblings' sizes. A chart deeper than ``LEVEL_WALK_LIMIT`` is walked node by
    node instead, which gives the same times.
    """
    n = len(parent)
    order = np.argsort(parent, kind="stable")
    sorted_parent = parent[order]
    n_roots = int(np.searchsorted(sorted_parent, 0))
    # Children of node v are order[starts[v]:ends[v]], in index order.
    starts = np.searchsorted(sorted_parent, np.arange(n), side="left")
    ends = np.searchsorted(sorted_parent, np.arange(n), side="right")
    levels = [order[:n_roots]]
    seen = n_roots
    while seen < n and len(levels) <= LEVEL_WALK_LIMIT:
        frontier = levels[-1]
        counts = ends[frontier] - starts[frontier]
        total = int(counts.sum())
        if total == 0:
            break
        levels.append(order[np.repeat(starts[frontier], counts) + within(counts)])
        seen += total
    if seen < n:
        # Deeper than the limit, or nodes on a cycle that no root reaches.
        return _euler_tour_walk(parent, order, n_roots, starts, ends)
    depth = np.zeros(n, dtype=np.int64)
    size = np.ones(n, dtype=np.int64)
    for level, nodes in enumerate(levels):
        depth[nodes] = level
    for nodes in reversed(levels[1:]):
        np.add.at(size, parent[nodes], size[nodes])
    tin = np.zeros(n, dtype=np.int64)
    # Roots follow each other in index order; children within a parent likewise, each level
    # being grouped by parent and in index order within a group.
    roots = levels[0]
    tin[roots] = np.cumsum(size[roots]) - size[roots]
    for nodes in levels[1:]:
        group = parent[nodes]
        elder = sums_before(size[nodes], np.r_[True, group[1:] != group[:-1]])
        tin[nodes] = tin[group] + 1 + elder
    return tin, tin + size, depth


def _euler_tour_walk(
    parent: np.ndarray, order: np.ndarray, n_roots: int, starts: np.ndarray, ends: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = len(parent)
    roots = order[:n_roots]
    starts_list = starts.tolist()
    ends_list = ends.tolist()
    children_of = order.tolist()
    tin = [0] * n
    tout = [0] * n
    depth = [0] * n
    clock = 0
    # Iterative DFS on plain lists: org charts can be deep enough to break Python's recursion
    # limit, and list indexing is several times cheaper than NumPy scalar access.
    stack: list[tuple[int, int, int]] = [(int(r), -1, 0) for r in roots[::-1]]
    while stack:
        node, state, level = stack.pop()
        if state == -1:
            tin[node] = clock
            depth[node] = level
            clock += 1
            stack.append((node, 0, level))
            kids = children_of[starts_list[node] : ends_list[node]]
            stack.extend((child, -1, level + 1) for child in reversed(kids))
        else:
            tout[node] = clock
    return (
        np.array(tin, dtype=np.int64),
        np.array(tout, dtype=np.int64),
        np.array(depth, dtype=np.int64),
    )


def _bitsets(lists: list[tuple[str, ...]], index: dict[str, int], words: int) -> np.ndarray:
    # Python integers make arbitrary-width bitsets cheap to build; they are then cut into
    # uint64 words for vectorised AND-ing.
    # Most people share one of a few language lists: each distinct list is worked out once.
    known: dict[tuple[str, ...], int] = {}
    values: list[int] = []
    for langs in lists:
        value = known.get(langs)
        if value is None:
            value = known[langs] = sum(1 << index[lang] for lang in set(langs))
        values.append(value)
    out = np.zeros((len(lists), words), dtype=np.uint64)
    mask = (1 << 64) - 1
    for word in range(words):
        out[:, word] = np.array([(v >> (64 * word)) & mask for v in values], dtype=np.uint64)
    return out


def build_cohort(instance: Instance) -> Cohort:
    people = instance.people
    person_index = {p.id: i for i, p in enumerate(people)}
    parent = np.array(
        [person_index[p.manager] if p.manager is not None else -1 for p in people],
        dtype=np.int64,
    )
    tin, tout, depth = _euler_tour(parent)
    mentee_ids = [m.id for m in instance.mentees]
    mentor_ids = [m.id for m in instance.mentors]
    mentee_index = {pid: i for i, pid in enumerate(mentee_ids)}
    mentor_index = {pid: i for i, pid in enumerate(mentor_ids)}
    mentee_person = np.array([person_index[i] for i in mentee_ids], dtype=np.int64)
    mentor_person = np.array([person_index[i] for i in mentor_ids], dtype=np.int64)
    person_mentee = np.full(len(people), -1, dtype=np.int64)
    person_mentee[mentee_person] = np.arange(len(mentee_ids))
    person_mentor = np.full(len(people), -1, dtype=np.int64)
    person_mentor[mentor_person] = np.arange(len(mentor_ids))

    languages = sorted(
        {lang for m in instance.mentees for lang in m.languages}
        | {lang for m in instance.mentors for lang in m.languages}
    )
    lang_index = {lang: i for i, lang in enumerate(languages)}
    words = max(1, (len(languages) + 63) // 64)
    mentee_lang = _bitsets([m.languages for m in instance.mentees], lang_index, words)
    mentor_lang = _bitsets([m.languages for m in instance.mentors], lang_index, words)

    def offsets(values: list[float | None]) -> np.ndarray:
        return np.array([np.nan if v is None else v for v in values], dtype=np.float64)

    mentee_tz = offsets([m.utc_offset_hours for m in instance.mentees])
    mentor_tz = offsets([m.utc_offset_hours for m in instance.mentors])

    departments = sorted({p.department for p in people if p.department is not None})
    dept_index = {d: i for i, d in enumerate(departments)}
    person_dept = np.array(
        [dept_index[p.department] if p.department is not None else -1 for p in people],
        dtype=np.int64,
    )
    capacity = np.array([m.capacity for m in instance.mentors], dtype=np.int64)

    forbidden = instance.forbidden
    forbidden_mentee = np.array([mentee_index[a] for a, _ in forbidden], dtype=np.int64)
    forbidden_mentor = np.array([mentor_index[b] for _, b in forbidden], dtype=np.int64)

    # Stated preferences, flattened: mentee, mentor and rank (from 1) of each.
    pref_count = np.array([len(m.preferences) for m in instance.mentees], dtype=np.int64)
    pref_mentor = np.array(
        [mentor_index[mentor] for m in instance.mentees for mentor in m.preferences],
        dtype=np.int64,
    )
    pref_mentee = np.repeat(np.arange(len(mentee_ids), dtype=np.int64), pref_count)
    pref_rank = within(pref_count) + 1

    return Cohort(
        instance=instance,
        mentee_ids=mentee_ids,
        mentor_ids=mentor_ids,
        mentee_index=mentee_index,
        mentor_index=mentor_index,
        parent=parent,
        tin=tin,
        tout=tout,
        depth=depth,
        mentee_person=mentee_person,
        mentor_person=mentor_person,
        person_mentee=person_mentee,
        person_mentor=person_mentor,
        languages=languages,
        mentee_lang=mentee_lang,
        mentor_lang=mentor_lang,
        mentee_tz=mentee_tz,
        mentor_tz=mentor_tz,
        departments=departments,
        mentee_dept=person_dept[mentee_person],
        mentor_dept=person_dept[mentor_person],
        capacity=capacity,
        forbidden_mentee=forbidden_mentee,
        forbidden_mentor=forbidden_mentor,
        pref_mentee=pref_mentee,
        pref_mentor=pref_mentor,
        pref_rank=pref_rank,
        pref_count=pref_count,
    )
