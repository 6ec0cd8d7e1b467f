"""Absolute links for places outside the site (emails, calendar files), built in one place."""

from __future__ import annotations

from django.conf import settings


def absolute_url(path: str) -> str:
    """`path` (from reverse() or a stored link) on the site's public address."""
    if not path.startswith("/"):
        path = f"/{path}"
    return f"{settings.SITE_URL}{path}"
