"""Actions taken in Django's admin, in the audit log: what kind of object, which, and how.

The admin's own history keeps a description of the object; the audit log keeps only its type
and id, so that nothing a pair wrote can reach it through an object's name.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.db.models.signals import post_save
from django.dispatch import receiver

from tandem.core import audit

_VERBS = {ADDITION: "added", CHANGE: "changed", DELETION: "deleted"}


@receiver(post_save, sender=LogEntry, dispatch_uid="audit-admin-action")
def admin_action(sender: Any, instance: LogEntry, created: bool, **kwargs: Any) -> None:
    if not created:
        return
    audit.record(
        f"admin.{_VERBS.get(instance.action_flag, 'acted')}",
        actor=instance.user,
        object_type=instance.content_type.model if instance.content_type else "",
        object_id=instance.object_id or "",
    )
