"""Where a notice about a circle sends its reader."""

from __future__ import annotations

from django.urls import reverse

from tandem.programmes.models import Programme


def member_circle_url(pk: int) -> str:
    """The circle's own page for its members (docs/circles.md)."""
    return reverse("circles:overview", args=[pk])


def browse_url(programme: Programme) -> str:
    return reverse("circles:browse", args=[programme.slug])
