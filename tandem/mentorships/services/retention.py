"""Removing what a closed pair wrote once its programme's retention period has passed.

What stays is what the programme's reports count: the pair's dates, state and outcome, its
meetings (when, how long, whether held), the check-in scores, the outcome surveys and the
health snapshots. Everything people wrote goes.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from tandem.mentorships.models import (
    ActionItem,
    AgendaItem,
    CharterVersion,
    CheckIn,
    ClosureReflection,
    Concern,
    DevelopmentOpportunity,
    Feedback,
    Goal,
    JournalEntry,
    LearningNeed,
    Meeting,
    MeetingNote,
    Mentorship,
    TeachBack,
)
from tandem.programmes.models import Programme

logger = logging.getLogger("tandem.mentorships")

# Rows that hold nothing but what people wrote, each with its pair at `mentorship`.
WRITTEN = (
    ActionItem,
    CharterVersion,
    ClosureReflection,
    Concern,
    DevelopmentOpportunity,
    Feedback,
    JournalEntry,
    TeachBack,
    LearningNeed,
    Goal,  # after the needs and opportunities that may point at it
)
# Pairs purged per transaction: a long backlog is worked through without one long lock.
CHUNK = 200


def mentorships_due_for_purge(*, now: datetime) -> list[int]:
    """Closed pairs whose programme's retention period has passed and still hold content."""
    due: list[int] = []
    for programme in Programme.objects.filter(content_retention_days__isnull=False):
        assert programme.content_retention_days is not None
        due += Mentorship.objects.filter(
            programme=programme,
            state=Mentorship.State.CLOSED,
            content_purged_at__isnull=True,
            closed_at__lte=now - timedelta(days=programme.content_retention_days),
        ).values_list("pk", flat=True)
    return sorted(due)


def mentorships_purge_content(ids: list[int], *, now: datetime) -> int:
    """Remove the content of these pairs; safe to run again on the same pairs."""
    with transaction.atomic():
        pairs = Mentorship.objects.filter(pk__in=ids, content_purged_at__isnull=True)
        locked = list(pairs.select_for_update().values_list("pk", flat=True))
        if not locked:
            return 0
        AgendaItem.objects.filter(meeting__mentorship__in=locked).delete()
        MeetingNote.objects.filter(meeting__mentorship__in=locked).delete()
        for model in WRITTEN:
            model.objects.filter(mentorship__in=locked).delete()
        Meeting.objects.filter(mentorship__in=locked).exclude(location="").update(location="")
        CheckIn.objects.filter(mentorship__in=locked).exclude(comment="").update(comment="")
        Mentorship.objects.filter(pk__in=locked).update(
            exit_reason="", reporting_line_reason="", content_purged_at=now, updated_at=now
        )
    logger.info(
        "content of %d closed mentorships removed after their retention period", len(locked)
    )
    return len(locked)


def mentorships_purge_expired(*, now: datetime | None = None) -> int:
    """The daily job: every pair past its retention period, a chunk at a time."""
    now = now or timezone.now()
    due = mentorships_due_for_purge(now=now)
    return sum(
        mentorships_purge_content(due[start : start + CHUNK], now=now)
        for start in range(0, len(due), CHUNK)
    )
