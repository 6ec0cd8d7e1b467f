from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation

from tandem.announcements.models import Announcement
from tandem.chat import posts
from tandem.circles.models import CircleConcern
from tandem.mentorships.models import Concern

# A channel is read by many people at once: its posts are in the site's language, not in the
# language of whoever raised the concern or posted the announcement (docs/translations.md).


def on_concern_raised(sender: Any, *, concern: Concern, **extra: Any) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        posts.concern_post(concern)


def on_circle_concern_raised(sender: Any, *, concern: CircleConcern, **extra: Any) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        posts.circle_concern_post(concern)


def on_announcement_posted(sender: Any, *, announcement: Announcement, **extra: Any) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        posts.announcement_post(announcement)
