"""Calendar invitations for a pair's meetings, by email to each member (docs/notifications.md,
"Calendar invitations").

A meeting keeps its UID (the one its calendar feed uses, so a subscribed feed and an emailed
invitation are the same event) and raises its SEQUENCE with every change. Scheduling or moving
a meeting sends METHOD:REQUEST; cancelling sends METHOD:CANCEL; restoring a cancelled meeting
sends REQUEST again. Each email is keyed by meeting, sequence and person, so a retried task
sends nothing twice. The event carries a link and the call address, never the agenda.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from tandem.accounts.language import in_language_of
from tandem.core.itip import (
    CANCEL,
    REQUEST,
    Attendee,
    Invitation,
    invitation_ics,
    invitation_part,
    when_text,
)
from tandem.core.links import absolute_url
from tandem.mentorships.access import zone_of
from tandem.mentorships.models import Meeting
from tandem.notifications.emails import email_send_once
from tandem.people.models import Person

PRODID = "-//Tandem//Mentoring meetings//EN"


def _method(meeting: Meeting) -> str:
    return CANCEL if meeting.status == Meeting.Status.CANCELLED else REQUEST


def _where(meeting: Meeting) -> str:
    return " · ".join(part for part in (meeting.location, meeting.video_link) if part)


def meeting_invitation(meeting: Meeting) -> Invitation:
    """The meeting as a calendar event, its words in the active language."""
    mentorship = meeting.mentorship
    url = absolute_url(reverse("mentorships:meeting_detail", args=[mentorship.pk, meeting.pk]))
    description = [f"{meeting.get_meeting_format_display()}."]
    if meeting.video_link:
        description.append(_("Join: %(link)s") % {"link": meeting.video_link})
    description.append(_("Agenda and notes: %(url)s") % {"url": url})
    organizer = meeting.created_by or mentorship.mentee
    return Invitation(
        uid=meeting.uid,
        sequence=meeting.sequence,
        method=_method(meeting),
        stamp=meeting.updated_at,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        summary=_("Mentoring: %(mentee)s and %(mentor)s")
        % {"mentee": mentorship.mentee.name, "mentor": mentorship.mentor.name},
        description=" ".join(description),
        url=url,
        location=_where(meeting),
        organizer=Attendee(organizer.name, organizer.email),
        attendees=[Attendee(p.name, p.email) for p in (mentorship.mentee, mentorship.mentor)],
    )


def _text(meeting: Meeting, reader: Person) -> tuple[str, str]:
    mentorship = meeting.mentorship
    partner = mentorship.partner_of(reader)
    when = when_text(meeting.starts_at, meeting.duration_minutes, zone_of(reader))
    url = absolute_url(reverse("mentorships:meeting_detail", args=[mentorship.pk, meeting.pk]))
    name = {"name": partner.name}
    if meeting.status == Meeting.Status.CANCELLED:
        subject = _("Cancelled: mentoring meeting with %(name)s") % name
        lead = _("Your meeting with %(name)s is cancelled.") % name
    elif meeting.sequence:
        subject = _("Changed: mentoring meeting with %(name)s") % name
        lead = _("Your meeting with %(name)s has changed.") % name
    else:
        subject = _("Mentoring meeting with %(name)s") % name
        lead = _("You have a meeting with %(name)s.") % name
    lines = [
        lead,
        "",
        _("When: %(when)s") % {"when": when},
        _("Format: %(format)s") % {"format": meeting.get_meeting_format_display()},
    ]
    if meeting.location:
        lines.append(_("Where: %(place)s") % {"place": meeting.location})
    if meeting.video_link:
        lines.append(_("Join the call: %(link)s") % {"link": meeting.video_link})
    lines += ["", _("Agenda and notes: %(url)s") % {"url": url}, ""]
    return subject, "\n".join(lines)


def meeting_invitations_send_now(meeting: Meeting) -> int:
    """Email each member the meeting's current state, in their language; how many emails left
    now."""
    sent = 0
    for person in (meeting.mentorship.mentee, meeting.mentorship.mentor):
        if not person.email:
            continue
        with in_language_of(person.user):
            invitation = meeting_invitation(meeting)
            subject, body = _text(meeting, person)
        ics = invitation_ics(invitation, zone_of(person), prodid=PRODID)
        sent += email_send_once(
            key=f"meeting:{meeting.pk}:{meeting.sequence}:{person.pk}",
            to=person.email,
            subject=subject,
            body=body,
            attachments=[invitation_part(ics, invitation.method)],
        )
    return sent


@task()
def meeting_invitations_send(meeting_ids: list[int]) -> int:
    meetings = Meeting.objects.select_related(
        "mentorship", "mentorship__mentee__user", "mentorship__mentor__user", "created_by"
    ).filter(pk__in=meeting_ids)
    return sum(meeting_invitations_send_now(meeting) for meeting in meetings)
