"""Group matching benchmark: a whole cohort into circles, at 2,000 x 100 and 20,000 x 1,000.

Run with `make benchmark` or `python benchmarks/group_matching.py [--sizes 2000x100,20000x1000]`.

Each size takes the cohort of `benchmarks/matching.py` (org chart with managers inside the
cohort, languages, time zones within a 6-hour window, free-text goals and expertise from the
shared skills list, structured answers, some stated preferences) and forms the circles from
its mentors: one mentor each, and every fifth circle a second mentor who shares a language and
is within the window. Circles hold 3 to `mentees / circles` mentees, so every place counts.

Each size runs in its own process so that peak RSS is that run's own, and prints: seconds,
peak memory, total fit, the bound (the same flow without the pairwise rules or minimum
sizes, over each mentee's 24 best circles), the gap, mentees matched against the bound's
count, circles below the minimum (there should be none), and the verdict against the target:
20,000 x 1,000 in 30 s or less on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

TARGET_SECONDS = 30.0
TARGET_SIZE = (20_000, 1_000)


def circles_for(instance: Any, n_circles: int) -> list[Any]:
    """The first mentors lead the circles; every fifth takes a compatible co-mentor."""
    from tandem.matching.engine.group import Circle, mentor_topic

    gap = instance.rules.max_timezone_gap_hours
    leads = instance.mentors[:n_circles]
    spare = list(instance.mentors[n_circles:])
    circles = []
    for k, lead in enumerate(leads):
        mentors = [lead]
        if k % 5 == 0:
            for j, other in enumerate(spare):
                close = (
                    gap is None
                    or lead.utc_offset_hours is None
                    or other.utc_offset_hours is None
                    or abs(lead.utc_offset_hours - other.utc_offset_hours) <= gap
                )
                if close and set(lead.languages) & set(other.languages):
                    mentors.append(spare.pop(j))
                    break
        circles.append(
            Circle(
                id=f"circle-{k}",
                mentors=tuple(mentors),
                topic=" . ".join(mentor_topic(m) for m in mentors),
            )
        )
    return circles


def run_one(n_mentees: int, n_circles: int, seed: int) -> dict[str, Any]:
    from matching import generate

    from tandem.matching.engine import parse_instance
    from tandem.matching.engine.group import match_circles

    doc = generate(n_mentees, seed=seed)
    doc["forbidden"] = []
    instance = parse_instance(doc)
    circles = circles_for(instance, n_circles)
    max_size = max(3, -(-n_mentees // n_circles))
    started = time.perf_counter()
    cpu = time.process_time()
    result = match_circles(
        circles,
        instance.mentees,
        instance.people,
        instance.rules,
        instance.weights,
        min_size=3,
        max_size=max_size,
    )
    seconds = time.perf_counter() - started
    return {
        "mentees": n_mentees,
        "circles": n_circles,
        "max_size": max_size,
        "seconds": seconds,
        "cpu": time.process_time() - cpu,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "total_fit": result.total_fit,
        "bound": result.upper_bound,
        "gap": result.gap,
        "matched": result.matched,
        "bound_matched": result.bound_matched,
        "below_minimum": len(result.below_minimum),
        "dissolved": sum(1 for c in result.circles if c.dissolved_reason),
        "method": result.method,
        "load": os.getloadavg()[0],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="2000x100,20000x1000", help="MENTEESxCIRCLES,...")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    if args.one:
        n, c = (int(x) for x in args.one.split("x"))
        print(json.dumps(run_one(n, c, args.seed)))
        return 0
    console = Console(width=170)
    console.print(f"[bold]Group matching benchmark[/] on {os.cpu_count()} cores")
    table = Table(title="Mentees into circles (fit = the one-to-one score against the circle)")
    for column in (
        "mentees",
        "circles",
        "size",
        "method",
        "seconds (target)",
        "CPU s",
        "peak MiB",
        "total fit",
        "bound",
        "gap",
        "matched / bound",
        "below minimum",
        "dissolved",
        "load avg",
        "result",
    ):
        table.add_column(column, justify="right")
    failed = False
    for size in args.sizes.split(","):
        out = subprocess.run(
            [sys.executable, __file__, "--one", size, "--seed", str(args.seed)],
            capture_output=True,
            text=True,
            check=False,
        )
        if out.returncode != 0:
            console.print(out.stderr)
            return 2
        row = json.loads(out.stdout.strip().splitlines()[-1])
        at_target = (row["mentees"], row["circles"]) == TARGET_SIZE
        ok = row["below_minimum"] == 0 and (not at_target or row["seconds"] <= TARGET_SECONDS)
        failed |= not ok
        table.add_row(
            f"{row['mentees']:,}",
            f"{row['circles']:,}",
            f"3..{row['max_size']}",
            row["method"],
            f"{row['seconds']:.1f}" + (f" ({TARGET_SECONDS:.0f})" if at_target else ""),
            f"{row['cpu']:.1f}",
            f"{row['peak_mib']:.0f}",
            f"{row['total_fit']:.1f}",
            f"{row['bound']:.1f}",
            f"{100 * row['gap']:.2f}%",
            f"{row['matched']:,} / {row['bound_matched']:,}",
            str(row["below_minimum"]),
            str(row["dissolved"]),
            f"{row['load']:.2f}",
            "pass" if ok else "FAIL",
        )
    console.print(table)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
