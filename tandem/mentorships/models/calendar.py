"""Secret, revocable calendar feed addresses."""

from __future__ import annotations

import secrets

from django.db import models

from tandem.people.models import Person


def _feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """Whoever holds the address reads the person's meeting times; revoking it stops that."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="calendar_feeds")
    token = models.CharField(max_length=64, unique=True, default=_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_calendar_feed",
            )
        ]

    def __str__(self) -> str:
        return f"Calendar feed of {self.person} ({self.token[:6]}…)"
