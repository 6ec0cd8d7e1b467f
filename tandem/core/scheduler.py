"""Periodic jobs. Apps declare them in a `jobs.py` module with `@periodic(every=...)`; the
`tandem scheduler` command enqueues each one when it is due, as a background task.

Core imports no app: it finds the jobs by importing every installed app's `jobs` module.

Several scheduler processes may run (one per app server): a job is claimed with a conditional
UPDATE on its ScheduledJobRun row, so only one of them enqueues it per period. Each pass also
re-queues tasks whose worker died (tasks_recovery.py), so recovery needs no worker to run it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from tandem.core.heartbeat import heartbeat_beat, heartbeats_prune
from tandem.core.models import Heartbeat, ScheduledJobRun
from tandem.core.tasks_recovery import tasks_recover_stale

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: timedelta
    run: Callable[[], object]


_JOBS: dict[str, PeriodicJob] = {}


def periodic(
    *, every: timedelta, name: str | None = None
) -> Callable[[Callable[[], object]], Callable[[], object]]:
    def register(func: Callable[[], object]) -> Callable[[], object]:
        job_name = name or f"{func.__module__}.{func.__name__}"
        _JOBS[job_name] = PeriodicJob(job_name, every, func)
        return func

    return register


def periodic_jobs() -> dict[str, PeriodicJob]:
    autodiscover_modules("jobs")
    return dict(_JOBS)


def job_claim(job: PeriodicJob, *, now: datetime | None = None) -> bool:
    """Mark the job started if it is due; True when this caller won the claim."""
    now = now or timezone.now()
    ScheduledJobRun.objects.get_or_create(name=job.name)
    due = Q(last_started_at__isnull=True) | Q(last_started_at__lte=now - job.every)
    return bool(ScheduledJobRun.objects.filter(due, name=job.name).update(last_started_at=now))


def jobs_enqueue_due(*, now: datetime | None = None) -> list[str]:
    from tandem.core.tasks import periodic_job_run

    enqueued = []
    for job in periodic_jobs().values():
        if job_claim(job, now=now):
            periodic_job_run.enqueue(job.name)
            enqueued.append(job.name)
    return enqueued


def scheduler_pass(*, process_id: str, now: datetime | None = None) -> list[str]:
    """One tick of a scheduler: say it is alive, take back orphaned tasks, enqueue due jobs."""
    now = now or timezone.now()
    heartbeat_beat(process_id=process_id, kind=Heartbeat.Kind.SCHEDULER, now=now)
    tasks_recover_stale(now=now)
    heartbeats_prune(now=now)
    enqueued = jobs_enqueue_due(now=now)
    heartbeat_beat(process_id=process_id, kind=Heartbeat.Kind.SCHEDULER, now=now, passed=True)
    return enqueued


def job_run(name: str) -> None:
    job = periodic_jobs()[name]
    error = ""
    try:
        job.run()
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"
        logger.exception("periodic job %s failed", name)
        raise
    finally:
        ScheduledJobRun.objects.filter(name=name).update(
            last_finished_at=timezone.now(), last_error=error
        )
