"""Periodic jobs of the notifications app: reminders, celebrations and digests."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tandem.core.scheduler import periodic
from tandem.notifications.digests import digests_send
from tandem.notifications.invitation_reminders import invitation_reminders_send
from tandem.notifications.reminders import (
    celebrations_send,
    check_in_reminders_send,
    meeting_reminders_send,
)


@periodic(every=timedelta(hours=1), name="meeting-reminders")
def meeting_reminders() -> None:
    meeting_reminders_send(now=timezone.now())


@periodic(every=timedelta(hours=6), name="check-in-reminders")
def check_in_reminders() -> None:
    check_in_reminders_send(today=timezone.localdate())


@periodic(every=timedelta(hours=6), name="celebrations")
def celebrations() -> None:
    celebrations_send(today=timezone.localdate())


@periodic(every=timedelta(hours=1), name="send-digests")
def send_digests() -> None:
    digests_send(now=timezone.now())


@periodic(every=timedelta(hours=6), name="invitation-reminders")
def invitation_reminders() -> None:
    invitation_reminders_send(now=timezone.now())
