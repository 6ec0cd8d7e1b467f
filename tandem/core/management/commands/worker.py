"""`tandem worker`: django-tasks-db's `db_worker`, plus a heartbeat.

The heartbeat lets recovery tell a dead worker's task from a long one within a minute, and lets
/healthz tell whether anything is working the queue.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django_tasks_db.management.commands import db_worker

from tandem.core.heartbeat import (
    HeartbeatThread,
    heartbeat_beat,
    heartbeat_stop,
    set_current_worker_id,
)
from tandem.core.models import Heartbeat


class Command(db_worker.Command):
    help = "Run a background task worker that reports a heartbeat."

    def handle(self, *args: Any, worker_id: str, **options: Any) -> None:
        set_current_worker_id(worker_id)
        # Beat before the first claim, so no task is ever held by a worker recovery has not seen.
        heartbeat_beat(process_id=worker_id, kind=Heartbeat.Kind.WORKER)
        beat = HeartbeatThread(
            process_id=worker_id,
            kind=Heartbeat.Kind.WORKER,
            interval=settings.TANDEM_HEARTBEAT_SECONDS,
        )
        beat.start()
        try:
            super().handle(*args, worker_id=worker_id, **options)
        finally:
            beat.stop()
            beat.join(timeout=5)
            heartbeat_stop(process_id=worker_id)
