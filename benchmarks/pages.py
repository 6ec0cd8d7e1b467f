"""The main pages at 100,000 people on PostgreSQL: each request whole, through Django.

Run with `.venv/bin/python benchmarks/pages.py --database-url postgres://... [--runs 7]`. It
uses the data set `benchmarks/scale_data.py` builds (and builds it first when the database
does not hold it; it is left in place for the next run, `--empty` removes it at the end).

For each main page, signed in as the person who uses it (sessions for pages, a personal token
for the API), it sends one request to warm caches, then `--runs` more, and prints:

- the median time of the whole request (Django's test client: middleware, view, template);
- the median CPU time of this process during the request (`time.process_time`): the server's
  work in Python, without the database's;
- the number of SQL queries of one more request;
- the Python function calls of that request, which unlike the times do not depend on the
  machine, so a change's effect can be compared across days and machines.

Targets: median <= 150 ms for every page; CPU <= 25 ms for the light pages (marked "light":
the homes, the pair overview, and the API lists of one person's own pairs). Exits non-zero on
a miss. The load average is printed beside the table: the machine is shared.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import statistics
import sys
import time
from dataclasses import dataclass
from typing import Any

from machine import describe
from scale_data import BIG_PROGRAMME, MATCHING_PROGRAMME, PERSONAS, TOKENS, empty, ensure

MEDIAN_MS = 150.0
LIGHT_CPU_MS = 25.0


@dataclass
class Page:
    label: str
    persona: str
    url: str
    light: bool = False
    api: bool = False


def pages() -> list[Page]:
    from django.urls import reverse

    from tandem.matching.models import MatchRun
    from tandem.mentorships.models import Mentorship
    from tandem.people.models import Person

    mentee = Person.objects.get(email=PERSONAS["mentee"])
    pair = Mentorship.objects.for_person(mentee).filter(state="active").order_by("pk").first()
    assert pair is not None
    run = MatchRun.objects.get(programme__slug=MATCHING_PROGRAMME)
    big = BIG_PROGRAMME
    return [
        Page("home (mentee)", "mentee", "/", light=True),
        Page("home (mentor)", "mentor", "/", light=True),
        Page("home (coordinator)", "coordinator", "/", light=True),
        Page("home (operator)", "operator", "/", light=True),
        Page("directory (operator)", "operator", reverse("people:directory")),
        Page("directory (mentee)", "mentee", reverse("people:directory")),
        Page("directory page 50", "operator", reverse("people:directory") + "?page=50"),
        Page("search: a name", "operator", reverse("people:directory") + "?q=004242"),
        Page("search: Engineer", "operator", reverse("people:directory") + "?q=Engineer"),
        Page("search: python", "mentee", reverse("people:directory") + "?q=python"),
        Page("search: zebra", "operator", reverse("people:directory") + "?q=zebra"),
        Page("search: Greta", "mentee", reverse("people:directory") + "?q=Greta"),
        Page("programme list (mentee)", "mentee", reverse("programmes:list")),
        Page("programme list (coord.)", "coordinator", reverse("programmes:list")),
        Page("applications", "coordinator", reverse("programmes:enrolments", args=[big])),
        Page(
            "applications page 20",
            "coordinator",
            reverse("programmes:enrolments", args=[big]) + "?page=20",
        ),
        Page(
            "pairs list (5,000)", "coordinator", reverse("mentorships:coordinator_list", args=[big])
        ),
        Page("programme report", "coordinator", reverse("reports:programme", args=[big])),
        Page(
            "match results",
            "coordinator",
            reverse("matching:run_detail", args=[MATCHING_PROGRAMME, run.pk]),
        ),
        Page(
            "pair overview", "mentee", reverse("mentorships:overview", args=[pair.pk]), light=True
        ),
        Page("API mentorships (mentee)", "mentee", "/api/mentorships/", light=True, api=True),
        Page("API mentorships (coord.)", "coordinator", "/api/mentorships/", api=True),
        Page("API people/me (mentee)", "mentee", "/api/people/me/", light=True, api=True),
        Page("API people (coord.)", "coordinator", "/api/people/", api=True),
        Page("API programmes (mentee)", "mentee", "/api/programmes/", light=True, api=True),
        Page("API enrolments (coord.)", "coordinator", "/api/enrolments/", api=True),
    ]


def clients() -> dict[str, Any]:
    from django.test import Client

    from tandem.accounts.models import User

    made = {}
    for persona, email in PERSONAS.items():
        client = Client()
        client.force_login(User.objects.get(email=email))
        made[persona] = client
        if persona in TOKENS:
            made[f"{persona}-api"] = Client(HTTP_AUTHORIZATION=f"Token {TOKENS[persona]}")
    return made


def measure(client: Any, url: str, runs: int) -> tuple[float, float, int, int, int, int]:
    """Median ms, median CPU ms, queries, Python calls, response status and size."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)  # warm-up: templates, translations, the database's caches
    walls, cpus = [], []
    for _ in range(runs):
        cpu, wall = time.process_time(), time.perf_counter()
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    # Counted now: the next request clears the log the count is read from.
    query_count = len(queries)
    profile = cProfile.Profile()
    profile.runcall(client.get, url)
    return (
        1000 * statistics.median(walls),
        1000 * statistics.median(cpus),
        query_count,
        pstats.Stats(profile).total_calls,  # type: ignore[attr-defined]
        response.status_code,
        len(response.content),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True, help="a PostgreSQL database")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--only", default="", help="measure only pages whose label has this")
    parser.add_argument("--empty", action="store_true", help="empty the database at the end")
    args = parser.parse_args()
    data_dir = ensure(args.database_url)
    from django.db import connection

    failed = False
    try:
        made = clients()
        with connection.cursor() as cursor:
            cursor.execute("SHOW random_page_cost")
            print(f"PostgreSQL random_page_cost: {cursor.fetchone()[0]}")
        load = os.getloadavg()
        print(f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
        print(describe())
        print(
            f"{'page':<27} {'median ms':>9} {'CPU ms':>7} {'queries':>7} {'calls':>7} "
            f"{'KB':>6}  {'target':<16} result"
        )
        for page in pages():
            if args.only and args.only not in page.label:
                continue
            client = made[f"{page.persona}-api" if page.api else page.persona]
            median, cpu, queries, calls, status, size = measure(client, page.url, args.runs)
            misses = []
            if status != 200:
                misses.append(f"HTTP {status}")
            if median > MEDIAN_MS:
                misses.append("time")
            if page.light and cpu > LIGHT_CPU_MS:
                misses.append("CPU")
            failed |= bool(misses)
            target = f"{MEDIAN_MS:g} ms" + (f", {LIGHT_CPU_MS:g} CPU" if page.light else "")
            verdict = "pass" if not misses else "FAIL (" + ", ".join(misses) + ")"
            print(
                f"{page.label:<27} {median:>9.1f} {cpu:>7.1f} {queries:>7} {calls:>7} "
                f"{size / 1024:>6.0f}  "
                f"{target:<16} {verdict}",
                flush=True,
            )
        load = os.getloadavg()
        print(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    finally:
        if args.empty:
            empty()
        shutil.rmtree(data_dir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
