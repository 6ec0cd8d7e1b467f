from __future__ import annotations

import logging
import signal
import time
from collections.abc import Callable
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, close_old_connections
from django.utils.crypto import get_random_string

from tandem.core.scheduler import periodic_jobs, scheduler_pass

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Enqueue periodic jobs (reminders, expiries, snapshots) when they are due, and "
        "re-queue tasks whose worker died."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Check once, then exit.")
        parser.add_argument("--interval", type=float, default=30.0, help="Seconds between checks.")

    def handle(self, *args: Any, once: bool, interval: float, **options: Any) -> None:
        process_id = f"scheduler-{get_random_string(24)}"
        names = ", ".join(sorted(periodic_jobs())) or "none"
        self.stdout.write(f"Periodic jobs: {names}")
        running = True

        def stop(signum: int, frame: FrameType | None) -> None:
            nonlocal running
            running = False

        # Put back when the command returns: called in a process that goes on (a test, a
        # shell), it must not leave that process deaf to SIGTERM.
        before = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            self._loop(process_id, once, interval, lambda: running)
        finally:
            for sig, handler in before.items():
                signal.signal(sig, handler)

    def _loop(
        self, process_id: str, once: bool, interval: float, running: Callable[[], bool]
    ) -> None:
        # The scheduler's heartbeat row stays when it stops: /healthz judges the last pass, and
        # `--once` from cron is as alive as a loop.
        while running():
            try:
                for name in scheduler_pass(process_id=process_id):
                    self.stdout.write(f"enqueued {name}")
            except DatabaseError:
                # A busy or restarting database: the next pass tries again; a scheduler that
                # exited here would leave dead workers' tasks unrecovered.
                if once:
                    raise
                logger.exception("scheduler pass failed; trying again in %s s", interval)
            if once:
                return
            deadline = time.monotonic() + interval
            while running() and time.monotonic() < deadline:
                time.sleep(min(0.5, interval))
            # Between passes, as a request ends: a connection the database dropped or one past
            # its age is replaced before the next pass uses it.
            close_old_connections()
