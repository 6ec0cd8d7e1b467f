"""Periodic jobs of the nudges app. Each sends once per occasion, however often it runs."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tandem.core.scheduler import periodic
from tandem.nudges import services


@periodic(every=timedelta(hours=1), name="nudge-unanswered-requests")
def nudge_unanswered_requests() -> None:
    services.request_reminders_send(now=timezone.now())


@periodic(every=timedelta(hours=6), name="nudge-unsigned-charters")
def nudge_unsigned_charters() -> None:
    services.charter_reminders_send(now=timezone.now())


@periodic(every=timedelta(hours=6), name="nudge-quiet-pairs")
def nudge_quiet_pairs() -> None:
    services.quiet_pairs_nudge(now=timezone.now())


@periodic(every=timedelta(hours=12), name="nudge-overdue-plans")
def nudge_overdue_plans() -> None:
    services.overdue_reminders_send(today=timezone.localdate())


@periodic(every=timedelta(hours=6), name="alert-health-changes")
def alert_health_changes() -> None:
    services.health_alerts_send(now=timezone.now())
