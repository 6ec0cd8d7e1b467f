"""Dependency checks behind /healthz: the database, the cache, the task workers, the scheduler
and the task queue. Any check that fails makes /healthz answer 503, so a load balancer or a
monitor sees a stalled queue as plainly as a lost database."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Max, Min
from django.utils import timezone

from tandem.core.models import Heartbeat


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: str
    milliseconds: float


def check_database() -> CheckResult:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means the database is unusable
        return CheckResult("database", False, type(exc).__name__, _ms(started))
    return CheckResult("database", True, connection.vendor, _ms(started))


def check_cache() -> CheckResult:
    started = time.perf_counter()
    # A key of its own: every app server probes the same shared cache at once.
    value = uuid.uuid4().hex
    key = f"healthz:probe:{value}"
    try:
        cache.set(key, value, timeout=30)
        ok = cache.get(key) == value
        cache.delete(key)
    except Exception as exc:  # a Redis outage raises its own connection errors
        return CheckResult("cache", False, type(exc).__name__, _ms(started))
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    return CheckResult("cache", ok, backend if ok else "read back a different value", _ms(started))


def _queue_in_database() -> bool:
    # Tests run tasks in-process; there is no queue, worker or queue age to watch then.
    return settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


def check_workers() -> CheckResult:
    started = time.perf_counter()
    if not _queue_in_database():
        return CheckResult("workers", True, "tasks run in-process", _ms(started))
    try:
        fresh = Heartbeat.objects.filter(
            kind=Heartbeat.Kind.WORKER,
            beat_at__gte=timezone.now()
            - timedelta(seconds=settings.TANDEM_HEARTBEAT_STALE_SECONDS),
        ).count()
    except Exception as exc:
        return CheckResult("workers", False, type(exc).__name__, _ms(started))
    detail = f"{fresh} alive" if fresh else "no task worker has beaten recently"
    return CheckResult("workers", fresh > 0, detail, _ms(started))


def check_scheduler() -> CheckResult:
    started = time.perf_counter()
    if not _queue_in_database():
        return CheckResult("scheduler", True, "tasks run in-process", _ms(started))
    try:
        last = Heartbeat.objects.filter(kind=Heartbeat.Kind.SCHEDULER).aggregate(
            last=Max("last_pass_at")
        )["last"]
    except Exception as exc:
        return CheckResult("scheduler", False, type(exc).__name__, _ms(started))
    if last is None:
        return CheckResult("scheduler", False, "no scheduler has run", _ms(started))
    age = (timezone.now() - last).total_seconds()
    ok = age <= settings.TANDEM_SCHEDULER_STALE_SECONDS
    return CheckResult("scheduler", ok, f"last pass {age:.0f} s ago", _ms(started))


def check_queue() -> CheckResult:
    started = time.perf_counter()
    if not _queue_in_database():
        return CheckResult("queue", True, "tasks run in-process", _ms(started))
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    try:
        # Due tasks only: one scheduled for later is not waiting yet.
        oldest = DBTaskResult.objects.ready().aggregate(oldest=Min("enqueued_at"))["oldest"]
    except Exception as exc:
        return CheckResult("queue", False, type(exc).__name__, _ms(started))
    if oldest is None:
        return CheckResult("queue", True, "empty", _ms(started))
    age = (now - oldest).total_seconds()
    ok = age <= settings.TANDEM_QUEUE_STALE_SECONDS
    return CheckResult("queue", ok, f"oldest waiting {age:.0f} s", _ms(started))


def run_checks() -> list[CheckResult]:
    return [check_database(), check_cache(), check_workers(), check_scheduler(), check_queue()]


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)
