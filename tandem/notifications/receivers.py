"""Tell people what happened in their mentorships, in the app and by email.

Only names and events go out: a notification never quotes a pair's content, except a concern,
whose text the person who raised it chose to send.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tandem.core.i18n import interpolate_lazy, lazy_text
from tandem.mentorships.models import Concern, Mentorship
from tandem.notifications.services import notification_send, notification_send_to_person
from tandem.people.models import Person
from tandem.programmes.models import Programme

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as StrPromise

# Titles are written when read, in each recipient's language (tandem/core/i18n.py).

# event → (title for the partner, with %(actor)s and %(partner)s; also tell the actor?)
PARTNER_MESSAGES: dict[str, tuple[StrPromise, bool]] = {
    "agreeing": (_("%(actor)s started your charter: agree how you will work together"), False),
    "charter_edited": (_("%(actor)s changed the charter: please review and sign"), False),
    "charter_signed": (_("%(actor)s signed the charter"), False),
    "activated": (_("Your mentorship with %(partner)s is active"), True),
    "paused": (_("%(actor)s paused your mentorship"), False),
    "resumed": (_("%(actor)s resumed your mentorship"), False),
    "looked_elsewhere": (_("%(actor)s decided to look for another %(mentor)s"), False),
    "closure_proposed": (_("%(actor)s proposed to close your mentorship"), False),
    "closure_withdrawn": (_("%(actor)s withdrew the proposal to close"), False),
    "closure_submitted": (_("%(actor)s wrote their closure reflection"), False),
    "closed": (_("Your mentorship with %(partner)s is closed: thank you"), True),
    "exited_early": (_("Your mentorship with %(actor)s has ended"), False),
    "closed_inactive": (
        _("Your mentorship with %(partner)s was closed after a long time without contact"),
        True,
    ),
    # Only the partner hears of it: the one who left can no longer sign in.
    "left_organisation": (
        _(
            "%(actor)s has left the organisation, so your mentorship has ended; what you shared "
            "stays here for you"
        ),
        False,
    ),
    "meeting_scheduled": (_("%(actor)s scheduled a meeting"), False),
    "goal_achieved": (_("A goal was achieved: celebrate with %(actor)s"), False),
    "milestone_reached": (_("A milestone was reached in your mentorship"), False),
}


# event → the pair page the notice is about; events not listed open the overview.
EVENT_PAGES: dict[str, str] = {
    "agreeing": "mentorships:charter_edit",
    "charter_edited": "mentorships:charter",
    "charter_signed": "mentorships:charter",
    "closure_proposed": "mentorships:closure",
    "closure_withdrawn": "mentorships:overview",
    "closure_submitted": "mentorships:closure",
    "meeting_scheduled": "mentorships:meetings",
    "milestone_reached": "mentorships:plan",
}


def event_url(mentorship: Mentorship, event: str, extra: dict[str, Any]) -> str:
    if event == "goal_achieved" and extra.get("goal_id"):
        return reverse("mentorships:goal_detail", args=[mentorship.pk, extra["goal_id"]])
    return reverse(EVENT_PAGES.get(event, "mentorships:overview"), args=[mentorship.pk])


def _partner_of_mentee(programme: Programme) -> str:
    """The programme's word for the one a mentee is paired with, in the language active now."""
    return programme.labels.partner_of("mentee")


def on_mentorship_event(
    sender: Any, *, mentorship: Mentorship, event: str, by: Person | None, **extra: Any
) -> None:
    url = event_url(mentorship, event, extra)
    members = (mentorship.mentee, mentorship.mentor)
    if event == "created":
        # Published matches and accepted requests announce themselves where they happen.
        if mentorship.origin == Mentorship.Origin.COORDINATOR:
            for person, partner in (members, members[::-1]):
                notification_send_to_person(
                    person=person,
                    title=interpolate_lazy(
                        _("You have been paired with %(partner)s in %(programme)s"),
                        partner=partner.name,
                        programme=mentorship.programme.name,
                    ),
                    kind="mentorship.created",
                    url=url,
                    dedupe_key=f"mentorship.created:{mentorship.pk}",
                    programme_id=mentorship.programme_id,
                )
        return
    message = PARTNER_MESSAGES.get(event)
    if message is None:
        return
    title, tell_actor = message
    for person, partner in (members, members[::-1]):
        if by is not None and person.pk == by.pk and not tell_actor:
            continue
        actor = by.name if by is not None else _("The coordinator")
        # Events such as a signature can recur in one mentorship; each is a notice of its own.
        notification_send_to_person(
            person=person,
            title=interpolate_lazy(
                title,
                actor=actor,
                partner=partner.name,
                # The programme's word for the one looked for: "mentor", or "partner" for peers.
                mentor=lazy_text(_partner_of_mentee, mentorship.programme),
            ),
            kind=f"mentorship.{event}",
            url=url,
            dedupe_key=f"mentorship.{event}:{mentorship.pk}:{uuid.uuid4()}",
            programme_id=mentorship.programme_id,
        )


def on_concern_raised(sender: Any, *, concern: Concern, **extra: Any) -> None:
    mentorship = concern.mentorship
    raiser = concern.raised_by
    partner = mentorship.partner_of(raiser)
    title = interpolate_lazy(_("%(name)s raised a concern about the mentorship"), name=raiser.name)
    if concern.audience in (Concern.Audience.PARTNER, Concern.Audience.BOTH):
        notification_send_to_person(
            person=partner,
            title=title,
            kind="concern.raised",
            url=reverse("mentorships:concerns", args=[mentorship.pk]),
            dedupe_key=f"concern:{concern.pk}",
            body=concern.text,
            programme_id=mentorship.programme_id,
        )
    if concern.audience in (Concern.Audience.COORDINATOR, Concern.Audience.BOTH):
        url = reverse(
            "mentorships:coordinator_detail", args=[mentorship.programme.slug, mentorship.pk]
        )
        for coordinator in mentorship.programme.coordinators.all():
            notification_send(
                recipient=coordinator,
                kind="concern.raised",
                title=interpolate_lazy(
                    "%(title)s (%(programme)s)", title=title, programme=mentorship.programme.name
                ),
                body=concern.text,
                url=url,
                dedupe_key=f"concern:{concern.pk}",
                programme_id=mentorship.programme_id,
            )


def on_enrolment_decided(sender: Any, *, enrolment_id: int, **extra: Any) -> None:
    from tandem.notifications.programme_emails import send_decision_email

    send_decision_email.enqueue(enrolment_id)


def on_invitation_sent(sender: Any, *, invitation_id: int, **extra: Any) -> None:
    from tandem.notifications.programme_emails import send_invitation_email

    send_invitation_email.enqueue(invitation_id)


def on_meetings_changed(sender: Any, *, meeting_ids: list[int], **extra: Any) -> None:
    from tandem.notifications.meeting_invitations import meeting_invitations_send

    meeting_invitations_send.enqueue(meeting_ids)
