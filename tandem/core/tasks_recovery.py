"""Re-queue tasks whose worker died: the database queue leaves them "running" for ever.

Every task's side effects are idempotent (see emails.py), so running one again is safe.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


def tasks_recover_stale(*, older_than: timedelta) -> int:
    cutoff = timezone.now() - older_than
    stale = DBTaskResult.objects.filter(status="RUNNING", started_at__lt=cutoff)
    count = stale.update(status="READY", started_at=None)
    if count:
        logger.warning("re-queued %d task(s) whose worker stopped before finishing", count)
    return count
