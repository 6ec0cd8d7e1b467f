from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from tandem.core.batches import batches
from tandem.mentorships.health import mentorship_health
from tandem.mentorships.models import Mentorship
from tandem.mentorships.selectors import with_health_data
from tandem.programmes.models import Programme
from tandem.reports.models import HealthSnapshot


def health_snapshots_record(*, day: date | None = None, programme: Programme | None = None) -> int:
    """Record today's health of every open mentorship (once per day; a rerun updates it)."""
    day = day or timezone.localdate()
    moment = timezone.make_aware(datetime.combine(day, time(23, 59)))
    mentorships = Mentorship.objects.open().filter(created_at__lte=moment)
    if programme is not None:
        mentorships = mentorships.filter(programme=programme)
    recorded = 0
    # A batch at a time: each pair is read with its whole history, and an organisation may
    # run tens of thousands of pairs.
    for batch in batches(with_health_data(mentorships)):
        snapshots = []
        for mentorship in batch:
            report = mentorship_health(mentorship, now=moment)
            snapshots.append(
                HealthSnapshot(
                    mentorship=mentorship, day=day, status=report.status, score=report.score
                )
            )
        HealthSnapshot.objects.bulk_create(
            snapshots,
            update_conflicts=True,
            unique_fields=["mentorship", "day"],
            update_fields=["status", "score"],
        )
        recorded += len(snapshots)
    return recorded


def health_snapshots_backfill(*, programme: Programme, weeks: int, today: date) -> int:
    """Reconstruct weekly snapshots from the recorded history (used by the demo)."""
    total = 0
    for week in range(weeks, -1, -1):
        total += health_snapshots_record(day=today - timedelta(weeks=week), programme=programme)
    return total
