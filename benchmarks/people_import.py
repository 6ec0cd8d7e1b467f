"""Time the people import, then the directory's search over everyone it imported.

Run with `make benchmark` (or `.venv/bin/python benchmarks/people_import.py [--rows N]
[--database-url postgres://...]`). Without a database URL it uses a fresh SQLite database in
a temporary directory; a PostgreSQL database given here is migrated, used, and emptied at the
end. Targets: an import of up to 100,000 rows under 60 seconds, checked and written; an
operator's directory search, the whole page, under 100 ms (median of five) at 100,000 people.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TARGET_SECONDS = 60.0
SEARCH_TARGET_MS = 100.0
# What people type into the directory: a name, a job title, a department, a skill, a miss.
SEARCHES = ["Person 04242", "Engineer", "Finance", "python", "zebra"]
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


def time_directory(repeat: int = 5) -> list[tuple[str, float, int]]:
    """The directory page for an operator (everyone in scope): median milliseconds per term."""
    from django.test import Client

    from tandem.accounts.models import User
    from tandem.people.models import Person
    from tandem.people.selectors import directory_people

    # Found again on a second run over a kept database (--search-only).
    operator = User.objects.filter(email="operator@example.org").first()
    if operator is None:
        operator = User.objects.create_superuser("operator@example.org", "benchmark-only")
        Person.objects.create(user=operator, email=operator.email, name="Olive Operator")
    client = Client()
    client.force_login(operator)
    results = []
    for term in SEARCHES:
        client.get("/people/", {"q": term})  # warm
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get("/people/", {"q": term})
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
        found = directory_people(viewer=operator, query=term).count()
        results.append((term, statistics.median(times), found))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--database-url", default=None, help="a PostgreSQL database to use")
    parser.add_argument(
        "--keep", action="store_true", help="leave the imported people in the database"
    )
    parser.add_argument(
        "--search-only",
        action="store_true",
        help="skip the imports and time the searches over the people already there (--keep)",
    )
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="tandem-bench-")
    os.environ["TANDEM_DATA_DIR"] = data_dir
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from tandem.people.importing import people_import
    from tandem.people.models import Person

    # Pages are rendered without `collectstatic`: plain static URLs.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("migrate", verbosity=0)
    try:
        if args.search_only:
            return _print_searches()
        return _run(args.rows, people_import, Person, connection.vendor)
    finally:
        if args.database_url and not (args.keep or args.search_only):
            call_command("flush", interactive=False, verbosity=0)
        shutil.rmtree(data_dir, ignore_errors=True)


def _run(count: int, people_import: Any, person_model: Any, vendor: str) -> int:
    rows = generate_rows(count)
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

    stored = person_model.objects.count()
    if vendor == "postgresql":
        # What autovacuum does soon after a large import: without table statistics the planner
        # takes 100,000 freshly written people for a handful and joins before it sorts.
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"database: {vendor}")
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

    searches_ok = _print_searches() == 0
    return (
        0
        if first_seconds < TARGET_SECONDS
        and again.unchanged == count
        and changed.updated == count
        and searches_ok
        else 1
    )


def _print_searches() -> int:
    searches = time_directory()
    print(f"\n{'directory search':<18} {'found':>7} {'median ms':>10} {'target':>7}")
    for term, ms, found in searches:
        verdict = "pass" if ms <= SEARCH_TARGET_MS else "FAIL"
        print(f"{term!r:<18} {found:>7,} {ms:>10.1f} {SEARCH_TARGET_MS:>6.0f}ms  {verdict}")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0 if all(ms <= SEARCH_TARGET_MS for _, ms, _ in searches) else 1


if __name__ == "__main__":
    sys.exit(main())
