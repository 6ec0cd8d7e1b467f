"""The production topology on one machine, under load, with a server and a worker killed.

`make test-topology` runs it: PostgreSQL and Redis (started if they are not running), two
gunicorn app servers, two task workers and two schedulers, all sharing one database and one
cache. It then

- sends bounded load across both servers, as a load balancer would, and kills one server and
  one worker (while that worker holds a task) part way through;
- checks: no error except the killed server's requests in flight; every task finished once
  (an import, a match run, the emails); no email sent twice; a rate limit counted across both
  servers.

Exit status 0 when every check holds. Bounded: about a minute of load, three minutes in all.
"""

from __future__ import annotations

import http.client
import http.cookiejar
import itertools
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

DATABASE = os.environ.get("TOPOLOGY_DATABASE", "tandem_topology")
PG = os.environ.get("TOPOLOGY_PG", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("TOPOLOGY_REDIS_URL", "redis://127.0.0.1:6379/10")
LOAD_SECONDS = float(os.environ.get("TOPOLOGY_LOAD_SECONDS", "40"))
CLIENTS = 6
EMAILS = 30
IMPORT_ROWS = 3000
TANDEM = [sys.executable, "-m", "tandem.cli"]


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def ensure_services() -> None:
    if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"]).returncode != 0:
        clusters = os.listdir("/etc/postgresql")
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", clusters[0], "main", "start"],
            check=True,
        )
        for _ in range(30):
            if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"]).returncode == 0:
                break
            time.sleep(1)
    if subprocess.run(["redis-cli", "ping"], capture_output=True).returncode != 0:
        subprocess.run(["redis-server", "--daemonize", "yes"], check=True)
        for _ in range(30):
            if subprocess.run(["redis-cli", "ping"], capture_output=True).returncode == 0:
                break
            time.sleep(0.5)


def fresh_database() -> None:
    import psycopg

    with psycopg.connect(f"{PG.replace('postgres://', 'postgresql://')}/postgres") as conn:
        conn.autocommit = True
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DATABASE}"')
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Stats:
    ok: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    details: list[str] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Topology:
    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.outbox = workdir / "outbox"
        self.ports = {"a": free_port(), "b": free_port()}
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("EMAIL_", "PYTEST"))},
            "DATABASE_URL": f"{PG}/{DATABASE}",
            "CACHE_URL": REDIS_URL,
            "SECRET_KEY": secrets.token_urlsafe(50),
            "TANDEM_SERVERS": "2",
            "DEBUG": "0",
            "TANDEM_DATA_DIR": str(workdir / "data"),
            "ALLOWED_HOSTS": "127.0.0.1",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(self.outbox),
            "TANDEM_HEARTBEAT_SECONDS": "1",
            # Generous for a loaded CI machine, and longer than the whole machine may stand
            # still: a virtual machine paused for a snapshot (10 s seen here) wakes with every
            # heartbeat that old at once. Recovery still comes within half a minute.
            "TANDEM_HEARTBEAT_STALE_SECONDS": "20",
            "RATE_LIMIT_RESET_PASSWORD": "120/m/ip,3/5m/key",
            "LOG_LEVEL": "WARNING",
        }
        self.env.pop("TANDEM_TESTING", None)
        self.processes: dict[str, subprocess.Popen[bytes]] = {}

    # Processes

    def tandem(self, *args: str) -> None:
        subprocess.run(
            [sys.executable, "-m", "tandem.cli", *args], env=self.env, check=True, timeout=600
        )

    def start(self, name: str, argv: list[str], **env: str) -> None:
        out = open(self.workdir / f"{name}.log", "wb")  # noqa: SIM115 (closed with the process)
        self.processes[name] = subprocess.Popen(
            argv,
            env={**self.env, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: a server dies with its workers
        )

    def start_all(self) -> None:
        for name in ("a", "b"):
            self.start(
                f"server-{name}",
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "-c",
                    "python:tandem.gunicorn_conf",
                    "tandem.wsgi",
                ],
                PORT=str(self.ports[name]),
                WEB_CONCURRENCY="2",
            )
            self.start(
                f"worker-{name}",
                [*TANDEM, "worker", "--interval", "0.5", "--worker-id", f"topology-worker-{name}"],
            )
            self.start(
                f"scheduler-{name}",
                [*TANDEM, "scheduler", "--interval", "1"],
            )

    def kill(self, name: str) -> None:
        os.killpg(self.processes[name].pid, signal.SIGKILL)
        self.processes[name].wait(timeout=10)

    def stop_all(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)

    # HTTP

    def url(self, server: str, path: str) -> str:
        return f"http://127.0.0.1:{self.ports[server]}{path}"

    def wait_healthy(self, server: str, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        last = ""
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url(server, "/healthz"), timeout=5) as r:
                    if r.status == 200:
                        return
            except urllib.error.HTTPError as exc:
                last = exc.read().decode()[:300]
            except OSError as exc:
                last = str(exc)
            time.sleep(0.5)
        raise SystemExit(f"server {server} never became healthy: {last}")


