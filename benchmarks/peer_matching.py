"""Peer matching benchmark: pools of 500, 1,000 and 5,000 people, each both mentor and mentee.

Run with `make benchmark` or `python benchmarks/peer_matching.py [--sizes 500,1000,5000]`.

Each pool is generated like the mentoring cohorts of benchmarks/matching.py (an org chart with
managers and departments, languages, time zones, free-text goals and expertise written from
the shared skills list and its aliases, structured answers, a few stated preferences and
forbidden pairs), except that every person carries both sides. Each size runs
`tandem.matching.engine.peer.match_peers` in a process of its own, so that peak memory is that
run's own, and prints seconds per stage, peak memory, the total mutual fit, the bound on the
full graph, the gap between them, the people matched, and whether the result is the proved
optimum (full graph solved by blossom) or a top-k graph repaired on the full graph.

Target (2 cores): 5,000 people in <= 30 s end to end.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from matching import (  # noqa: E402
    DEPARTMENTS,
    EXPERTISE_TEMPLATES,
    FOCUS,
    FORMAT,
    FREQUENCY,
    GENERAL,
    GOAL_TEMPLATES,
    LANGUAGES,
    OFFSETS,
    STYLE,
    _phrase,
    _weighted,
)
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

TARGET_SECONDS = 30.0
TARGET_SIZE = 5_000


def generate(size: int, seed: int = 7) -> dict[str, Any]:
    """A peer pool as plain data: the org chart, the peers, forbidden pairs and the rules."""
    rng = random.Random(seed)
    dept_names = list(DEPARTMENTS)
    n_people = int(size * 1.2)
    people: list[dict[str, Any]] = [{"id": "u0", "manager": None, "department": "Strategy"}]
    by_dept: dict[str, list[int]] = {}
    for d in dept_names:
        people.append({"id": f"u{len(people)}", "manager": "u0", "department": d})
        by_dept[d] = [len(people) - 1]
    while len(people) < n_people:
        d = rng.choice(dept_names)
        members = by_dept[d]
        boss = members[int(len(members) * rng.random() ** 2 * 0.35)]
        people.append({"id": f"u{len(people)}", "manager": f"u{boss}", "department": d})
        members.append(len(people) - 1)
    chosen = rng.sample(range(1, n_people), size)
    peers: list[dict[str, Any]] = []
    for i in chosen:
        own = people[i]["department"]
        wanted = own if rng.random() < 0.6 else rng.choice(dept_names)
        want = rng.sample(DEPARTMENTS[wanted] + GENERAL, 3)
        have = rng.sample(DEPARTMENTS[own] + GENERAL, 4)
        peers.append(
            {
                "id": people[i]["id"],
                "languages": [lang for lang, p in LANGUAGES if rng.random() < p] or ["en"],
                "utc_offset_hours": _weighted(rng, OFFSETS),
                "goals": rng.choice(GOAL_TEMPLATES).format(
                    a=_phrase(rng, want[0]), b=_phrase(rng, want[1])
                ),
                "skills_wanted": [want[2]] if rng.random() < 0.7 else [],
                "expertise": rng.choice(EXPERTISE_TEMPLATES).format(
                    n=rng.randint(2, 20),
                    dept=own.lower(),
                    a=_phrase(rng, have[0]),
                    b=_phrase(rng, have[1]),
                    c=_phrase(rng, have[2]),
                ),
                "skills": [have[0], have[3]],
                "answers": {
                    "frequency": rng.choice(FREQUENCY),
                    "format": rng.choice(FORMAT),
                    "style": rng.choice(STYLE),
                    "focus_areas": rng.sample(FOCUS, rng.randint(1, 3)),
                },
            }
        )
    ids = [p["id"] for p in peers]
    for p in peers:
        if rng.random() < 0.05:
            p["preferences"] = [x for x in rng.sample(ids, 2) if x != p["id"]]
    forbidden = [list(rng.sample(ids, 2)) for _ in range(size // 100)]
    return {
        "people": people,
        "peers": peers,
        "forbidden": forbidden,
        "rules": {"max_timezone_gap_hours": 6.0},
    }


def run_one(size: int, seed: int, exact_up_to: int | None) -> dict[str, Any]:
    """Generate and match one pool in this process; the figures as a dict."""
    from tandem.matching.engine.model import Person, Rules, Weights
    from tandem.matching.engine.peer import EXACT_UP_TO, Peer, match_peers
    from tandem.matching.engine.pipeline import peak_rss_mib

    data = generate(size, seed)
    org = [Person(p["id"], p["manager"], p["department"]) for p in data["people"]]
    pool = [
        Peer(
            id=p["id"],
            languages=tuple(p["languages"]),
            utc_offset_hours=p["utc_offset_hours"],
            goals=p["goals"],
            skills_wanted=tuple(p["skills_wanted"]),
            expertise=p["expertise"],
            skills=tuple(p["skills"]),
            answers={k: tuple(v) if isinstance(v, list) else v for k, v in p["answers"].items()},
            preferences=tuple(p.get("preferences", ())),
        )
        for p in data["peers"]
    ]
    before = peak_rss_mib()
    started = time.perf_counter()
    cpu = time.process_time()
    result = match_peers(
        pool,
        Rules(**data["rules"]),
        Weights(),
        org=org,
        forbidden=[(a, b) for a, b in data["forbidden"]],
        exact_up_to=EXACT_UP_TO if exact_up_to is None else exact_up_to,
    )
    return {
        "size": size,
        "seconds": time.perf_counter() - started,
        "cpu": time.process_time() - cpu,
        "peak_mib": peak_rss_mib(),
        "peak_before_mib": before,
        "total": result.total_score,
        "bound": result.upper_bound,
        "gap": result.gap,
        "matched": result.matched,
        "exact": result.exact,
        "certificate": result.certificate,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--sizes", default="500,1000,5000")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--exact-up-to", type=int, default=None, help="largest pool solved on the full graph"
    )
    parser.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one is not None:
        print(json.dumps(run_one(args.one, args.seed, args.exact_up_to)))
        return 0

    console = Console(width=170)
    console.print(
        f"[bold]Peer matching benchmark[/] on {os.cpu_count()} cores, "
        f"Python {sys.version.split()[0]}"
    )
    stages = Table(title="Stages (seconds)")
    for column in ("size", "graph", "scoring", "solve", "repair", "bound", "candidate pairs"):
        stages.add_column(column, justify="right")
    table = Table(title="Peer matching against the target (full graph = every allowed pair)")
    for column in (
        "size",
        "seconds (target)",
        "CPU s",
        "peak MiB",
        "total fit",
        "full-graph bound",
        "gap",
        "matched",
        "full-graph pairs",
        "load avg",
        "result",
    ):
        table.add_column(column, justify="right")
    failed = False
    for size in [int(s) for s in args.sizes.split(",")]:
        command = [sys.executable, __file__, "--one", str(size), "--seed", str(args.seed)]
        if args.exact_up_to is not None:
            command += ["--exact-up-to", str(args.exact_up_to)]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            console.print(done.stderr)
            return 2
        row = json.loads(done.stdout.strip().splitlines()[-1])
        cert = row["certificate"]
        limit = TARGET_SECONDS if size >= TARGET_SIZE else None
        ok = limit is None or row["seconds"] <= limit
        failed |= not ok
        load = os.getloadavg()[0]
        stages.add_row(
            f"{size:,}",
            "full (exact)" if row["exact"] else str(cert["candidate_graph"]),
            f"{cert['seconds_scoring']:.2f}",
            f"{cert['seconds_solve']:.2f}",
            f"{cert['seconds_repair']:.2f}",
            f"{cert['seconds_bound']:.2f}",
            f"{cert['candidate_graph_pairs']:,}",
        )
        table.add_row(
            f"{size:,}",
            f"{row['seconds']:.2f}" + (f" (≤ {limit:g})" if limit else ""),
            f"{row['cpu']:.2f}",
            f"{row['peak_mib']:.0f}",
            f"{row['total']:.3f}",
            f"{row['bound']:.3f}",
            f"{100 * row['gap']:.3f}%",
            f"{row['matched']:,} / {size:,}",
            f"{cert['full_graph_pairs']:,}",
            f"{load:.2f}",
            ("optimal" if row["exact"] else "within gap") + ("" if ok else ", TOO SLOW"),
        )
    console.print(stages)
    console.print(table)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
