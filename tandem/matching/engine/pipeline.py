"""One matching run, stage by stage, with timings: the engine's single entry point."""

from __future__ import annotations

import functools
import math
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .candidates import CandidateGraph, build_candidates
from .classstable import stable_on_classes
from .cohort import Cohort, build_cohort
from .constraints import Constraints
from .explain import UnmatchedExplainer, pair_reasons
from .features import (
    FittedText,
    Scorer,
    cohort_documents,
    fit_cohort_text,
    fit_documents,
    mentee_document,
    mentor_document,
)
from .forked import Ahead, cancelled_on_failure, map_ranges, worth_forking
from .fullgraph import (
    SCAN_TOLERANCE,
    FeasibilityClasses,
    PairCheck,
    Scanner,
    Shortlists,
    augment_to_maximum,
    blocking_scan,
    class_flow_bound,
    could_block,
    full_degrees,
    held,
    needs_scan,
    shortlist_blocking,
)
from .fullstable import StableOutcome, count_blocking, generation_floor, stable_on_full_graph
from .interchangeable import ClassSolution, DealtMatching, solve_on_classes
from .model import Instance, MatchResult, Mode, Pair, Unmatched
from .options import MatchOptions
from .pricing import pricing_pass
from .sets import member
from .solvers import Assignment, blocking_pairs, solve_greedy, solve_optimal, solve_stable
from .solvers.base import check_assignment, ranks_within
from .text import TextModel
from .validation import parse_instance, plain_texts

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
    # CPU seconds of the whole process (every thread) in the stage: on a shared machine the
    # wall time says how busy the machine was, this says how much work the stage was.
    cpu_seconds: float = 0.0


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
        self._cpu = 0.0

    def start(self, name: str, total: int | None = None) -> ProgressFn:
        self._name = name
        self._start = time.perf_counter()
        self._cpu = time.process_time()
        return self.reporter.stage(name, total)

    def stop(self) -> None:
        seconds = time.perf_counter() - self._start
        cpu = time.process_time() - self._cpu
        self.timings.append(StageTiming(self._name, seconds, peak_rss_mib(), cpu))
        self.reporter.done(self._name, seconds)


def prepare(
    instance: Instance,
    options: MatchOptions,
    clock: _Clock,
    fitting: Ahead[FittedText] | None = None,
) -> tuple[Cohort, Constraints, Scorer | None]:
    clock.start("features")
    text = fitting if fitting is not None else _text_ahead(instance, options)
    with cancelled_on_failure(text):
        cohort = build_cohort(instance)
        constraints = Constraints(cohort, instance.rules)
        scorer = None
        if instance.scores is None:
            scorer = Scorer(
                cohort,
                instance.weights,
                dense_threshold=options.dense_threshold,
                components=options.components,
                text=text.result if text is not None else None,
            )
    clock.stop()
    return cohort, constraints, scorer


def _text_ahead(instance: Instance, options: MatchOptions) -> Ahead[FittedText] | None:
    """The text model, fitted on another core while this one builds the cohort and encodes
    the answers: the text is interpreted Python, word by word, and needs only the documents."""
    if instance.scores is not None or not worth_forking(len(instance.mentees), options.processes):
        return None
    return Ahead(functools.partial(_fit_instance_text, instance, options))


def text_ahead(document: Any, options: MatchOptions) -> Ahead[FittedText] | None:
    """The text model of a decoded ``tandem-match/1`` document, started on another core at
    once, while this one checks the document: pass it to :func:`run_match` with the instance
    :func:`parse_instance` made of the same document.

    At 100,000 mentees the checks and the fit take a second or more each, and the fit needs
    only the documents' text fields. A document whose text is not all in its plain form is
    checked in the child too, as this process checks it, and fitted from what that gives.
    """
    if type(document) is not dict or document.get("scores") is not None:
        return None
    mentees = document.get("mentees")
    if type(mentees) is not list or not worth_forking(len(mentees), options.processes):
        return None
    return Ahead(functools.partial(_fit_document_text, document, options))


def _fit_document_text(document: Any, options: MatchOptions) -> FittedText:
    texts = plain_texts(document)
    if texts is None:
        return _fit_instance_text(parse_instance(document), options)
    mentees, mentors = texts
    return fit_documents(
        [mentee_document(*fields) for fields in mentees],
        [mentor_document(*fields) for fields in mentors],
        dense_threshold=options.dense_threshold,
        components=options.components,
    )


