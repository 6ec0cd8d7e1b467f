from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tandem.notifications.scheduler import jobs_enqueue_due, periodic_jobs


class Command(BaseCommand):
    help = "Enqueue periodic jobs (reminders, expiries, stale-task recovery) when they are due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Check once, then exit.")
        parser.add_argument("--interval", type=float, default=30.0, help="Seconds between checks.")

    def handle(self, *args: Any, once: bool, interval: float, **options: Any) -> None:
        names = ", ".join(sorted(periodic_jobs())) or "none"
        self.stdout.write(f"Periodic jobs: {names}")
        while True:
            for name in jobs_enqueue_due():
                self.stdout.write(f"enqueued {name}")
            if once:
                return
            time.sleep(interval)
