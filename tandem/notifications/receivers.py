"""Tell people what happened in their mentorships, in the app and by email.

Only names and events go out: a notification never quotes a pair's content, except a concern,
whose text the person who raised it chose to send.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.urls import reverse

from tandem.accounts.models import User
from tandem.mentorships.models import Concern, Mentorship
from tandem.notifications.services import notification_send
from tandem.people.models import Person

# event → (title for the partner, with {actor} and {partner}; also tell the actor?)
PARTNER_MESSAGES: dict[str, tuple[str, bool]] = {
    "agreeing": ("{actor} started your charter: agree how you will work together", False),
    "charter_edited": ("{actor} changed the charter: please review and sign", False),
    "charter_signed": ("{actor} signed the charter", False),
    "activated": ("Your mentorship with {partner} is active", True),
    "paused": ("{actor} paused your mentorship", False),
    "resumed": ("{actor} resumed your mentorship", False),
    "looked_elsewhere": ("{actor} decided to look for another mentor", False),
    "closure_proposed": ("{actor} proposed to close your mentorship", False),
    "closure_withdrawn": ("{actor} withdrew the proposal to close", False),
    "closure_submitted": ("{actor} wrote their closure reflection", False),
    "closed": ("Your mentorship with {partner} is closed: thank you", True),
    "exited_early": ("Your mentorship with {actor} has ended", False),
    "meeting_scheduled": ("{actor} scheduled a meeting", False),
    "goal_achieved": ("A goal was achieved: celebrate with {actor}", False),
    "milestone_reached": ("A milestone was reached in your mentorship", False),
}


def _user(person: Person | None) -> User | None:
    return person.user if person is not None and person.user_id else None


def _send(person: Person, title: str, kind: str, url: str, body: str = "") -> None:
    user = _user(person)
    if user is not None:
        notification_send(
            recipient=user,
            kind=kind,
            title=title,
            body=body,
            url=url,
            dedupe_key=f"{kind}:{uuid.uuid4()}",
        )


def on_mentorship_event(
    sender: Any, *, mentorship: Mentorship, event: str, by: Person | None, **extra: Any
) -> None:
    url = reverse("mentorships:overview", args=[mentorship.pk])
    members = (mentorship.mentee, mentorship.mentor)
    if event == "created":
        # Published matches and accepted requests announce themselves where they happen.
        if mentorship.origin == Mentorship.Origin.COORDINATOR:
            for person, partner in (members, members[::-1]):
                _send(
                    person,
                    f"You have been paired with {partner.name} in {mentorship.programme.name}",
                    "mentorship.created",
                    url,
                )
        return
    message = PARTNER_MESSAGES.get(event)
    if message is None:
        return
    title, tell_actor = message
    for person, partner in (members, members[::-1]):
        if by is not None and person.pk == by.pk and not tell_actor:
            continue
        actor = by.name if by is not None else "The coordinator"
        _send(
            person,
            title.format(actor=actor, partner=partner.name),
            f"mentorship.{event}",
            url,
        )


def on_concern_raised(sender: Any, *, concern: Concern, **extra: Any) -> None:
    mentorship = concern.mentorship
    raiser = concern.raised_by
    partner = mentorship.mentor if raiser.pk == mentorship.mentee_id else mentorship.mentee
    title = f"{raiser.name} raised a concern about the mentorship"
    if concern.audience in (Concern.Audience.PARTNER, Concern.Audience.BOTH):
        _send(
            partner,
            title,
            "concern.raised",
            reverse("mentorships:concerns", args=[mentorship.pk]),
            concern.text,
        )
    if concern.audience in (Concern.Audience.COORDINATOR, Concern.Audience.BOTH):
        url = reverse(
            "mentorships:coordinator_detail", args=[mentorship.programme.slug, mentorship.pk]
        )
        for coordinator in mentorship.programme.coordinators.all():
            notification_send(
                recipient=coordinator,
                kind="concern.raised",
                title=f"{title} ({mentorship.programme.name})",
                body=concern.text,
                url=url,
                dedupe_key=f"concern:{concern.pk}",
            )
