"""Reads for the notifications pages that are not a person's own notices."""

from __future__ import annotations

from django.urls import reverse

from tandem.accounts.models import User
from tandem.core.links import absolute_url
from tandem.notifications.email_templates import EmailSpec
from tandem.programmes.models import Programme

SAMPLE_ANNOUNCEMENT = (
    "Our next programme meet-up is on **Thursday at 17:00**, in the atrium.\n\n"
    "- Bring a question you would like to ask another pair\n"
    "- Drinks are on the programme"
)


def email_preview_values(spec: EmailSpec, *, programme: Programme, user: User) -> dict[str, str]:
    """What a preview of `spec` shows: the programme's own name, the coordinator looking as
    the recipient, and sample text where the real text is only known when it is sent."""
    samples = {
        "person_name": user.name or user.email,
        "programme_name": programme.name,
        "title": "Meet-up next Thursday",
        "announcement": SAMPLE_ANNOUNCEMENT,
        "link": absolute_url(reverse("programmes:detail", args=[programme.slug])),
    }
    return {name: samples.get(name, "") for name in spec.placeholders}