def _fit_instance_text(instance: Instance, options: MatchOptions) -> FittedText:
    return fit_documents(
        *cohort_documents(instance),
        dense_threshold=options.dense_threshold,
        components=options.components,
    )


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


@dataclass(slots=True)
class FullGraphFacts:
    graph: CandidateGraph
    assignment: Assignment
    certificate: dict[str, float | int | bool | str]
    # A bound on the total score of any matching on the full graph; None when the candidate
    # graph is the full graph and the solver's own optimum or bound already is one.
    score_bound: float | None
    # Allowed mentors of each unmatched mentee on the full graph; None when the candidate
    # graph is the full graph and its degrees say it.
    unmatched_degree: dict[int, int] | None


def _with_pairs(
    cohort: Cohort,
    scorer: Scorer,
    graph: CandidateGraph,
    mentee: np.ndarray,
    mentor: np.ndarray,
    label: str,
) -> tuple[CandidateGraph, int]:
    """``graph`` with the given pairs added (exactly scored), skipping any it already has."""
    m = max(cohort.n_mentors, 1)
    keys = np.unique(cohort.pair_keys(mentee, mentor))
    keys = keys[~member(keys, cohort.pair_keys(graph.mentee, graph.mentor))]
    if len(keys) == 0:
        return graph, 0
    e, j = keys // m, keys % m
    source = graph.source if label in graph.source else f"{graph.source} + {label}"
    return (
        CandidateGraph(
            np.concatenate([graph.mentee, e]),
            np.concatenate([graph.mentor, j]),
            np.concatenate([graph.score, scorer.pair_scores(e, j)]),
            False,
            source,
            graph.generator,
            # Added pairs leave the missing ones a subset of what the bound covered.
            graph.off_graph_bound,
        ),
        len(keys),
    )


