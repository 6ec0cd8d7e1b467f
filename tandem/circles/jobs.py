from __future__ import annotations

from datetime import timedelta

from tandem.circles.services.retention import circles_purge_expired
from tandem.core.scheduler import periodic


@periodic(every=timedelta(hours=24), name="purge-closed-circle-content")
def purge_closed_circle_content() -> None:
    circles_purge_expired()
