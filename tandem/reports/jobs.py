from __future__ import annotations

from datetime import timedelta

from tandem.core.scheduler import periodic
from tandem.reports.services import health_snapshots_record


@periodic(every=timedelta(hours=24), name="record-health-snapshots")
def record_health_snapshots() -> None:
    health_snapshots_record()
