"""One matching run, stage by stage, with timings: the engine's single entry point."""

from __future__ import annotations

import math
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .candidates import CandidateGraph, build_candidates
from .cohort import Cohort, build_cohort
from .constraints import Constraints
from .explain import UnmatchedExplainer, pair_reasons
from .features import (
    Scorer,
    mentee_document,
    mentor_document,
)
from .model import Instance, MatchResult, Mode, Pair, Unmatched
from .options import MatchOptions
from .pricing import pricing_pass
from .solvers import Assignment, solve_greedy, solve_optimal, solve_stable
from .solvers.base import ranks_within
from .text import TextModel, fit_text_model

ProgressFn = Callable[[int, int], None]

__all__ = ["MatchOptions", "Reporter", "Run", "StageTiming", "peak_rss_mib", "run_match"]


class Reporter:
    """Receives stage starts and progress; the CLI draws a progress bar from it."""

    def stage(self, name: str, total: int | None = None) -> ProgressFn:
        return lambda done, total: None

    def done(self, name: str, seconds: float) -> None:
        return None


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far, in MiB.

    On Linux the high-water mark of the process's own address space (``VmHWM``) is used:
    ``ru_maxrss`` survives ``exec`` and would report a large parent's size for a freshly
    started child.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    # ru_maxrss is in KiB on Linux and in bytes on macOS; the Linux branch above covers the
    # servers this runs on.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


@dataclass(slots=True)
class StageTiming:
    name: str
    seconds: float
    peak_rss_mib: float


@dataclass(slots=True)
class Run:
    """Everything a run produced, for the CLI, the benchmark and the tests."""

    cohort: Cohort
    constraints: Constraints
    scorer: Scorer | None
    graph: CandidateGraph
    assignment: Assignment
    result: MatchResult
    timings: list[StageTiming] = field(default_factory=list)


class _Clock:
    def __init__(self, reporter: Reporter) -> None:
        self.reporter = reporter
        self.timings: list[StageTiming] = []
        self._name = ""
        self._start = 0.0

    def start(self, name: str, total: int | None = None) -> ProgressFn:
        self._name = name
        self._start = time.perf_counter()
        return self.reporter.stage(name, total)

    def stop(self) -> None:
        seconds = time.perf_counter() - self._start
        self.timings.append(StageTiming(self._name, seconds, peak_rss_mib()))
        self.reporter.done(self._name, seconds)


def prepare(
    instance: Instance, options: MatchOptions, clock: _Clock
) -> tuple[Cohort, Constraints, Scorer | None]:
    clock.start("features")
    cohort = build_cohort(instance)
    constraints = Constraints(cohort, instance.rules)
    scorer = None
    if instance.scores is None:
        scorer = Scorer(
            cohort,
            instance.weights,
            dense_threshold=options.dense_threshold,
            components=options.components,
        )
    clock.stop()
    return cohort, constraints, scorer


def solve(mode: Mode, graph: CandidateGraph, cohort: Cohort, options: MatchOptions) -> Assignment:
    args = (graph.mentee, graph.mentor, graph.score, cohort.capacity, cohort.n_mentees)
    if mode == "optimal":
        return solve_optimal(*args)
    if mode == "stable":
        rank = None
        if options.rank_by == "stated" and len(cohort.pref_mentee):
            keys = cohort.pair_keys(cohort.pref_mentee, cohort.pref_mentor)
            order = np.argsort(keys)
            graph_keys = cohort.pair_keys(graph.mentee, graph.mentor)
            pos = np.minimum(np.searchsorted(keys[order], graph_keys), len(keys) - 1)
            hit = keys[order][pos] == graph_keys
            rank = np.where(hit, cohort.pref_rank[order][pos], np.iinfo(np.int64).max)
        return solve_stable(*args, mentee_rank=rank)
    return solve_greedy(*args)