def full_graph_pass(
    mode: Mode,
    cohort: Cohort,
    constraints: Constraints,
    scorer: Scorer | None,
    graph: CandidateGraph,
    assignment: Assignment,
    options: MatchOptions,
    clock: _Clock,
) -> FullGraphFacts:
    """Make the result's claims hold on the full graph of allowed pairs.

    optimal: the count is raised to the full-graph maximum (class-level max flow, then
    augmenting paths on the implicit graph, whose pairs join the candidate graph), then
    pricing bounds the score over the full graph and adds the pairs that can raise it.
    stable: blocking pairs are sought over every allowed pair, added, and the matching
    solved again until none is left. greedy: the same for a mentee left beside a free place.
    """
    certificate: dict[str, float | int | bool | str] = {}
    n, m = cohort.n_mentees, cohort.n_mentors
    if graph.complete or scorer is None:
        matched = int(np.count_nonzero(assignment.arc >= 0))
        certificate["full_graph"] = "the candidate graph: every allowed pair"
        if mode == "optimal":
            certificate["full_graph_max_matched"] = matched
            certificate["full_graph_max_matched_proof"] = "max flow on the full graph"
        if mode == "stable" and options.rank_by == "scores":
            certificate["full_graph_blocking_pairs"] = blocking_pairs(
                assignment.arc, graph.mentee, graph.mentor, graph.score, cohort.capacity
            )
        return FullGraphFacts(graph, assignment, certificate, None, None)

    generator = graph.generator
    assert generator is not None
    scanner = Scanner(generator)
    classes = FeasibilityClasses(cohort, constraints)
    check = PairCheck(cohort, constraints, scorer)
    certificate["full_graph"] = "every allowed pair, examined by class and by streamed blocks"
    certificate["mentee_classes"] = classes.n_mentee_classes
    certificate["mentor_classes"] = classes.n_mentor_classes
    score_bound_value: float

    refilled = False
    floor: np.ndarray | None = None
    if _stable_by_refills(mode, graph, scorer, options):
        assert scorer is not None
        # Per mentee, a bound on every pair generation left out: the refills and the check
        # both read it.
        floor = generation_floor(generator)
        outcome = _refill_stable(cohort, scorer, scanner, graph, floor, certificate, clock)
        graph, assignment = outcome.graph, outcome.assignment
        # Past its budget the refilled matching is stable only on its own pairs: the repair
        # rounds below take it from there.
        refilled = not outcome.info["refill_budget_exhausted"]

    if mode == "optimal":
        clock.start("repair")
        flow_bound = class_flow_bound(classes)
        mate = np.full(n, -1, dtype=np.int64)
        matched_arcs = assignment.arc >= 0
        mate[matched_arcs] = graph.mentor[assignment.arc[matched_arcs]]
        matched = int(np.count_nonzero(mate >= 0))
        certificate["class_flow_bound"] = -1 if flow_bound is None else flow_bound
        certificate["candidate_graph_matched"] = matched
        if flow_bound is not None and matched >= flow_bound:
            maximum = matched
            proof = "equals the class-level max flow"
            certificate["repair_pairs_added"] = 0
        else:
            grown = augment_to_maximum(classes, check, mate, flow_bound)
            maximum = grown.matched
            proof = (
                "equals the class-level max flow"
                if flow_bound is not None and maximum >= flow_bound
                else "no augmenting path in the full graph"
            )
            graph, added = _with_pairs(cohort, scorer, graph, grown.mentee, grown.mentor, "repair")
            certificate["repair_phases"] = grown.phases
            certificate["repair_paths"] = grown.paths
            certificate["repair_pairs_added"] = added
            if added:
                assignment = solve(mode, graph, cohort, options)
        certificate["full_graph_max_matched"] = maximum
        certificate["full_graph_max_matched_proof"] = proof
        clock.stop()

        progress = clock.start("pricing", n)
        priced = MatchOptions(
            k=options.k,
            k_mentor=options.k_mentor,
            pricing_rounds=options.pricing_rounds,
            target_gap=options.target_gap / 10 if options.pricing else options.target_gap,
        )
        graph, assignment, info = pricing_pass(
            cohort, constraints, scorer, graph, assignment, priced, progress, scanner
        )
        certificate.update(info)
        certificate["candidate_pairs"] = len(graph)
        score_bound_value = float(info["full_graph_score_bound"])
        clock.stop()
        got = int(np.count_nonzero(assignment.arc >= 0))
        if got != maximum:
            raise RuntimeError(f"matched {got} but the full-graph maximum is {maximum}")
    elif refilled:
        assert scorer is not None
        assert floor is not None
        score_bound_value = _verify_stable(
            cohort, scorer, check, scanner, graph, assignment, floor, certificate, clock
        )
    else:
        progress = clock.start("repair", n)
        only_free = mode == "greedy"
        checked = mode == "greedy" or options.rank_by == "scores"
        rounds = 0
        added_total = 0
        remaining = 0
        score_bound_value = np.inf
        # Each mentee's best score over the full graph and best few mentors, from the first
        # (complete) scan. Later rounds skip mentees who hold their best (they cannot block),
        # settle from the list those who hold at least its floor (only a listed mentor can
        # block with them), and scan every mentor only for the rest.
        best: np.ndarray | None = None
        lists: Shortlists | None = None
        while checked:
            rounds += 1
            mine, load, least = held(graph, assignment, cohort)
            full_mentor = load >= cohort.capacity
            if only_free:
                mine = np.where(np.isfinite(mine), np.inf, -np.inf)
                worst = np.where(full_mentor, np.inf, -np.inf)
            else:
                worst = np.where(full_mentor, least, -np.inf)
            if best is None or lists is None:
                scan = blocking_scan(scanner, mine, worst, progress, shortlist=True)
                best, lists = scan.best, scan.shortlists
                score_bound_value = scan.best_sum
                e, j = scan.mentee, scan.mentor
            else:
                hopeful = could_block(mine, best)
                wide = needs_scan(lists, hopeful, mine)
                scan = blocking_scan(scanner, mine, worst, progress, mentees=hopeful[wide])
                listed_e, listed_j = shortlist_blocking(lists, hopeful[~wide], mine, worst)
                e = np.concatenate([scan.mentee, listed_e])
                j = np.concatenate([scan.mentor, listed_j])
            ok = check(e, j)
            s = scorer.pair_scores(e, j)
            ok &= (s > mine[e]) & (s > worst[j])
            e, j = e[ok], j[ok]
            remaining = len(e)
            if remaining == 0 or rounds > options.repair_rounds:
                break
            graph, added = _with_pairs(cohort, scorer, graph, e, j, "blocking pairs")
            added_total += added
            if added == 0:
                break
            assignment = solve(mode, graph, cohort, options)
        certificate["full_graph_checked"] = checked
        if checked:
            key = (
                "full_graph_free_places_beside_unmatched"
                if only_free
                else "full_graph_blocking_pairs"
            )
            # Mentees still in a blocking pair after the last round (0 when it converged).
            certificate[key] = remaining
            certificate["repair_rounds"] = rounds
            certificate["repair_pairs_added"] = added_total
        else:
            score_bound_value = blocking_scan(
                scanner, np.full(n, np.inf), np.full(m, np.inf), progress
            ).best_sum
        certificate["candidate_pairs"] = len(graph)
        clock.stop()

    unmatched = np.flatnonzero(assignment.arc < 0)
    degrees = full_degrees(classes, check, unmatched)
    return FullGraphFacts(
        graph,
        assignment,
        certificate,
        score_bound_value,
        dict(zip(unmatched.tolist(), degrees.tolist(), strict=True)),
    )


