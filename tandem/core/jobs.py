from __future__ import annotations

from datetime import timedelta

from tandem.core.audit import audit_expire
from tandem.core.scheduler import periodic


@periodic(every=timedelta(hours=24), name="expire-audit-events")
def expire_audit_events() -> None:
    audit_expire()