def django_setup(env: dict[str, str]) -> None:
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "tandem.settings"
    import django

    django.setup()


def seed_token() -> str:
    """A personal token for the load's API requests."""
    from tandem.accounts.models import PersonalToken, User

    someone = User.objects.filter(is_superuser=False).order_by("pk").first()
    assert someone is not None
    _, token = PersonalToken.issue(user=someone, name="topology")
    return token


def enqueue_tasks() -> dict[str, int]:
    """The tasks the workers must each finish once: an import, a match run, emails."""
    from django.db.models import Count

    from tandem.accounts.models import User
    from tandem.matching.services import match_run_start
    from tandem.notifications.services import notification_send
    from tandem.people.services import import_job_create
    from tandem.programmes.models import Programme

    coordinator = User.objects.filter(is_superuser=False).order_by("pk").first()
    assert coordinator is not None
    # The emails first: sending them takes this process a while, and the import and the match
    # run, queued last, must still be running when the watcher starts looking for them.
    recipients = list(User.objects.filter(is_active=True).order_by("pk")[:EMAILS])
    for user in recipients:
        notification_send(
            recipient=user, kind="topology", title=f"Topology {user.pk}", dedupe_key="topology"
        )
    rows = ["email,name,job_title,department,timezone,languages,manager_email,skills"]
    rows += [
        f"load{n}@example.org,Load Person {n},Analyst,Load Testing,Europe/London,en,,"
        "budgeting:advanced"
        for n in range(IMPORT_ROWS)
    ]
    job = import_job_create(user=coordinator, filename="load.csv", source="\n".join(rows) + "\n")
    programme = (
        Programme.objects.annotate(n=Count("enrolments")).filter(n__gt=0).order_by("-n").first()
    )
    assert programme is not None
    run = match_run_start(
        programme=programme, created_by=coordinator, mode="optimal", weights={"goals": 1}
    )
    return {"job": job.pk, "run": run.pk, "emails": len(recipients)}


def run_load(topology: Topology, token: str, stats: Stats, kill_at: float) -> None:
    """Round-robin over the live servers; a server that refuses a connection leaves the pool,
    as a load balancer's health check would take it out."""
    live = {"a", "b"}
    cycle = itertools.cycle(["a", "b"])
    paths = ["/healthz", "/accounts/login/", "/api/people/me/", "/api/mentorships/"]
    started = time.monotonic()
    killed = threading.Event()

    def client(n: int) -> None:
        i = n
        while time.monotonic() - started < LOAD_SECONDS:
            with stats.lock:
                server = next(s for s in cycle if s in live)
            path = paths[i % len(paths)]
            i += 1
            request = urllib.request.Request(
                topology.url(server, path), headers={"Authorization": f"Token {token}"}
            )
            if path == "/accounts/login/":
                request = urllib.request.Request(topology.url(server, path))
            begun = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    response.read()
                with stats.lock:
                    stats.ok[server] += 1
                    stats.seconds.append(time.perf_counter() - begun)
            except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
                body = exc.read().decode()[:300] if isinstance(exc, urllib.error.HTTPError) else ""
                with stats.lock:
                    stats.errors[server] += 1
                    stats.details.append(f"{server} {path}: {exc} {body}")
                    if server == "a" and killed.is_set():
                        live.discard("a")

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    while time.monotonic() - started < kill_at:
        time.sleep(0.1)
    log("killing app server a (SIGKILL to its master and workers)")
    killed.set()
    topology.kill("server-a")
    for thread in threads:
        thread.join()