def _stable_on_scores(mode: Mode, scorer: Scorer | None, options: MatchOptions) -> bool:
    """Whether this is stable mode with both sides ranking by a score Tandem computes: what
    the class fill and the refills both need."""
    return mode == "stable" and options.rank_by == "scores" and scorer is not None


def _stable_by_refills(
    mode: Mode, graph: CandidateGraph, scorer: Scorer | None, options: MatchOptions
) -> bool:
    """Whether stable mode runs deferred acceptance with refills over the full graph: both
    sides rank by score and the candidate graph came from streamed generation."""
    return (
        _stable_on_scores(mode, scorer, options)
        and not graph.complete
        and graph.generator is not None
    )


def _refill_stable(
    cohort: Cohort,
    scorer: Scorer,
    scanner: Scanner,
    graph: CandidateGraph,
    floor: np.ndarray,
    certificate: dict[str, float | int | bool | str],
    clock: _Clock,
) -> StableOutcome:
    """Deferred acceptance whose lists are refilled from the full graph (see fullstable)."""
    progress = clock.start("refill", cohort.n_mentees)
    outcome = stable_on_full_graph(cohort, scorer, graph, scanner, floor, progress)
    certificate.update(outcome.info)
    clock.stop()
    return outcome


def _verify_stable(
    cohort: Cohort,
    scorer: Scorer,
    check: PairCheck,
    scanner: Scanner,
    graph: CandidateGraph,
    assignment: Assignment,
    floor: np.ndarray,
    certificate: dict[str, float | int | bool | str],
    clock: _Clock,
) -> float:
    """A fresh count of blocking pairs over every allowed pair; returns a bound on the score."""
    progress = clock.start("verify", cohort.n_mentees)
    blocking, info = count_blocking(
        cohort, scorer, check, graph, assignment, scanner, floor, progress
    )
    certificate.update(info)
    certificate["full_graph_checked"] = True
    certificate["full_graph_blocking_pairs"] = blocking
    certificate["candidate_pairs"] = len(graph)
    # Each mentee's best pair is in the final graph or scores at most their generation floor.
    best = np.zeros(cohort.n_mentees)
    np.maximum.at(best, graph.mentee, graph.score)
    best = np.clip(np.maximum(best, floor), 0.0, 1.0)
    bound = float(best.sum() + SCAN_TOLERANCE * cohort.n_mentees)
    clock.stop()
    return bound


def class_facts(
    cohort: Cohort, constraints: Constraints, scorer: Scorer, solved: ClassSolution
) -> tuple[CandidateGraph, Assignment, FullGraphFacts]:
    """The graph, assignment and full-graph facts of a matching dealt out from the class
    optimum (see :mod:`.interchangeable`)."""
    matched = len(solved.mentee)
    if matched != solved.max_matched:
        raise RuntimeError(
            f"dealt out {matched} but the class-level maximum is {solved.max_matched}"
        )
    total = float(solved.score.sum())
    bound = max(solved.bound, total)
    certificate: dict[str, float | int | bool | str] = {
        **solved.info,
        "full_graph": "every allowed pair, by classes of interchangeable people",
        "mentee_classes": solved.classes.n_mentee_classes,
        "mentor_classes": solved.classes.n_mentor_classes,
        "class_flow_bound": solved.max_matched,
        "full_graph_max_matched": solved.max_matched,
        "full_graph_max_matched_proof": "equals the class-level max flow",
        "full_graph_score_bound": bound,
        "full_graph_score_bound_proof": "class-level optimum without the pair exclusions",
        "pricing_gap": max(0.0, (bound - total) / bound) if bound > 0 else 0.0,
        "max_flow": matched,
        "objective": total,
    }
    info: dict[str, float | int | bool | str] = {
        "status": "OPTIMAL",
        "max_flow": matched,
        "objective": total,
    }
    return _dealt_facts(cohort, constraints, scorer, solved, certificate, bound, info)


