"""Periodic jobs of the matching app."""

from __future__ import annotations

from datetime import timedelta

from tandem.core.scheduler import periodic
from tandem.matching.services import mentor_requests_expire


@periodic(every=timedelta(hours=1), name="expire-mentor-requests")
def expire_mentor_requests() -> None:
    mentor_requests_expire()
