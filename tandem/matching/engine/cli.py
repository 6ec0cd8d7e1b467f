"""``tandem match-file``: run the matching engine on a file, with no database.

    tandem match-file INPUT.json --mode optimal|stable|greedy --output RESULT.json
    tandem match-file people.csv participants.csv --mode stable --output result.csv

Exit status: 0 on success, 2 for bad input (the message names the record and the field),
1 for anything unexpected.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from .errors import InputError
from .features import FittedText
from .forked import Ahead, cancelled_on_failure
from .loading import load_csv, read_json_document
from .model import MODES, Instance, Mode, Rules
from .output import write_result
from .pipeline import (
    MatchOptions,
    ProgressFn,
    Reporter,
    Run,
    StageTiming,
    peak_rss_mib,
    run_match,
    text_ahead,
)
from .solvers import blocking_pairs
from .validation import parse_instance, parse_weights


class RichReporter(Reporter):
    """A progress bar per stage, drawn on stderr so stdout stays clean for piping."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self.console = Console(stderr=True)
        self.progress = Progress(
            TextColumn("[bold]{task.description:<11}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=self.console,
            transient=False,
        )
        self.task: Any = None

    def __enter__(self) -> RichReporter:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def stage(self, name: str, total: int | None = None) -> ProgressFn:
        task = self.progress.add_task(name, total=total)
        self.task = task

        def update(done: int, total_now: int) -> None:
            self.progress.update(task, completed=done, total=total_now)

        return update

    def done(self, name: str, seconds: float) -> None:
        if self.task is not None:
            task = self.progress.tasks[-1]
            self.progress.update(self.task, completed=task.total or 1, total=task.total or 1)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tandem match-file",
        description="Match a cohort from a tandem-match/1 JSON file or a people/participants "
        "CSV pair, and write the result as JSON or CSV.",
    )
    parser.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="INPUT.json, or people.csv participants.csv (or participants.csv alone)",
    )
    parser.add_argument("--mode", choices=MODES, default="optimal")
    parser.add_argument(
        "--output", "-o", default="-", help="RESULT.json or RESULT.csv; '-' writes JSON to stdout"
    )
    rules = parser.add_argument_group("rules for CSV input (JSON input carries its own)")
    rules.add_argument("--max-timezone-gap", type=float, default=None, metavar="HOURS")
    rules.add_argument("--min-score", type=float, default=None)
    rules.add_argument("--exclude-same-department", action="store_true", default=None)
    rules.add_argument("--allow-management-chain", action="store_true", default=None)
    rules.add_argument("--no-shared-language", action="store_true", default=None)
    parser.add_argument(
        "--weights",
        default=None,
        metavar="NAME=W,...",
        help="score weights, e.g. goals=0.6,expectations=0.2,preferences=0.2,cross_department=0,"
        "junior_mentor=0",
    )
    parser.add_argument(
        "--rank-by",
        choices=("scores", "stated"),
        default="scores",
        help="stable mode: mentees rank mentors by score, or by their stated ranking first",
    )
    defaults = MatchOptions()
    parser.add_argument("--k", type=int, default=defaults.k, help="candidates kept per mentee")
    parser.add_argument(
        "--k-mentor", type=int, default=defaults.k_mentor, help="candidates kept per mentor"
    )
    parser.add_argument(
        "--pricing",
        action="store_true",
        help="optimal mode: more pricing rounds, towards a tenth of the usual gap (pricing "
        "always runs when the candidate graph is not the full graph)",
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=_cores(),
        metavar="N",
        help="processes that fit the text model and write the reasons: this one and forked "
        "copies of it (default: the cores this process may use)",
    )
    parser.add_argument(
        "--reference-time",
        default=None,
        metavar="ISO8601",
        help="instant at which IANA time zones are turned into UTC offsets (default: now)",
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    parser.add_argument(
        "--stats",
        default=None,
        metavar="PATH",
        help="write stage timings, peak memory and blocking pairs as JSON (for benchmarks)",
    )
    parser.add_argument(
        "--timings", action="store_true", help="print each stage's time and peak memory to stderr"
    )
    return parser


def _cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _weights(text: str | None) -> dict[str, float] | None:
    if text is None:
        return None
    out: dict[str, float] = {}
    for item in text.split(","):
        name, _, value = item.partition("=")
        try:
            out[name.strip()] = float(value)
        except ValueError as exc:
            raise InputError(
                "--weights", name.strip() or "weights", f"not a number: {value!r}"
            ) from exc
    return out


def _rules(args: argparse.Namespace, base: Rules) -> Rules:
    return Rules(
        exclude_management_chain=(
            base.exclude_management_chain if not args.allow_management_chain else False
        ),
        exclude_same_department=(
            True if args.exclude_same_department else base.exclude_same_department
        ),
        require_shared_language=(
            base.require_shared_language if not args.no_shared_language else False
        ),
        max_timezone_gap_hours=(
            args.max_timezone_gap
            if args.max_timezone_gap is not None
            else base.max_timezone_gap_hours
        ),
        min_score=args.min_score if args.min_score is not None else base.min_score,
    )


def load_inputs(
    args: argparse.Namespace, options: MatchOptions | None = None
) -> tuple[Instance, Ahead[FittedText] | None]:
    """The instance, and for a JSON document with ``options`` allowing it, its text model
    already being fitted on another core (see :func:`pipeline.text_ahead`)."""
    reference = None
    if args.reference_time:
        try:
            reference = datetime.fromisoformat(args.reference_time)
        except ValueError as exc:
            raise InputError(
                "--reference-time", "reference_time", "not an ISO 8601 instant"
            ) from exc
    weights_raw = _weights(args.weights)
    paths = [Path(p) for p in args.inputs]
    if len(paths) > 2:
        raise InputError("command line", "INPUT", "give one JSON file or at most two CSV files")
    if all(p.suffix.lower() == ".csv" for p in paths):
        people = paths[0] if len(paths) == 2 else None
        weights = parse_weights(weights_raw, "--weights") if weights_raw else None
        if args.min_score is not None and not 0 <= args.min_score <= 1:
            raise InputError(
                "--min-score", "min_score", f"must be between 0 and 1, got {args.min_score}"
            )
        return load_csv(people, paths[-1], _rules(args, Rules()), weights, reference), None
    if len(paths) != 1:
        raise InputError("command line", "INPUT", "give one JSON file, or CSV files only")
    document = read_json_document(paths[0])
    text = text_ahead(document, options) if options is not None else None
    with cancelled_on_failure(text):
        instance = parse_instance(document, reference)
        if weights_raw:
            instance.weights = parse_weights(weights_raw, "--weights")
        overrides = (
            args.max_timezone_gap,
            args.min_score,
            args.exclude_same_department,
            args.allow_management_chain,
            args.no_shared_language,
        )
        if any(v is not None for v in overrides):
            instance.rules = _rules(args, instance.rules)
    return instance, text


def _read(
    args: argparse.Namespace, options: MatchOptions
) -> tuple[Instance, Ahead[FittedText] | None]:
    """:func:`load_inputs`, with what it read frozen out of any later collection (it lives to
    the end of the run)."""
    read = load_inputs(args, options)
    gc.freeze()
    return read


def _print_timings(timings: list[StageTiming]) -> None:
    for t in timings:
        print(
            f"{t.name:<11} {t.seconds:8.2f} s  cpu {t.cpu_seconds:7.2f} s"
            f"  peak {t.peak_rss_mib:8.0f} MiB",
            file=sys.stderr,
        )


def _write_stats(path: str, run: Run, timings: list[StageTiming]) -> None:
    import json

    graph = run.graph
    result = run.result
    stats = {
        "mode": result.mode,
        "matched": result.matched,
        "total_score": result.total_score,
        "upper_bound": result.upper_bound,
        "seconds": result.seconds,
        "peak_rss_mib": peak_rss_mib(),
        "blocking_pairs": blocking_pairs(
            run.assignment.arc, graph.mentee, graph.mentor, graph.score, run.cohort.capacity
        ),
        "timings": [
            {
                "name": t.name,
                "seconds": t.seconds,
                "cpu_seconds": t.cpu_seconds,
                "peak_rss_mib": t.peak_rss_mib,
            }
            for t in timings
        ],
        "certificate": result.certificate,
    }
    Path(path).write_text(json.dumps(stats, indent=1))


def main(argv: list[str] | None = None) -> int:
    # A run makes millions of objects (what it reads, the reasons, the result) and no
    # reference cycles to speak of, yet every burst of new objects sets off a collection
    # that walks them all: at 100,000 mentees that cost half a second to a second, and
    # collecting frees nothing. The collector is paused for the run and put back after.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _main(argv)
    finally:
        gc.unfreeze()
        if enabled:
            gc.enable()


def _main(argv: list[str] | None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    mode: Mode = args.mode
    options = MatchOptions(
        k=args.k,
        k_mentor=args.k_mentor,
        rank_by=args.rank_by,
        pricing=args.pricing,
        processes=max(1, args.processes),
    )
    show = not args.quiet
    reporter: RichReporter | None = None
    try:
        if show:
            reporter = RichReporter()
            reporter.__enter__()
        started = time.perf_counter()
        cpu_started = time.process_time()
        load_progress = reporter.stage("load", 1) if reporter else None
        instance, text = _read(args, options)
        load_seconds = time.perf_counter() - started
        if load_progress:
            load_progress(1, 1)
        load_timing = StageTiming(
            "load", load_seconds, peak_rss_mib(), time.process_time() - cpu_started
        )
        run = run_match(instance, mode, options, reporter, text)
        write_started = time.perf_counter()
        write_cpu = time.process_time()
        run.result.seconds = round(time.perf_counter() - started, 3)
        if args.output == "-":
            from .output import write_json

            write_json(run.result, sys.stdout)
        else:
            write_result(run.result, args.output)
        write_timing = StageTiming(
            "write",
            time.perf_counter() - write_started,
            peak_rss_mib(),
            time.process_time() - write_cpu,
        )
    except InputError as exc:
        if reporter:
            reporter.__exit__()
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        if reporter:
            reporter.__exit__()
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if reporter:
        reporter.__exit__()
    timings = [load_timing, *run.timings, write_timing]
    if args.timings:
        _print_timings(timings)
    if args.stats:
        _write_stats(args.stats, run, timings)
    result = run.result
    print(
        f"{result.mode}: matched {result.matched} of {result.matched + len(result.unmatched)}"
        f" mentees, total score {result.total_score:.4f} (bound {result.upper_bound:.4f})"
        f" in {result.seconds:.2f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    status = main()
    # Everything is written: spare the interpreter's last collections a walk over what is
    # about to be freed anyway.
    gc.freeze()
    sys.exit(status)
