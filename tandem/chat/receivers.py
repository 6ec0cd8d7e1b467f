from __future__ import annotations

from typing import Any

from tandem.announcements.models import Announcement
from tandem.chat import posts
from tandem.mentorships.models import Concern


def on_concern_raised(sender: Any, *, concern: Concern, **extra: Any) -> None:
    posts.concern_post(concern)


def on_announcement_posted(sender: Any, *, announcement: Announcement, **extra: Any) -> None:
    posts.announcement_post(announcement)