def class_stable_facts(
    cohort: Cohort, constraints: Constraints, scorer: Scorer, solved: DealtMatching
) -> tuple[CandidateGraph, Assignment, FullGraphFacts]:
    """The graph, assignment and full-graph facts of a stable matching filled on classes
    (see :mod:`.classstable`)."""
    bound = max(solved.bound, float(solved.score.sum()))
    certificate: dict[str, float | int | bool | str] = {
        **solved.info,
        "full_graph": "every allowed pair, by classes of interchangeable people",
        "mentee_classes": solved.classes.n_mentee_classes,
        "mentor_classes": solved.classes.n_mentor_classes,
        "full_graph_checked": True,
        "full_graph_blocking_pairs": 0,
        "full_graph_blocking_pairs_proof": (
            "no allowed class pair scores above both classes' least held scores"
        ),
        "full_graph_score_bound": bound,
    }
    return _dealt_facts(cohort, constraints, scorer, solved, certificate, bound, {})


def _dealt_facts(
    cohort: Cohort,
    constraints: Constraints,
    scorer: Scorer,
    solved: DealtMatching,
    certificate: dict[str, float | int | bool | str],
    bound: float,
    info: dict[str, float | int | bool | str],
) -> tuple[CandidateGraph, Assignment, FullGraphFacts]:
    n = cohort.n_mentees
    graph = CandidateGraph(
        solved.mentee,
        solved.mentor,
        solved.score,
        False,
        "classes of interchangeable people, dealt out",
    )
    arc = np.full(n, -1, dtype=np.int64)
    arc[solved.mentee] = np.arange(len(solved.mentee))
    check_assignment(arc, graph.mentee, graph.mentor, cohort.capacity)
    assignment = Assignment(arc, info)
    unmatched = np.flatnonzero(arc < 0)
    check = PairCheck(cohort, constraints, scorer)
    degrees = full_degrees(solved.classes, check, unmatched)
    facts = FullGraphFacts(
        graph,
        assignment,
        certificate,
        bound,
        dict(zip(unmatched.tolist(), degrees.tolist(), strict=True)),
    )
    return graph, assignment, facts


def _round_score(value: float, supplied: bool) -> float:
    return value if supplied else round(value, 6)


# Mentee -> (mentor, score, reasons) of the pairs explained ahead.
Explained = dict[int, tuple[int, float, tuple[str, ...]]]


def _reasons_ahead(
    cohort: Cohort,
    scorer: Scorer | None,
    graph: CandidateGraph,
    assignment: Assignment,
    supplied: bool,
    options: MatchOptions,
) -> Ahead[Explained] | None:
    """The reasons of the pairs found so far, written on another core while the full-graph
    pass works; the pass keeps most pairs (92% on the 100,000-mentee stars cohort), and the
    explain stage writes only the rest."""
    if scorer is None or not worth_forking(cohort.n_mentees, options.processes):
        return None
    if not (assignment.arc >= 0).any():  # stable mode's refills solve from nothing
        return None
    text = scorer.text

    def work() -> Explained:
        out: Explained = {}
        for i in np.flatnonzero(assignment.arc >= 0).tolist():
            a = int(assignment.arc[i])
            j = int(graph.mentor[a])
            score = _round_score(float(graph.score[a]), supplied)
            out[i] = (j, score, tuple(pair_reasons(cohort, scorer, text, i, j, score)))
        return out

    return Ahead(work)


