"""The audit log: who did what to which object, and when.

Apps record with `record(...)` where the thing happens (in their services, or for sign-ins
and admin actions in signal receivers). An event names its object by type and id, never by
what people wrote: `detail` holds ids, counts and states only, and a test sweeps the log for
the marker strings of a pair's content. Operators read it on the audit page
(accounts/views.py), search it, and export it; events older than AUDIT_RETENTION_DAYS are
removed by a daily job, the only way an event ever leaves the log.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from tandem.core.models import AuditEvent

CSV_HEADER = ["when", "who", "action", "object type", "object id", "detail", "address"]


def record(
    action: str,
    *,
    actor: Any = None,
    obj: Model | None = None,
    object_type: str = "",
    object_id: object = "",
    request: HttpRequest | None = None,
    **detail: Any,
) -> AuditEvent:
    """Append one event. `detail` is for ids, counts and states: never free text."""
    if obj is not None:
        object_type = obj._meta.model_name or ""
        object_id = obj.pk
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEvent.objects.create(
        at=timezone.now(),
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        detail=detail,
        ip=request.META.get("REMOTE_ADDR") if request is not None else None,
    )


@dataclass(frozen=True)
class AuditSearch:
    action: str = ""
    actor: str = ""  # an email address, or part of one
    object_type: str = ""
    object_id: str = ""
    since: datetime.date | None = None
    until: datetime.date | None = None


def audit_events(search: AuditSearch) -> QuerySet[AuditEvent]:
    narrowing = {
        "action__startswith": search.action,
        "actor__email__icontains": search.actor,
        "object_type": search.object_type,
        "object_id": search.object_id,
        "at__date__gte": search.since,
        "at__date__lte": search.until,
    }
    return (
        AuditEvent.objects.select_related("actor")
        .filter(**{lookup: value for lookup, value in narrowing.items() if value})
        .order_by("-at", "-pk")
    )


def audit_actions() -> list[str]:
    return list(AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct())


def csv_rows(events: QuerySet[AuditEvent]) -> Iterator[list[str]]:
    yield CSV_HEADER
    for event in events.iterator(chunk_size=2000):
        yield [
            event.at.isoformat(),
            event.actor.email if event.actor else "",
            event.action,
            event.object_type,
            event.object_id,
            " ".join(f"{key}={value}" for key, value in sorted(event.detail.items())),
            event.ip or "",
        ]


def audit_expire(*, now: datetime.datetime | None = None) -> int:
    """Remove the events older than the retention period; the daily job calls this."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.AUDIT_RETENTION_DAYS)
    return AuditEvent.objects.filter(at__lt=cutoff)._expire()