def worker_holding_a_long_task() -> tuple[str, str]:
    """The worker running the import or the match run, as soon as one of them starts."""
    from django_tasks_db.models import DBTaskResult

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        held = (
            DBTaskResult.objects.filter(status="RUNNING")
            .exclude(task_path__endswith="notification_email")
            .first()
        )
        if held is not None and held.worker_ids:
            return held.worker_ids[-1].removeprefix("topology-"), held.task_path
        time.sleep(0.05)
    raise SystemExit("no worker was seen running the import or the match run")


def rate_limit_across_servers(topology: Topology) -> list[int]:
    """Password resets for one address, alternating servers: the limit (3 per 5 minutes per
    address) counts them together."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    statuses = []
    for server in ["a", "b", "a", "b"]:
        form = opener.open(topology.url(server, "/accounts/password/reset/")).read().decode()
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
        assert match, "no CSRF token on the reset form"
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": match.group(1), "email": "limit@example.org"}
        ).encode()
        request = urllib.request.Request(
            topology.url(server, "/accounts/password/reset/"),
            data=data,
            headers={"Referer": topology.url(server, "/accounts/password/reset/")},
        )
        try:
            with opener.open(request) as response:
                statuses.append(response.status)
        except urllib.error.HTTPError as exc:
            statuses.append(exc.code)
    return statuses


def wait_tasks_done(timeout: float = 150) -> None:
    from django_tasks_db.models import DBTaskResult

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists():
            return
        time.sleep(0.5)
    left = list(
        DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).values_list(
            "task_path", "status"
        )
    )
    raise SystemExit(f"tasks still not finished: {left}")


def sizing(topology: Topology, stats: Stats) -> dict[str, object]:
    """Figures for docs/deploy.md: throughput, latency, memory, and how busy the machine was."""
    import psutil

    times = sorted(stats.seconds)
    server = psutil.Process(topology.processes["server-b"].pid)
    workers = [server, *server.children()]
    return {
        "requests per second": round(len(times) / LOAD_SECONDS, 1),
        "median ms": round(1000 * times[len(times) // 2]) if times else None,
        "p95 ms": round(1000 * times[int(len(times) * 0.95)]) if times else None,
        "app server MB (master + workers)": [round(p.memory_info().rss / 2**20) for p in workers],
        "task worker MB": [
            round(psutil.Process(process.pid).memory_info().rss / 2**20)
            for name, process in topology.processes.items()
            if name.startswith("worker-") and process.poll() is None
        ],
        "load average": os.getloadavg(),
        "cores": os.cpu_count(),
    }


def check(results: dict[str, object], seeded: dict[str, int], outbox: Path) -> list[str]:
    from django_tasks_db.models import DBTaskResult

    from tandem.matching.models import MatchProposal, MatchRun
    from tandem.notifications.models import SentEmail
    from tandem.people.models import ImportJob, Person

    failures = []
    statuses = Counter(DBTaskResult.objects.values_list("status", flat=True))
    results["tasks"] = dict(statuses)
    if set(statuses) != {"SUCCESSFUL"}:
        failures.append(f"not every task succeeded: {dict(statuses)}")
    job = ImportJob.objects.get(pk=seeded["job"])
    imported = Person.objects.filter(email__startswith="load").count()
    results["import"] = f"{job.status}, {imported} people"
    if job.status != ImportJob.Status.SUCCEEDED or imported != IMPORT_ROWS:
        failures.append(f"import: {job.status}, {imported} of {IMPORT_ROWS} people")
    run = MatchRun.objects.get(pk=seeded["run"])
    proposals = MatchProposal.objects.filter(run=run).count()
    results["match run"] = f"{run.status}, {proposals} proposals"
    if run.status != MatchRun.Status.DONE or proposals != run.metrics.get("matched"):
        failures.append(f"match run: {run.status}, {proposals} proposals, {run.metrics}")
    messages = []
    for path in sorted(outbox.glob("*")):
        text = path.read_text(errors="replace")
        messages += re.findall(r"^Subject: (.+)$", text, flags=re.M)
    sent = Counter(m for m in messages if "Topology" in m)
    results["emails"] = f"{sum(sent.values())} sent, {len(sent)} distinct"
    if sent and max(sent.values()) > 1:
        failures.append(f"emails sent twice: {[s for s, n in sent.items() if n > 1]}")
    if len(sent) != seeded["emails"]:
        failures.append(f"{len(sent)} of {seeded['emails']} emails sent")
    unsent = SentEmail.objects.exclude(status="sent").count()
    if unsent:
        failures.append(f"{unsent} email claims not sent")
    return failures


def main() -> int:
    begun = time.monotonic()
    ensure_services()
    fresh_database()
    workdir = Path(tempfile.mkdtemp(prefix="tandem-topology-"))
    topology = Topology(workdir)
    results: dict[str, object] = {}
    failures: list[str] = []
    try:
        log(f"database {DATABASE}, cache {REDIS_URL}, work in {workdir}")
        topology.tandem("migrate", "--noinput", "-v0")
        topology.tandem("collectstatic", "--noinput", "-v0")
        topology.tandem("demo")
        django_setup(topology.env)
        token = seed_token()
        topology.start_all()
        for server in ("a", "b"):
            topology.wait_healthy(server)
        log(f"servers on ports {topology.ports['a']} and {topology.ports['b']} are healthy")

        results["rate limit"] = limited = rate_limit_across_servers(topology)
        if not (all(status < 400 for status in limited[:3]) and limited[3] == 429):
            failures.append(f"rate limit across servers: {limited}")

        stats = Stats()
        load = threading.Thread(target=run_load, args=(topology, token, stats, LOAD_SECONDS / 3))
        load.start()
        seeded = enqueue_tasks()
        log(f"queued an import, a match run and {seeded['emails']} emails")
        worker, held = worker_holding_a_long_task()
        topology.kill(worker)
        log(f"killed {worker} while it ran {held.rsplit('.', 1)[-1]}")
        results["killed worker's task"] = held
        load.join()
        results["requests"] = {"ok": dict(stats.ok), "errors": dict(stats.errors)}
        results["sizing"] = sizing(topology, stats)
        if stats.errors["b"]:
            failures.append(f"errors on the surviving server: {stats.details}")
        if stats.errors["a"] > CLIENTS:
            failures.append(f"{stats.errors['a']} errors on the killed server: {stats.details}")
        if not stats.ok["b"]:
            failures.append("no request reached server b")

        wait_tasks_done()
        failures += check(results, seeded, topology.outbox)
        topology.wait_healthy("b", timeout=30)
    finally:
        topology.stop_all()
    results["seconds"] = round(time.monotonic() - begun)
    print(json.dumps(results, indent=2, default=str))
    if failures:
        print("FAILED:\n- " + "\n- ".join(failures))
        print(f"logs kept in {workdir}")
        return 1
    shutil.rmtree(workdir, ignore_errors=True)
    print("topology: every check held")
    return 0


if __name__ == "__main__":
    sys.exit(main())
