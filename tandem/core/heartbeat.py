"""Heartbeats of the task workers and schedulers.

A worker beats from a background thread, so a task that runs for minutes keeps its worker
visibly alive; a worker that was killed stops beating, and recovery re-queues its task once the
beat is older than TANDEM_HEARTBEAT_STALE_SECONDS.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import datetime, timedelta

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from tandem.core.models import Heartbeat

logger = logging.getLogger(__name__)

# The id of the worker this process is, if it is one; emails claimed here record it.
_current_worker_id = ""


def current_worker_id() -> str:
    return _current_worker_id


def set_current_worker_id(worker_id: str) -> None:
    global _current_worker_id
    _current_worker_id = worker_id


def heartbeat_stale_after() -> timedelta:
    return timedelta(seconds=settings.TANDEM_HEARTBEAT_STALE_SECONDS)


def heartbeat_beat(
    *, process_id: str, kind: str, now: datetime | None = None, passed: bool = False
) -> None:
    now = now or timezone.now()
    defaults: dict[str, object] = {"beat_at": now}
    if passed:
        defaults["last_pass_at"] = now
    _, created = Heartbeat.objects.update_or_create(
        process_id=process_id,
        defaults=defaults,
        create_defaults={
            **defaults,
            "kind": kind,
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": now,
        },
    )
    if created:
        logger.info("%s %s started", kind, process_id)


def heartbeat_stop(*, process_id: str) -> None:
    """A process that stops cleanly says so, and is no longer counted as alive."""
    Heartbeat.objects.filter(process_id=process_id).delete()


def heartbeats_prune(*, now: datetime | None = None) -> int:
    """Forget processes silent for a day; their tasks were re-queued long ago."""
    now = now or timezone.now()
    deleted, _ = Heartbeat.objects.filter(beat_at__lt=now - timedelta(days=1)).delete()
    return deleted


class HeartbeatThread(threading.Thread):
    """Beats every `interval` seconds until stopped, on its own database connection."""

    def __init__(self, *, process_id: str, kind: str, interval: float) -> None:
        super().__init__(name=f"heartbeat-{kind}", daemon=True)
        self.process_id = process_id
        self.kind = kind
        self.interval = interval
        self._stop_event = threading.Event()

    def run(self) -> None:
        try:
            while not self._stop_event.is_set():
                try:
                    close_old_connections()
                    heartbeat_beat(process_id=self.process_id, kind=self.kind)
                except Exception:  # a database blip must not end the heartbeat for good
                    logger.exception("heartbeat of %s %s failed", self.kind, self.process_id)
                self._stop_event.wait(self.interval)
        finally:
            connection.close()

    def stop(self) -> None:
        self._stop_event.set()


def claim_abandoned(
    *, claimed_by: str, claimed_at: datetime | None, stale_after: timedelta
) -> bool:
    """Whether a row claimed for a one-off send (an email, a chat post) was left half-done.

    A claim held by a worker is abandoned when that worker's heartbeat went stale; a claim
    made outside a worker (a web request, a shell) only when `stale_after` has passed, which
    outlives any send's timeout.
    """
    now = timezone.now()
    if claimed_by:
        return not Heartbeat.objects.filter(
            process_id=claimed_by, beat_at__gte=now - heartbeat_stale_after()
        ).exists()
    return claimed_at is None or claimed_at < now - stale_after
