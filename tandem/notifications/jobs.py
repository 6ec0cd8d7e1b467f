"""Periodic jobs of the notifications app: reminders, celebrations, a healthy task queue."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from tandem.notifications.recovery import tasks_recover_stale
from tandem.notifications.reminders import (
    celebrations_send,
    check_in_reminders_send,
    meeting_reminders_send,
)
from tandem.notifications.scheduler import periodic


@periodic(every=timedelta(minutes=5), name="recover-stale-tasks")
def recover_stale_tasks() -> None:
    tasks_recover_stale(older_than=timedelta(minutes=settings.TANDEM_STALE_TASK_MINUTES))


@periodic(every=timedelta(hours=1), name="meeting-reminders")
def meeting_reminders() -> None:
    meeting_reminders_send(now=timezone.now())


@periodic(every=timedelta(hours=6), name="check-in-reminders")
def check_in_reminders() -> None:
    check_in_reminders_send(today=timezone.localdate())


@periodic(every=timedelta(hours=6), name="celebrations")
def celebrations() -> None:
    celebrations_send(today=timezone.localdate())