def run_match(
    instance: Instance,
    mode: Mode,
    options: MatchOptions | None = None,
    reporter: Reporter | None = None,
    fitting: Ahead[FittedText] | None = None,
) -> Run:
    """One run. ``fitting``, from :func:`text_ahead` on the document ``instance`` was read
    from, is the text model already being fitted."""
    options = options or MatchOptions()
    clock = _Clock(reporter or Reporter())
    began = time.perf_counter()
    cohort, constraints, scorer = prepare(instance, options, clock, fitting)

    solved: DealtMatching | None = None
    if (
        (mode == "optimal" or _stable_on_scores(mode, scorer, options))
        and options.class_solve
        and scorer is not None
        and instance.scores is None
        and cohort.n_mentees * cohort.n_mentors > options.full_graph_limit
    ):
        # Tie-heavy cohorts: the whole full graph through classes of interchangeable people,
        # when they are few and no exclusion bites; the candidate path otherwise.
        clock.start("classes")
        if mode == "optimal":
            solved = solve_on_classes(cohort, constraints, scorer)
        else:
            solved = stable_on_classes(cohort, constraints, scorer)
        clock.stop()
        if solved is not None:
            # The class solve is this run's solve stage.
            clock.timings[-1].name = "solve"
    certificate: dict[str, float | int | bool | str]
    supplied = instance.scores is not None
    ahead: Ahead[Explained] | None = None
    if solved is not None:
        assert scorer is not None
        if isinstance(solved, ClassSolution):
            graph, assignment, full = class_facts(cohort, constraints, scorer, solved)
        else:
            graph, assignment, full = class_stable_facts(cohort, constraints, scorer, solved)
        certificate = {
            "candidate_pairs": len(graph),
            "candidate_graph": graph.source,
            "candidate_graph_is_full_graph": False,
        }
    else:
        progress = clock.start("candidates", cohort.n_mentees)
        # Stable mode refills each mentee's list from the row side's floor; pairs from the
        # mentor side would only add entries under it (a quarter of the stage's work).
        by_refills = _stable_on_scores(mode, scorer, options)
        graph = build_candidates(
            cohort,
            constraints,
            scorer,
            k=options.k,
            k_mentor=0 if by_refills else options.k_mentor,
            full_graph_limit=options.full_graph_limit,
            progress=progress,
        )
        clock.stop()

        clock.start("solve")
        if _stable_by_refills(mode, graph, scorer, options):
            # Solved over the full graph in the repair stage; a solve on the candidate graph
            # alone would be thrown away.
            assignment = Assignment(np.full(cohort.n_mentees, -1, dtype=np.int64))
        else:
            assignment = solve(mode, graph, cohort, options)
        certificate = {
            "candidate_pairs": len(graph),
            "candidate_graph": graph.source,
            "candidate_graph_is_full_graph": graph.complete,
        }
        certificate.update(assignment.info)
        clock.stop()

        ahead = _reasons_ahead(cohort, scorer, graph, assignment, supplied, options)
        with cancelled_on_failure(ahead):
            full = full_graph_pass(
                mode, cohort, constraints, scorer, graph, assignment, options, clock
            )
    graph, assignment = full.graph, full.assignment
    certificate.update(full.certificate)

    progress = clock.start("explain", cohort.n_mentees)
    known = ahead.result() if ahead is not None else None
    text: TextModel | None = scorer.text if scorer is not None else None
    if text is None and any(m.goals or m.skills_wanted for m in instance.mentees):
        text = fit_cohort_text(instance)
    explainer = UnmatchedExplainer(
        cohort, constraints, scorer, graph, mode, full_degree=full.unmatched_degree
    )
    arc = assignment.arc
    n = cohort.n_mentees

    def explained(start: int, stop: int) -> list[Pair | Unmatched]:
        out: list[Pair | Unmatched] = []
        for i in range(start, stop):
            a = int(arc[i])
            if a >= 0:
                j = int(graph.mentor[a])
                score = _round_score(float(graph.score[a]), supplied)
                hit = known.get(i) if known is not None else None
                if hit is not None and hit[:2] == (j, score):
                    reasons = hit[2]
                else:
                    reasons = tuple(pair_reasons(cohort, scorer, text, i, j, score))
                out.append(Pair(cohort.mentee_ids[i], cohort.mentor_ids[j], score, reasons))
            else:
                out.append(Unmatched(cohort.mentee_ids[i], explainer.reason(i)))
            # Only the first range is worked out in this process, and it stands for them all.
            if start == 0 and i % 4096 == 0:
                progress(i * n // stop, n)
        return out

    # With the reasons written ahead, what is left is too little to share.
    rows = map_ranges(explained, n, 1 if known is not None else options.processes)
    pairs = [row for row in rows if isinstance(row, Pair)]
    unmatched = [row for row in rows if isinstance(row, Unmatched)]
    progress(n, n)
    total = math.fsum(p.score for p in pairs)
    total = round(total, 9 if supplied else 6)
    if full.score_bound is not None:
        # Rounded up, so that rounding never takes the bound below what it bounds.
        upper = max(math.ceil(full.score_bound * 1e6) / 1e6, total)
    elif mode == "optimal":
        upper = total
    else:
        upper = round(max(score_bound(graph, cohort.capacity, cohort.n_mentees), total), 9)
    certificate["upper_bound_graph"] = "all allowed pairs"
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
