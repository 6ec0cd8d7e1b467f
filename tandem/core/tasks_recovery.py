"""Re-queue tasks whose worker died: the database queue leaves them "running" for ever.

A task is taken back when the worker that claimed it has stopped beating (see heartbeat.py),
or, for a worker that never beat at all (a bare `db_worker`), when it has been running for
longer than TANDEM_STALE_TASK_MINUTES. Every task is written to be run again safely: it
checks the state it left behind before acting (see docs/deploy.md, "Faults").
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tandem.core.heartbeat import heartbeat_stale_after
from tandem.core.models import Heartbeat

logger = logging.getLogger(__name__)


def tasks_recover_stale(*, older_than: timedelta | None = None, now: datetime | None = None) -> int:
    now = now or timezone.now()
    if older_than is None:
        older_than = timedelta(minutes=settings.TANDEM_STALE_TASK_MINUTES)
    alive = set(
        Heartbeat.objects.filter(
            kind=Heartbeat.Kind.WORKER, beat_at__gte=now - heartbeat_stale_after()
        ).values_list("process_id", flat=True)
    )
    known = set(
        Heartbeat.objects.filter(kind=Heartbeat.Kind.WORKER).values_list("process_id", flat=True)
    )
    # Running tasks are few (one per worker), so they are read whole.
    running = DBTaskResult.objects.filter(status="RUNNING").only("id", "worker_ids", "started_at")
    stale_ids = []
    for result in running:
        worker = result.worker_ids[-1] if result.worker_ids else ""
        if worker in alive:
            continue
        started = result.started_at
        # A worker never seen beating gets the long timeout; a stopped heartbeat does not.
        if worker not in known and started is not None and started > now - older_than:
            continue
        stale_ids.append(result.pk)
    if not stale_ids:
        return 0
    with transaction.atomic():
        count = DBTaskResult.objects.filter(pk__in=stale_ids, status="RUNNING").update(
            status="READY", started_at=None
        )
    if count:
        logger.warning("re-queued %d task(s) whose worker stopped before finishing", count)
    return count
