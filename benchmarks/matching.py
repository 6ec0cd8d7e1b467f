"""Matching benchmark: realistic cohorts at 1k, 10k and 100k mentees (mentors = mentees / 4).

Run with `make benchmark` or `python benchmarks/matching.py [--sizes 1000,10000,100000]`.

For each size it generates a cohort (org chart with managers and departments, languages,
time zones, free-text goals and expertise written from the shared skills list and its
aliases, structured answers, some stated preferences and forbidden pairs), writes it as a
`tandem-match/1` file, and then:

* runs `tandem match-file` end to end for optimal, stable and greedy, each in its own
  process so that peak RSS is that run's own, and prints every stage's wall time and peak RSS;
* prints matched, total score, bound and blocking pairs for the three modes side by side;
* measures the floor in the same run: the bare score matrix product over all pairs (in
  blocks) plus the bare flow solve on the candidate graph;
* at sizes up to 10k, the exact optimum over the full graph against the candidate graph's;
* at larger sizes, the gap the pricing pass certifies.

Cohort shapes (``--shapes``): the free-text cohort; dropdown-only answers with identical
texts; a handful of star mentors everyone ranks first; language and time-zone islands where
some mentees cannot be matched at all. A last table sets every shape, size and mode against
the targets: matched against the full-graph maximum, objective against the full-graph bound,
blocking pairs over every allowed pair, wall and CPU time, peak memory and the load average.

Targets (2 cores, otherwise idle): every shape end to end <= 20 s and <= 2 GiB at 100k,
<= 3 s at 10k, in every mode; optimal matches the full-graph maximum and is within 0.1% of
the full-graph bound; stable has no blocking pair among all allowed pairs.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from machine import describe  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from tandem.matching.engine.skills import SKILLS  # noqa: E402

DEPARTMENTS: dict[str, list[str]] = {
    "Finance": [
        "forecasting",
        "budgeting",
        "financial planning",
        "financial modelling",
        "accounting",
        "treasury",
        "tax",
        "audit",
        "investor relations",
        "pricing",
    ],
    "Engineering": [
        "software architecture",
        "cloud infrastructure",
        "devops",
        "security",
        "frontend development",
        "backend development",
        "testing",
        "code review",
        "mobile development",
        "technical writing",
    ],
    "Data": [
        "data analysis",
        "statistics",
        "machine learning",
        "data engineering",
        "sql",
        "python",
        "data visualisation",
        "experimentation",
    ],
    "Product": [
        "product management",
        "user research",
        "agile",
        "experimentation",
        "strategic thinking",
        "stakeholder management",
        "project management",
    ],
    "Design": [
        "ux design",
        "user research",
        "innovation",
        "content strategy",
        "data visualisation",
    ],
    "Marketing": [
        "marketing",
        "digital marketing",
        "content strategy",
        "personal branding",
        "public speaking",
        "pricing",
    ],
    "Sales": [
        "sales",
        "negotiation",
        "account management",
        "partnerships",
        "influencing",
        "networking",
    ],
    "Customer Success": [
        "customer service",
        "account management",
        "conflict resolution",
        "operations",
    ],
    "People": [
        "hiring",
        "performance management",
        "diversity and inclusion",
        "employee engagement",
        "learning and development",
        "coaching",
        "change management",
    ],
    "Legal": ["legal", "compliance", "data protection", "risk management", "negotiation"],
    "Operations": [
        "operations",
        "supply chain",
        "procurement",
        "project management",
        "risk management",
        "sustainability",
    ],
    "Strategy": [
        "strategic thinking",
        "change management",
        "executive communication",
        "international business",
        "public policy",
        "entrepreneurship",
    ],
}
GENERAL = [
    "leadership",
    "people management",
    "executive presence",
    "decision making",
    "delegation",
    "feedback",
    "time management",
    "resilience",
    "confidence",
    "career development",
    "written communication",
    "public speaking",
    "stakeholder management",
    "influencing",
    "coaching",
    "networking",
]
LANGUAGES = [
    ("en", 0.86),
    ("fr", 0.12),
    ("de", 0.1),
    ("es", 0.12),
    ("pt", 0.05),
    ("hi", 0.06),
    ("zh", 0.05),
    ("ja", 0.03),
    ("ar", 0.03),
    ("nl", 0.03),
]
OFFSETS = [
    (-8, 0.08),
    (-7, 0.03),
    (-6, 0.06),
    (-5, 0.16),
    (-3, 0.04),
    (0, 0.14),
    (1, 0.2),
    (2, 0.06),
    (3, 0.02),
    (5.5, 0.08),
    (8, 0.07),
    (9, 0.03),
    (10, 0.03),
]
ZONES = {
    -8: "America/Los_Angeles",
    -5: "America/New_York",
    0: "Europe/London",
    1: "Europe/Berlin",
    5.5: "Asia/Kolkata",
    8: "Asia/Singapore",
    9: "Asia/Tokyo",
}
FREQUENCY = ["weekly", "fortnightly", "monthly"]
FORMAT = ["in person", "video", "phone", "hybrid"]
STYLE = ["coaching", "directive", "collaborative", "challenging"]
FOCUS = [
    "career growth",
    "leadership",
    "technical depth",
    "work-life balance",
    "networking",
    "confidence",
    "visibility",
]
GOAL_TEMPLATES = [
    "I want to get better at {a} and learn more about {b}.",
    "Looking for help with {a}; my next role needs strong {b} too.",
    "I struggle with {a}. I'd also like to understand {b} better.",
    "Hoping to grow in {a}, especially {b}, over the next year.",
    "My goal is to build confidence in {a} and {b}.",
]
EXPERTISE_TEMPLATES = [
    "{n} years in {dept}. I have led work on {a} and {b}, and coach others in {c}.",
    "Specialist in {a}; previously ran {b} for a regional team. Happy to help with {c}.",
    "I know {a} and {b} well, and have mentored people through {c}.",
    "Background in {dept} with deep experience of {a}, {b} and {c}.",
]


def _phrase(rng: random.Random, skill: str) -> str:
    # Half the time say it in other words, so the scorer must see through aliases.
    aliases = SKILLS.get(skill, ())
    if aliases and rng.random() < 0.5:
        return rng.choice(aliases)
    return skill


def _weighted(rng: random.Random, options: list[tuple[Any, float]]) -> Any:
    values, weights = zip(*options, strict=True)
    return rng.choices(values, weights=weights)[0]


def generate(n_mentees: int, seed: int = 7) -> dict[str, Any]:
    rng = random.Random(seed)
    n_mentors = max(1, n_mentees // 4)
    n_people = int((n_mentees + n_mentors) * 1.1)
    dept_names = list(DEPARTMENTS)
    people: list[dict[str, Any]] = [{"id": "u0", "manager": None, "department": "Strategy"}]
    by_dept: dict[str, list[int]] = {}
    for d in dept_names:
        people.append({"id": f"u{len(people)}", "manager": "u0", "department": d})
        by_dept[d] = [len(people) - 1]
    while len(people) < n_people:
        d = rng.choice(dept_names)
        members = by_dept[d]
        # Managers come from the earlier, more senior part of the department: a bushy tree a
        # handful of levels deep, like a real org chart.
        boss = members[int(len(members) * rng.random() ** 2 * 0.35)]
        people.append({"id": f"u{len(people)}", "manager": f"u{boss}", "department": d})
        members.append(len(people) - 1)
    order = list(range(1, n_people))
    # Mentors lean senior: sort a noisy seniority and take the top slice.
    order.sort(key=lambda i: i * rng.random())
    mentor_idx = order[:n_mentors]
    mentee_idx = order[n_mentors : n_mentors + n_mentees]

    def base(i: int) -> dict[str, Any]:
        langs = [lang for lang, p in LANGUAGES if rng.random() < p] or ["en"]
        record: dict[str, Any] = {"id": people[i]["id"], "languages": langs}
        offset = _weighted(rng, OFFSETS)
        if offset in ZONES and rng.random() < 0.05:
            record["timezone"] = ZONES[offset]
        else:
            record["utc_offset_hours"] = offset
        return record

    def skills_for(dept: str, k: int) -> list[str]:
        pool = DEPARTMENTS[dept] + GENERAL
        return rng.sample(pool, k)

    mentors = []
    for i in mentor_idx:
        dept = people[i]["department"]
        record = base(i)
        sk = skills_for(dept, 4)
        record.update(
            capacity=rng.randint(1, 5),
            expertise=rng.choice(EXPERTISE_TEMPLATES).format(
                n=rng.randint(3, 25),
                dept=dept.lower(),
                a=_phrase(rng, sk[0]),
                b=_phrase(rng, sk[1]),
                c=_phrase(rng, sk[2]),
            ),
            skills=[sk[0], sk[3]],
            answers={
                "frequency": rng.choice(FREQUENCY),
                "format": rng.choice(FORMAT),
                "style": rng.choice(STYLE),
                "focus_areas": rng.sample(FOCUS, 2),
            },
        )
        mentors.append(record)
    mentor_ids = [m["id"] for m in mentors]
    mentees = []
    forbidden = []
    for i in mentee_idx:
        # Mentees often want skills from another department than their own.
        dept = people[i]["department"] if rng.random() < 0.6 else rng.choice(dept_names)
        record = base(i)
        sk = skills_for(dept, 3)
        record.update(
            goals=rng.choice(GOAL_TEMPLATES).format(a=_phrase(rng, sk[0]), b=_phrase(rng, sk[1])),
            skills_wanted=[sk[2]] if rng.random() < 0.7 else [],
            answers={
                "frequency": rng.choice(FREQUENCY),
                "format": rng.choice(FORMAT),
                "style": rng.choice(STYLE),
                "focus_areas": rng.sample(FOCUS, rng.randint(1, 3)),
            },
        )
        if rng.random() < 0.1:
            record["preferences"] = rng.sample(mentor_ids, rng.randint(1, 3))
        if rng.random() < 0.01:
            forbidden.append([record["id"], rng.choice(mentor_ids)])
        mentees.append(record)
    return {
        "format": "tandem-match/1",
        "rules": {
            "exclude_management_chain": True,
            "exclude_same_department": False,
            "require_shared_language": True,
            "max_timezone_gap_hours": 6,
            "min_score": 0.0,
        },
        "people": people,
        "mentors": mentors,
        "mentees": mentees,
        "forbidden": forbidden,
    }


SHAPES = ("freetext", "dropdown", "stars", "islands")


def generate_shape(shape: str, n_mentees: int, seed: int = 7) -> dict[str, Any]:
    """A cohort of one of the shapes real programmes produce.

    * ``freetext``: :func:`generate` as it is;
    * ``dropdown``: every answer picked from a short list, so goals and expertise are the
      same few sentences and many people are identical to the scorer;
    * ``stars``: five broadly skilled mentors everyone ranks first and who score highest for
      nearly everyone;
    * ``islands``: languages and time zones that no mentor can serve, so some mentees cannot
      be matched at all, beside islands that only a few mentors serve.
    """
    doc = generate(n_mentees, seed)
    rng = random.Random(seed + 1)
    if shape == "freetext":
        return doc
    if shape == "dropdown":
        goals = [
            "I want to get better at budgeting and forecasting.",
            "I want to get better at public speaking and networking.",
            "I want to get better at leadership and delegation.",
        ]
        expertise = [
            "Financial planning, budgeting and forecasting.",
            "Public speaking, presenting and networking.",
            "Leadership, delegation and coaching.",
        ]
        for record in doc["mentees"]:
            record["goals"] = rng.choice(goals)
            record["skills_wanted"] = []
            record["answers"] = {
                "frequency": rng.choice(FREQUENCY[:2]),
                "format": rng.choice(FORMAT[:2]),
                "focus_areas": [rng.choice(FOCUS[:2])],
            }
            record.pop("preferences", None)
        for record in doc["mentors"]:
            record["expertise"] = rng.choice(expertise)
            record["skills"] = []
            record["background"] = ""
            record["answers"] = {
                "frequency": rng.choice(FREQUENCY[:2]),
                "format": rng.choice(FORMAT[:2]),
                "focus_areas": [rng.choice(FOCUS[:2])],
            }
        return doc
    if shape == "stars":
        stars = doc["mentors"][:5]
        every_skill = sorted({s for skills in DEPARTMENTS.values() for s in skills} | set(GENERAL))
        for star in stars:
            star["expertise"] = "Broad experience across " + ", ".join(every_skill) + "."
            star["languages"] = [lang for lang, _ in LANGUAGES]
            star["capacity"] = 3
        star_ids = [m["id"] for m in stars]
        for record in doc["mentees"]:
            record["preferences"] = rng.sample(star_ids, len(star_ids))
        return doc
    if shape == "islands":
        # Mentors span UTC-8 to UTC+10; at most three hours apart, UTC-12 and UTC+14 are
        # out of everyone's reach.
        doc["rules"]["max_timezone_gap_hours"] = 3
        for record in doc["mentees"]:
            roll = rng.random()
            if roll < 0.04:
                # A language no mentor speaks.
                record["languages"] = ["fi"]
            elif roll < 0.08:
                # Four hours beyond the farthest mentor: no one within the three-hour rule.
                record.pop("timezone", None)
                record["utc_offset_hours"] = -12 if rng.random() < 0.5 else 14
            elif roll < 0.2:
                # A small island: a language only a few mentors speak.
                record["languages"] = ["is"]
        for record in doc["mentors"][: max(1, len(doc["mentors"]) // 200)]:
            record["languages"] = ["is", *record["languages"]]
        return doc
    raise ValueError(f"unknown cohort shape {shape!r}")


def cohort_file(size: int, directory: Path, seed: int, shape: str = "freetext") -> Path:
    name = f"cohort-{size}-{seed}.json" if shape == "freetext" else f"{shape}-{size}-{seed}.json"
    path = directory / name
    if not path.exists():
        doc = generate_shape(shape, size, seed)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(doc))
        tmp.rename(path)
    return path


def run_cli(path: Path, mode: str, out_dir: Path) -> dict[str, Any]:
    """One end-to-end run in its own process, so its peak RSS is its own."""
    output = out_dir / f"{path.stem}-{mode}.json"
    stats = out_dir / f"{path.stem}-{mode}-stats.json"
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tandem.matching.engine.cli",
            str(path),
            "--mode",
            mode,
            "--output",
            str(output),
            "--quiet",
            "--stats",
            str(stats),
        ],
        check=False,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"match-file failed for {path.name} ({mode}):\n{done.stderr}")
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    data = json.loads(stats.read_text())
    data["wall"] = wall
    # The machine is shared: the load average says how much else was running.
    data["load"] = os.getloadavg()[0]
    # CPU seconds tell how much work the run did, whatever else shared the machine.
    data["cpu"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return data


def floor_and_quality(path: Path, size: int) -> dict[str, Any]:
    """The floor (bare product over all pairs + bare flow solve) and candidate-graph quality."""
    import numpy as np

    from tandem.matching.engine.candidates import build_candidates, full_graph
    from tandem.matching.engine.cohort import build_cohort
    from tandem.matching.engine.constraints import Constraints
    from tandem.matching.engine.features import Scorer
    from tandem.matching.engine.loading import load_json
    from tandem.matching.engine.pipeline import MatchOptions
    from tandem.matching.engine.pricing import pricing_pass
    from tandem.matching.engine.solvers import solve_optimal

    instance = load_json(path)
    cohort = build_cohort(instance)
    constraints = Constraints(cohort, instance.rules)
    scorer = Scorer(cohort, instance.weights)
    left, right = scorer.block_matrices()
    out: dict[str, Any] = {}
    rows = max(1, 6_000_000 // max(cohort.n_mentors, 1))
    started = time.perf_counter()
    for start in range(0, cohort.n_mentees, rows):
        block = left[start : start + rows] @ right
        if not isinstance(block, np.ndarray):
            block = block.toarray()
    out["floor_product"] = time.perf_counter() - started
    graph = build_candidates(cohort, constraints, scorer)
    started = time.perf_counter()
    assignment = solve_optimal(
        graph.mentee, graph.mentor, graph.score, cohort.capacity, cohort.n_mentees
    )
    out["floor_flow"] = time.perf_counter() - started
    out["candidate_pairs"] = len(graph)
    out["candidate_matched"] = int(assignment.info["max_flow"])
    out["candidate_objective"] = float(assignment.info["objective"])
    out["complete"] = graph.complete
    if graph.complete:
        out["full_objective"] = out["candidate_objective"]
        out["full_matched"] = out["candidate_matched"]
    elif size <= 20_000:
        full = full_graph(cohort, constraints, scorer)
        started = time.perf_counter()
        exact = solve_optimal(
            full.mentee, full.mentor, full.score, cohort.capacity, cohort.n_mentees
        )
        out["full_pairs"] = len(full)
        out["full_seconds"] = time.perf_counter() - started
        out["full_objective"] = float(exact.info["objective"])
        out["full_matched"] = int(exact.info["max_flow"])
    else:
        started = time.perf_counter()
        _, _, info = pricing_pass(
            cohort, constraints, scorer, graph, assignment, MatchOptions(pricing=True), None
        )
        out["pricing_seconds"] = time.perf_counter() - started
        out.update(info)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--modes", default="optimal,stable,greedy")
    parser.add_argument(
        "--shapes", default=",".join(SHAPES), help="cohort shapes: " + ", ".join(SHAPES)
    )
    parser.add_argument("--data-dir", default=str(Path(tempfile.gettempdir()) / "tandem-bench"))
    parser.add_argument("--no-floor", action="store_true", help="skip the floor and quality runs")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="end-to-end runs per mode; the fastest is shown (other work may share the machine)",
    )
    args = parser.parse_args(argv)
    console = Console(width=170)
    data_dir = Path(args.data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    modes = args.modes.split(",")
    console.print(
        f"[bold]Matching benchmark[/] on {os.cpu_count()} cores, Python {sys.version.split()[0]}"
    )
    console.print(describe())
    targets = Table(title="Every shape against the targets (full graph = every allowed pair)")
    for column in (
        "shape",
        "size",
        "mode",
        "matched / full-graph max",
        "objective / full-graph bound",
        "gap",
        "blocking",
        "time (target)",
        "CPU s",
        "peak MiB",
        "load avg",
        "result",
    ):
        targets.add_column(column, justify="right")
    failed = False
    for shape in args.shapes.split(","):
        for size in [int(s) for s in args.sizes.split(",")]:
            failed |= run_shape(shape, size, args, data_dir, modes, console, targets)
    console.print(targets)
    return 1 if failed else 0


def _limit(size: int) -> float | None:
    """The wall-time target of one end-to-end run at this size."""
    if size >= 100_000:
        return 20.0
    if size >= 10_000:
        return 3.0
    # Smaller cohorts have no stated time target: they check the results, not the clock.
    return None


def run_shape(
    shape: str,
    size: int,
    args: argparse.Namespace,
    data_dir: Path,
    modes: list[str],
    console: Console,
    targets: Table,
) -> bool:
    """One cohort shape at one size: stages, results and a row per mode against the targets."""
    failed = False
    started = time.perf_counter()
    path = cohort_file(size, data_dir, args.seed, shape)
    console.print(
        f"\n[bold]{shape}: {size:,} mentees x {size // 4:,} mentors[/] "
        f"({path.stat().st_size / 2**20:.0f} MiB input, ready in "
        f"{time.perf_counter() - started:.1f} s)"
    )
    runs = {
        mode: min(
            (run_cli(path, mode, data_dir) for _ in range(max(1, args.repeat))),
            key=lambda r: float(r["wall"]),
        )
        for mode in modes
    }
    stages = Table(title=f"{shape}, {size:,} mentees: stages (wall s / CPU s / peak RSS MiB)")
    stages.add_column("stage")
    for mode in modes:
        stages.add_column(mode, justify="right")
    # Every mode's stages, in the order they first appear (stable has its own).
    names = list(dict.fromkeys(t["name"] for mode in modes for t in runs[mode]["timings"]))
    for name in names:
        cells = []
        for mode in modes:
            t = next((t for t in runs[mode]["timings"] if t["name"] == name), None)
            cells.append(
                "-"
                if t is None
                else f"{t['seconds']:.2f} / {t.get('cpu_seconds', 0):.2f} / {t['peak_rss_mib']:.0f}"
            )
        stages.add_row(name, *cells)
    stages.add_row(
        "[bold]end to end[/]",
        *[f"[bold]{runs[m]['wall']:.2f} / {runs[m]['peak_rss_mib']:.0f}[/]" for m in modes],
    )
    stages.add_row("CPU seconds (user+sys)", *[f"{runs[m]['cpu']:.1f}" for m in modes])
    console.print(stages)
    results = Table(title=f"{shape}, {size:,} mentees: results")
    for column in (
        "mode",
        "matched",
        "total score",
        "upper bound",
        "blocking pairs",
        "solve s",
    ):
        results.add_column(column, justify="right")
    for mode in modes:
        r = runs[mode]
        solve_t = next(t["seconds"] for t in r["timings"] if t["name"] == "solve")
        results.add_row(
            mode,
            f"{r['matched']:,}",
            f"{r['total_score']:.3f}",
            f"{r['upper_bound']:.3f}",
            f"{r['blocking_pairs']:,}",
            f"{solve_t:.2f}",
        )
    console.print(results)
    maximum = None
    if "optimal" in runs:
        maximum = runs["optimal"]["certificate"].get("full_graph_max_matched")
    for mode in modes:
        r = runs[mode]
        cert = r["certificate"]
        bound = float(r["upper_bound"])
        gap = (bound - r["total_score"]) / bound if bound > 0 else 0.0
        blocking = cert.get("full_graph_blocking_pairs", r["blocking_pairs"])
        limit = _limit(size)
        checks = [limit is None or r["wall"] <= limit, r["peak_rss_mib"] <= 2048]
        if mode == "optimal":
            checks += [r["matched"] == maximum, gap <= 0.001]
        if mode == "stable":
            checks.append(blocking == 0)
        ok = all(checks)
        failed |= not ok
        targets.add_row(
            shape,
            f"{size:,}",
            mode,
            f"{r['matched']:,} / {maximum:,}" if maximum is not None else f"{r['matched']:,}",
            f"{r['total_score']:,.3f} / {bound:,.3f}",
            f"{100 * gap:.4f} %",
            f"{blocking:,}" if mode == "stable" else "-",
            f"{r['wall']:.2f} s ({limit:g} s)" if limit is not None else f"{r['wall']:.2f} s",
            f"{r['cpu']:.1f}",
            f"{r['peak_rss_mib']:,.0f}",
            f"{r['load']:.1f}",
            "pass" if ok else "FAIL",
        )
    if args.no_floor or shape != "freetext":
        return failed
    q = floor_and_quality(path, size)
    gc.collect()
    quality = Table(title=f"{size:,} mentees: floor and candidate graph")
    quality.add_column("measure")
    quality.add_column("value", justify="right")
    quality.add_row("floor: bare product over all pairs", f"{q['floor_product']:.2f} s")
    quality.add_row("floor: bare flow solve", f"{q['floor_flow']:.2f} s")
    quality.add_row("floor: total", f"{q['floor_product'] + q['floor_flow']:.2f} s")
    quality.add_row("candidate pairs", f"{q['candidate_pairs']:,}")
    quality.add_row(
        "candidate optimum",
        f"{q['candidate_matched']:,} matched, {q['candidate_objective']:.3f}",
    )
    if "full_objective" in q:
        loss = 1 - q["candidate_objective"] / q["full_objective"] if q["full_objective"] else 0
        quality.add_row(
            "full-graph optimum", f"{q['full_matched']:,} matched, {q['full_objective']:.3f}"
        )
        if "full_pairs" in q:
            quality.add_row(
                "full graph", f"{q['full_pairs']:,} pairs, solved in {q['full_seconds']:.2f} s"
            )
        quality.add_row("loss of the candidate graph", f"{100 * loss:.4f} %")
    if "full_graph_score_bound" in q:
        quality.add_row("pricing: pairs added", f"{q['pricing_pairs_added']:,}")
        quality.add_row("pricing: objective after", f"{q['pricing_objective']:.3f}")
        quality.add_row("pricing: full-graph bound", f"{q['full_graph_score_bound']:.3f}")
        quality.add_row("pricing: certified gap", f"{100 * q['pricing_gap']:.4f} %")
        quality.add_row("pricing: time", f"{q['pricing_seconds']:.2f} s")
    console.print(quality)
    return failed


if __name__ == "__main__":
    sys.exit(main())
