"""Periodic jobs of the matching app."""

from __future__ import annotations

from datetime import timedelta

from tandem.matching.services import mentor_requests_expire
from tandem.notifications.scheduler import periodic


@periodic(every=timedelta(hours=1), name="expire-mentor-requests")
def expire_mentor_requests() -> None:
    mentor_requests_expire()