def score_bound(graph: CandidateGraph, capacity: np.ndarray, n_mentees: int) -> float:
    """A cheap upper bound on the total score of any matching within ``graph``.

    Each mentee contributes at most their best score, and each mentor at most the sum of their
    ``capacity`` best scores; the smaller of the two totals holds for every matching.
    """
    if len(graph) == 0:
        return 0.0
    best = np.zeros(n_mentees)
    np.maximum.at(best, graph.mentee, graph.score)
    order = np.lexsort((-graph.score, graph.mentor))
    mentors = graph.mentor[order]
    take = ranks_within(mentors) < capacity[mentors]
    return float(min(best.sum(), graph.score[order][take].sum()))


def _round_score(value: float, supplied: bool) -> float:
    return value if supplied else round(value, 6)


def run_match(
    instance: Instance,
    mode: Mode,
    options: MatchOptions | None = None,
    reporter: Reporter | None = None,
) -> Run:
    options = options or MatchOptions()
    clock = _Clock(reporter or Reporter())
    began = time.perf_counter()
    cohort, constraints, scorer = prepare(instance, options, clock)

    progress = clock.start("candidates", cohort.n_mentees)
    graph = build_candidates(
        cohort,
        constraints,
        scorer,
        k=options.k,
        k_mentor=options.k_mentor,
        full_graph_limit=options.full_graph_limit,
        progress=progress,
    )
    clock.stop()

    clock.start("solve")
    assignment = solve(mode, graph, cohort, options)
    certificate: dict[str, float | int | bool | str] = {
        "candidate_pairs": len(graph),
        "candidate_graph": graph.source,
        "candidate_graph_is_full_graph": graph.complete,
    }
    certificate.update(assignment.info)
    clock.stop()

    if options.pricing and mode == "optimal" and not graph.complete and scorer is not None:
        progress = clock.start("pricing", cohort.n_mentees)
        graph, assignment, bound_info = pricing_pass(
            cohort, constraints, scorer, graph, assignment, options, progress
        )
        certificate.update(bound_info)
        clock.stop()

    progress = clock.start("explain", cohort.n_mentees)
    supplied = instance.scores is not None
    text: TextModel | None = scorer.text if scorer is not None else None
    if text is None and any(m.goals or m.skills_wanted for m in instance.mentees):
        text = fit_text_model(
            [mentee_document(m.goals, m.skills_wanted) for m in instance.mentees],
            [mentor_document(m.expertise, m.skills, m.background) for m in instance.mentors],
        )
    pairs: list[Pair] = []
    unmatched: list[Unmatched] = []
    explainer = UnmatchedExplainer(cohort, constraints, scorer, graph, mode)
    arc = assignment.arc
    for i in range(cohort.n_mentees):
        a = int(arc[i])
        if a >= 0:
            j = int(graph.mentor[a])
            score = _round_score(float(graph.score[a]), supplied)
            reasons = pair_reasons(cohort, scorer, text, i, j, score)
            pairs.append(Pair(cohort.mentee_ids[i], cohort.mentor_ids[j], score, tuple(reasons)))
        else:
            unmatched.append(Unmatched(cohort.mentee_ids[i], explainer.reason(i)))
        if i % 4096 == 0:
            progress(i, cohort.n_mentees)
    progress(cohort.n_mentees, cohort.n_mentees)
    total = math.fsum(p.score for p in pairs)
    total = round(total, 9 if supplied else 6)
    if mode == "optimal":
        upper = total
    else:
        upper = round(max(score_bound(graph, cohort.capacity, cohort.n_mentees), total), 9)
    clock.stop()

    result = MatchResult(
        mode=mode,
        pairs=pairs,
        unmatched=unmatched,
        total_score=total,
        upper_bound=upper,
        seconds=round(time.perf_counter() - began, 3),
        certificate=certificate,
    )
    return Run(cohort, constraints, scorer, graph, assignment, result, clock.timings)
