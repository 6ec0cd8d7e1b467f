"""Periodic jobs of the notifications app: keeping the task queue healthy."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings

from tandem.notifications.recovery import tasks_recover_stale
from tandem.notifications.scheduler import periodic


@periodic(every=timedelta(minutes=5), name="recover-stale-tasks")
def recover_stale_tasks() -> None:
    tasks_recover_stale(older_than=timedelta(minutes=settings.TANDEM_STALE_TASK_MINUTES))
