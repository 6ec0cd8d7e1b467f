"""Time the people import: 10,000 rows of a valid org chart into a fresh SQLite database.

Run with `make benchmark` (or `.venv/bin/python benchmarks/people_import.py [--rows N]`).
The target is under 60 seconds for 10,000 rows, checked and written.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 60.0
DEPARTMENTS = ["Finance", "Engineering", "Sales", "Marketing", "People", "Operations", "Legal"]
TIMEZONES = ["Europe/London", "Europe/Paris", "America/New_York", "Asia/Singapore", "UTC"]
LANGUAGES = ["en", "fr", "de", "es", "pt", "it", "nl", "ja", "zh", "hi"]
SKILLS = [
    "budgeting",
    "ML",
    "python",
    "public speaking",
    "negotiation",
    "SQL",
    "UX research",
    "stakeholder management",
    "people management",
    "data analysis",
    "forecasting",
]
HEADER = [
    "email",
    "name",
    "job_title",
    "department",
    "location",
    "timezone",
    "languages",
    "manager_email",
    "skills",
    "bio",
    "interests",
    "start_date",
]


def generate_rows(count: int, seed: int = 7) -> list[dict[str, str]]:
    """An org chart: one chief executive, then each person reports to someone above them."""
    rng = random.Random(seed)
    rows: list[dict[str, str]] = []
    for index in range(count):
        # Managers are drawn from the first tenth, so the chart is several levels deep.
        top = max(1, min(index, count // 10))
        manager = "" if index == 0 else rows[rng.randrange(0, top)]["email"]
        skills = rng.sample(SKILLS, 3)
        rows.append(
            {
                "email": f"person{index:05d}@example.org",
                "name": f"Person {index:05d}",
                "job_title": rng.choice(["Analyst", "Engineer", "Manager", "Director"]),
                "department": rng.choice(DEPARTMENTS),
                "location": rng.choice(["London", "Paris", "New York", "Singapore"]),
                "timezone": rng.choice(TIMEZONES),
                "languages": ";".join(rng.sample(LANGUAGES, 2)),
                "manager_email": manager,
                "skills": ";".join(f"{s}:{rng.randint(1, 4)}" for s in skills),
                "bio": "Joined to build things that last.",
                "interests": "cycling; chess",
                "start_date": f"20{rng.randint(10, 25)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
            }
        )
    return rows


def to_csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="tandem-bench-")
    os.environ["TANDEM_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.core.management import call_command

    from tandem.people.importing import people_import
    from tandem.people.models import Person

    call_command("migrate", verbosity=0)
    rows = generate_rows(args.rows)
    text = to_csv(rows)

    started = time.perf_counter()
    first = people_import(file=text)
    first_seconds = time.perf_counter() - started
    if not first.ok:
        for error in first.errors[:20]:
            print(error)
        return 1

    started = time.perf_counter()
    again = people_import(file=text)
    again_seconds = time.perf_counter() - started

    for row in rows:
        row["job_title"] = f"Senior {row['job_title']}"
    started = time.perf_counter()
    changed = people_import(file=to_csv(rows))
    changed_seconds = time.perf_counter() - started

    stored = Person.objects.count()
    print(f"{'run':<12} {'rows':>7} {'seconds':>8} {'rows/s':>8} {'target':>7}  result")
    for label, seconds, result in (
        ("first", first_seconds, first),
        ("re-import", again_seconds, again),
        ("all changed", changed_seconds, changed),
    ):
        verdict = "pass" if seconds < TARGET_SECONDS else "FAIL"
        rate = result.total_rows / seconds
        print(
            f"{label:<12} {result.total_rows:>7,} {seconds:>8.2f} {rate:>8,.0f} "
            f"{TARGET_SECONDS:>6.0f}s  {verdict}  (created {result.created}, "
            f"updated {result.updated}, unchanged {result.unchanged})"
        )
    print(f"people stored: {stored:,}")
    shutil.rmtree(data_dir, ignore_errors=True)
    ok = (
        first_seconds < TARGET_SECONDS
        and again.unchanged == args.rows
        and changed.updated == args.rows
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
