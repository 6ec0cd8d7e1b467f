"""Surveys sent by what happens in a pair: a meeting held, a pair closed."""

from __future__ import annotations

from typing import Any

from tandem.mentorships.models import Mentorship
from tandem.people.models import Person
from tandem.surveys import services


def on_mentorship_event(
    sender: Any, *, mentorship: Mentorship, event: str, by: Person | None, **extra: Any
) -> None:
    services.surveys_send_for_event(
        mentorship=mentorship, event=event, meeting=extra.get("meeting")
    )
