"""The main pages under load: 2 app servers, 50 people, 2 minutes, at 100,000 people.

Run with `.venv/bin/python benchmarks/load.py --database-url postgres://...` after (or
instead of) `benchmarks/scale_data.py --keep`: it builds the data set when the database does not
hold it, and leaves it in place.

It starts what production runs on this machine, with the functions of the topology test
(`tandem/core/testing/topology.py`): two gunicorn app servers with 2 sync workers each, two
task workers and two schedulers, sharing the PostgreSQL database and a Redis cache (the
periodic jobs are dated as run just now, so the schedulers stay idle during the load). Then
50 simulated people, each signed in (a session cookie, or a personal token for the API) as a
mentee, a mentor, the coordinator or the operator, each ask for one page of their role's mix,
think for 5 s on average (2.5 to 7.5 s), and ask again, for 2 minutes; requests alternate
between the two servers as a load balancer's would. Every request and its time are counted
from the client's side.

Prints the requests, the errors (any status but 200, or no answer within 30 s), the 50th, 95th
and 99th percentiles against the target (p95 <= 300 ms, 0 errors), the slowest pages, and the
load average before, at its highest during the run, and after. Exits non-zero on a miss.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from django_setup import ROOT
from scale_data import BIG_PROGRAMME, MATCHING_PROGRAMME, PERSONAS, TOKENS, ensure

if TYPE_CHECKING:
    from tandem.core.testing.topology import Topology

P95_MS = 300.0
REDIS_URL = "redis://127.0.0.1:6379/9"
GUNICORN_CONF = "python:tandem.gunicorn_conf"


@dataclass
class Visitor:
    role: str
    headers: dict[str, str]
    pages: list[tuple[str, str]]  # (label, path)


@dataclass
class Results:
    seconds: list[float] = field(default_factory=list)
    by_page: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    per_server: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    lock: threading.Lock = field(default_factory=threading.Lock)


def session_cookie(user: object) -> str:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def visitors(count: int, rng: random.Random) -> list[Visitor]:
    """Who is signed in: mostly mentees and mentors of the big programme, each with their own
    session and pair, then the coordinator, the operator and the two API tokens."""
    from django.urls import reverse

    from tandem.accounts.models import User
    from tandem.matching.models import MatchRun
    from tandem.mentorships.models import Mentorship

    directory = reverse("people:directory")
    common = [
        ("home", "/"),
        ("directory", directory),
        ("directory search", f"{directory}?q=Engineer"),
        ("programme list", reverse("programmes:list")),
    ]
    pairs = list(
        Mentorship.objects.filter(programme__slug=BIG_PROGRAMME, state="active")
        .select_related("mentee__user", "mentor__user")
        .order_by("pk")[: count * 2]
    )
    run = MatchRun.objects.get(programme__slug=MATCHING_PROGRAMME)
    coordinator_pages = [
        ("home", "/"),
        ("programme list", reverse("programmes:list")),
        ("applications", reverse("programmes:enrolments", args=[BIG_PROGRAMME])),
        ("pairs list", reverse("mentorships:coordinator_list", args=[BIG_PROGRAMME])),
        (
            "pairs list page 10",
            reverse("mentorships:coordinator_list", args=[BIG_PROGRAMME]) + "?page=10",
        ),
        ("programme report", reverse("reports:programme", args=[BIG_PROGRAMME])),
        ("match results", reverse("matching:run_detail", args=[MATCHING_PROGRAMME, run.pk])),
        ("directory search", f"{directory}?q=python"),
    ]
    made: list[Visitor] = []
    staff = {
        "coordinator": User.objects.get(email=PERSONAS["coordinator"]),
        "operator": User.objects.get(email=PERSONAS["operator"]),
    }
    # Out of 50: 20 mentees, 18 mentors, 6 coordinator sessions, 2 operator sessions, 4 API.
    plan = ["coordinator"] * 6 + ["operator"] * 2 + ["api-mentee", "api-coordinator"] * 2
    plan += ["mentee", "mentor"] * ((count - len(plan)) // 2 + 1)
    for index, role in enumerate(plan[:count]):
        if role in ("mentee", "mentor"):
            pair = pairs[index % len(pairs)]
            person = pair.mentee if role == "mentee" else pair.mentor
            overview = reverse("mentorships:overview", args=[pair.pk])
            pages = [*common, ("pair overview", overview), ("pair overview", overview)]
            made.append(Visitor(role, {"Cookie": session_cookie(person.user)}, pages))
        elif role in staff:
            made.append(Visitor(role, {"Cookie": session_cookie(staff[role])}, coordinator_pages))
        else:
            who = role.removeprefix("api-")
            api = [("API mentorships", "/api/mentorships/"), ("API programmes", "/api/programmes/")]
            if who == "mentee":
                api.append(("API people/me", "/api/people/me/"))
            made.append(Visitor(role, {"Authorization": f"Token {TOKENS[who]}"}, api))
    rng.shuffle(made)
    return made


def jobs_ran_just_now() -> None:
    """Date every periodic job's last run now, as on an install whose daily jobs have run
    today: the schedulers then only beat during the load, rather than starting the day's batch
    over 10,000 pairs (benchmarks/pair_jobs.py measures those jobs)."""
    from django.utils import timezone

    from tandem.core.models import ScheduledJobRun
    from tandem.core.scheduler import periodic_jobs

    now = timezone.now()
    for name in periodic_jobs():
        ScheduledJobRun.objects.update_or_create(
            name=name, defaults={"last_started_at": now, "last_finished_at": now}
        )


def run_load(
    urls: dict[str, str], people: list[Visitor], seconds: float, think: float, seed: int
) -> Results:
    results = Results()
    started = time.monotonic()
    servers = sorted(urls)
    turn = iter(range(10**9))

    def person(visitor: Visitor, rng: random.Random) -> None:
        # Arrivals spread over the first think time, as people do not all click at once.
        time.sleep(rng.uniform(0, think))
        while time.monotonic() - started < seconds:
            label, path = rng.choice(visitor.pages)
            with results.lock:
                server = servers[next(turn) % len(servers)]
            request = urllib.request.Request(urls[server] + path, headers=visitor.headers)
            begun = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    response.read()
                    status = response.status
                    final = response.geturl()
            except urllib.error.HTTPError as exc:
                status, final = exc.code, path
            except OSError as exc:
                status, final = 0, str(exc)
            elapsed = time.perf_counter() - begun
            with results.lock:
                results.per_server[server] += 1
                # A redirect to the sign-in page would be followed: it is an error here too.
                if status != 200 or "/accounts/login" in final:
                    results.errors.append(f"{visitor.role} {path} on {server}: {status} {final}")
                else:
                    results.seconds.append(elapsed)
                    results.by_page[label].append(elapsed)
            time.sleep(rng.uniform(think / 2, think * 1.5))

    threads = [
        threading.Thread(target=person, args=(visitor, random.Random(seed + n)))
        for n, visitor in enumerate(people)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def servers_cpu(topology: Topology) -> float:
    """CPU seconds used so far by the app servers' processes (each master and its workers)."""
    import psutil

    total = 0.0
    for name in ("server-a", "server-b"):
        master = psutil.Process(topology.processes[name].pid)
        for process in [master, *master.children(recursive=True)]:
            with contextlib.suppress(psutil.NoSuchProcess):
                times = process.cpu_times()
                total += times.user + times.system
    return total


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True, help="a PostgreSQL database")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--think", type=float, default=5.0, help="mean think time, seconds")
    parser.add_argument("--redis-url", default=REDIS_URL, help="the shared cache")
    args = parser.parse_args()

    data_dir = ensure(args.database_url)
    sys.path.insert(0, str(ROOT))
    from django.conf import settings

    from tandem.core.testing.topology import Topology, ensure_services

    ensure_services()
    import redis

    redis.Redis.from_url(args.redis_url).flushdb()
    workdir = Path(tempfile.mkdtemp(prefix="tandem-load-"))
    topology = Topology(workdir)
    # The topology's own settings, on this data set and cache; the servers sign sessions with
    # this process's key, so the sessions made here are theirs too.
    topology.env.update(
        DATABASE_URL=args.database_url,
        CACHE_URL=args.redis_url,
        SECRET_KEY=settings.SECRET_KEY,
        GUNICORN_ACCESS_LOG="/dev/null",
    )
    failed = False
    try:
        topology.tandem("collectstatic", "--noinput", "-v0")
        jobs_ran_just_now()
        # Two app servers (gunicorn, 2 sync workers each), two task workers, two schedulers.
        topology.start_all()
        for name in ("a", "b"):
            topology.wait_healthy(name)
        people = visitors(args.users, random.Random(7))
        urls = {name: topology.url(name, "") for name in ("a", "b")}
        # One request per page and server first: each worker's templates and imports are warm,
        # as on a server that has been up for a while.
        for visitor in {v.role: v for v in people}.values():
            for _label, path in visitor.pages:
                for url in urls.values():
                    with contextlib.suppress(OSError):
                        urllib.request.urlopen(
                            urllib.request.Request(url + path, headers=visitor.headers), timeout=60
                        ).read()
        before = os.getloadavg()
        highest = [before[0]]
        done = threading.Event()

        def watch() -> None:
            while not done.wait(5):
                highest.append(os.getloadavg()[0])

        watcher = threading.Thread(target=watch)
        watcher.start()
        begun, cpu_before = time.monotonic(), servers_cpu(topology)
        results = run_load(urls, people, args.seconds, args.think, seed=11)
        elapsed = time.monotonic() - begun
        cpu = servers_cpu(topology) - cpu_before
        done.set()
        watcher.join()
        after = os.getloadavg()

        total = len(results.seconds) + len(results.errors)
        p50, p95, p99 = (1000 * percentile(results.seconds, q) for q in (0.5, 0.95, 0.99))
        print(
            f"{args.users} people, {args.think:g} s think time, {elapsed:.0f} s, "
            f"2 servers x 2 workers"
        )
        print(f"requests {total} ({total / elapsed:.1f}/s), per server {dict(results.per_server)}")
        print(f"errors   {len(results.errors)} (target 0)")
        print(
            f"app servers' CPU {cpu:.0f} s in {elapsed:.0f} s ({cpu / elapsed:.2f} cores), "
            f"{1000 * cpu / max(total, 1):.0f} ms a request"
        )
        print(f"p50 {p50:.0f} ms, p95 {p95:.0f} ms (target {P95_MS:g}), p99 {p99:.0f} ms")
        print(f"\n{'page':<22} {'requests':>8} {'median ms':>9} {'p95 ms':>7}")
        for label, values in sorted(
            results.by_page.items(), key=lambda item: -percentile(item[1], 0.95)
        ):
            print(
                f"{label:<22} {len(values):>8} {1000 * statistics.median(values):>9.0f} "
                f"{1000 * percentile(values, 0.95):>7.0f}"
            )
        print(
            f"\nload average before {before[0]:.2f}, highest during {max(highest):.2f}, "
            f"after {after[0]:.2f} {after[1]:.2f} {after[2]:.2f} ({os.cpu_count()} cores)"
        )
        for error in results.errors[:10]:
            print("error:", error)
        failed = bool(results.errors) or p95 > P95_MS
        print("result:", "FAIL" if failed else "pass")
    finally:
        topology.stop_all()
        shutil.rmtree(workdir, ignore_errors=True)
        shutil.rmtree(data_dir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
