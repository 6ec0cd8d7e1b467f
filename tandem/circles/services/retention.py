"""Removing what a closed circle wrote once its programme's retention period has passed, as
for a closed pair (docs/personal-data.md, "Retention").

What stays is what the reports count: the circle's dates, state and members, its meetings
(when, how long, whether held, who attended) and the check-in scores. Everything people wrote
goes.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from tandem.circles.models import (
    Circle,
    CircleAgendaItem,
    CircleCharterVersion,
    CircleCheckIn,
    CircleConcern,
    CircleGoal,
    CircleJournalEntry,
    CircleMeeting,
    CircleMeetingNote,
    CircleMember,
)
from tandem.programmes.models import Programme

logger = logging.getLogger("tandem.circles")

# Rows that hold nothing but what people wrote, each with its circle at `circle`.
WRITTEN = (CircleCharterVersion, CircleConcern, CircleJournalEntry, CircleGoal)
CHUNK = 200


def circles_due_for_purge(*, now: datetime) -> list[int]:
    due: list[int] = []
    for programme in Programme.objects.filter(content_retention_days__isnull=False):
        assert programme.content_retention_days is not None
        due += Circle.objects.filter(
            programme=programme,
            state=Circle.State.CLOSED,
            content_purged_at__isnull=True,
            closed_at__lte=now - timedelta(days=programme.content_retention_days),
        ).values_list("pk", flat=True)
    return sorted(due)


def circles_purge_content(ids: list[int], *, now: datetime) -> int:
    """Remove the content of these circles; safe to run again on the same circles."""
    with transaction.atomic():
        circles = Circle.objects.filter(pk__in=ids, content_purged_at__isnull=True)
        locked = list(circles.select_for_update().values_list("pk", flat=True))
        if not locked:
            return 0
        CircleAgendaItem.objects.filter(meeting__circle__in=locked).delete()
        CircleMeetingNote.objects.filter(meeting__circle__in=locked).delete()
        for model in WRITTEN:
            model.objects.filter(circle__in=locked).delete()
        CircleMeeting.objects.filter(circle__in=locked).update(location="", video_link="")
        CircleCheckIn.objects.filter(circle__in=locked).exclude(comment="").update(comment="")
        CircleMember.objects.filter(circle__in=locked).exclude(join_note="").update(join_note="")
        Circle.objects.filter(pk__in=locked).update(content_purged_at=now, updated_at=now)
    logger.info("content of %d closed circles removed after their retention period", len(locked))
    return len(locked)


def circles_purge_expired(*, now: datetime | None = None) -> int:
    """The daily job: every circle past its retention period, a chunk at a time."""
    now = now or timezone.now()
    due = circles_due_for_purge(now=now)
    return sum(
        circles_purge_content(due[start : start + CHUNK], now=now)
        for start in range(0, len(due), CHUNK)
    )
