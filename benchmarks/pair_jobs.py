"""Time the daily jobs over every pair, and the pairs CSV, at a small and a large cohort.

Run with `.venv/bin/python benchmarks/pair_jobs.py [--pairs N] [--database-url postgres://...]`
(`make benchmark` runs it at 10,000 pairs). It builds N/5 active pairs with a history (meetings,
a check-in, a goal), measures, then grows to N pairs and measures again:

- the health-snapshot job, the nudge job over quiet pairs and the health alerts: seconds, and
  the peak of memory Python allocated while each ran (tracemalloc);
- the coordinator's pairs CSV: seconds to the first line, to the last, and its peak memory.

Targets: each job's peak memory at N pairs no more than 1.5 times its peak at N/5 (it reads a
batch at a time), and the CSV's first line within 1 s.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import random
import shutil
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from django_setup import setup

FLAT = 1.5
FIRST_LINE_SECONDS = 1.0
# The largest batch any of the measured work reads at once (the CSV's); below it at the small
# size, memory rightly grows with the cohort and flatness cannot be judged.
LARGEST_BATCH = 2000


def grow(programme: Any, until: int, rng: random.Random) -> None:
    """Add active pairs with a history until the programme has `until` of them."""
    from django.utils import timezone

    from tandem.mentorships.models import CharterVersion, CheckIn, Goal, Meeting, Mentorship
    from tandem.people.models import Person
    from tandem.programmes.models import Enrolment

    have = Mentorship.objects.filter(programme=programme).count()
    now = timezone.now()
    for start in range(have, until, 2000):
        count = min(2000, until - start)
        people = Person.objects.bulk_create(
            Person(email=f"p{start + i:06d}{role}@example.org", name=f"P {start + i} {role}")
            for i in range(count)
            for role in ("a", "b")
        )
        Enrolment.objects.bulk_create(
            Enrolment(
                programme=programme,
                person=person,
                role=Enrolment.Role.MENTEE if i % 2 == 0 else Enrolment.Role.MENTOR,
                status=Enrolment.Status.APPROVED,
                capacity=0 if i % 2 == 0 else 1,
            )
            for i, person in enumerate(people)
        )
        pairs = Mentorship.objects.bulk_create(
            Mentorship(
                programme=programme,
                mentee=people[2 * i],
                mentor=people[2 * i + 1],
                state=Mentorship.State.ACTIVE,
                started_at=now - datetime.timedelta(days=rng.randint(30, 300)),
            )
            for i in range(count)
        )
        CharterVersion.objects.bulk_create(
            CharterVersion(
                mentorship=pair,
                number=1,
                desired_outcomes="Grow as a leader.",
                confidentiality="Between us.",
                cadence="fortnightly",
                meeting_format="video",
            )
            for pair in pairs
        )
        Meeting.objects.bulk_create(
            Meeting(
                mentorship=pair,
                programme_id=pair.programme_id,
                starts_at=now - datetime.timedelta(days=rng.randint(1, 90)),
                status=Meeting.Status.HELD,
            )
            for pair in pairs
            for _ in range(4)
        )
        CheckIn.objects.bulk_create(
            CheckIn(
                mentorship=pair,
                programme_id=pair.programme_id,
                author=pair.mentee,
                engagement=rng.randint(2, 5),
                flexibility=4,
                authenticity=4,
                reciprocity=rng.randint(2, 5),
            )
            for pair in pairs
        )
        Goal.objects.bulk_create(
            Goal(mentorship=pair, title="Lead a team", success_criterion="A team of five.")
            for pair in pairs
        )


def measure(work: Callable[[], Any]) -> tuple[float, float]:
    """Seconds without tracing, then the peak MiB Python allocated during a second run."""
    gc.collect()
    started = time.perf_counter()
    work()
    seconds = time.perf_counter() - started
    gc.collect()
    tracemalloc.start()
    work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak / 2**20


def csv_download(client: Any, url: str) -> tuple[float, float, int]:
    started = time.perf_counter()
    response = client.get(url)
    chunks = iter(response.streaming_content)
    next(chunks)
    first = time.perf_counter() - started
    lines = 1 + sum(1 for _ in chunks)
    return first, time.perf_counter() - started, lines


def run(pairs: int) -> int:
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from tandem.accounts.models import User
    from tandem.nudges.services import health_alerts_send, quiet_pairs_nudge
    from tandem.programmes.models import Programme
    from tandem.reports.services import health_snapshots_record

    rng = random.Random(5)
    operator = User.objects.create_superuser(email="operator@example.org", password=None)
    programme = Programme.objects.create(
        name="Pairs at scale", slug="pairs-at-scale", purpose="Measure.", starts_on="2026-01-01"
    )
    client = Client()
    client.force_login(operator)
    csv_url = reverse("reports:programme_csv", args=[programme.slug])
    jobs: dict[str, Callable[[], Any]] = {
        "health snapshots": lambda: health_snapshots_record(),
        "quiet-pair nudges": lambda: quiet_pairs_nudge(now=timezone.now()),
        "health alerts": lambda: health_alerts_send(now=timezone.now()),
        "pairs CSV": lambda: csv_download(client, csv_url),
    }
    results: dict[int, dict[str, tuple[float, float]]] = {}
    first_lines: dict[int, float] = {}
    for size in (pairs // 5, pairs):
        grow(programme, size, rng)
        results[size] = {name: measure(work) for name, work in jobs.items()}
        first_lines[size] = csv_download(client, csv_url)[0]

    small, large = pairs // 5, pairs
    print(f"{'work':<20} {'pairs':>7} {'seconds':>8} {'peak MiB':>9}")
    for size in (small, large):
        for name, (seconds, peak) in results[size].items():
            print(f"{name:<20} {size:>7} {seconds:>8.2f} {peak:>9.1f}")
    failed = False
    judged = small >= LARGEST_BATCH
    print(f"\n{'work':<20} {'peak growth':>12} {'target':>7}  result")
    for name in jobs:
        growth = results[large][name][1] / max(results[small][name][1], 0.1)
        verdict = ("pass" if growth <= FLAT else "FAIL") if judged else "not judged"
        failed |= verdict == "FAIL"
        print(f"{name:<20} {growth:>11.2f}x {FLAT:>6}x  {verdict}")
    first = first_lines[large]
    verdict = "pass" if first <= FIRST_LINE_SECONDS else "FAIL"
    failed |= verdict == "FAIL"
    print(f"{'CSV first line':<20} {first:>11.3f}s {FIRST_LINE_SECONDS:>6}s  {verdict}")
    if not judged:
        print(f"memory is judged from {LARGEST_BATCH * 5:,} pairs (--pairs), a full batch at 1/5")
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pairs", type=int, default=10_000)
    parser.add_argument("--database-url", default=None, help="a PostgreSQL database to use")
    args = parser.parse_args()
    data_dir = setup(args.database_url, prefix="tandem-pair-jobs-")
    try:
        return run(args.pairs)
    finally:
        if args.database_url:
            from django.core.management import call_command

            call_command("flush", interactive=False, verbosity=0)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
