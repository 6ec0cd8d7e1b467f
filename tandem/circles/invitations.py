"""Calendar invitations for a circle's meetings, by email to each current member.

The same iTIP rules as a pair's meetings (docs/notifications.md, "Calendar invitations"):
one UID per meeting, a SEQUENCE that rises with every change, METHOD:REQUEST when a meeting
is scheduled or moved and METHOD:CANCEL when it is cancelled; each member's copy is in their
own time zone, and each email is sent once per meeting, sequence and person.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from tandem.accounts.language import in_language_of
from tandem.circles.models import CircleMeeting, CircleMember
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
from tandem.notifications.emails import email_send_once
from tandem.people.models import Person

PRODID = "-//Tandem//Circle meetings//EN"


def _text(meeting: CircleMeeting, reader: Person, url: str) -> tuple[str, str]:
    name = meeting.circle.name
    named = {"name": name}
    if meeting.status == CircleMeeting.Status.CANCELLED:
        subject = _("Cancelled: %(name)s meeting") % named
        lead = _("The meeting of %(name)s is cancelled.") % named
    elif meeting.sequence:
        subject = _("Changed: %(name)s meeting") % named
        lead = _("The meeting of %(name)s has changed.") % named
    else:
        subject, lead = _("%(name)s meeting") % named, _("%(name)s meets.") % named
    when = when_text(meeting.starts_at, meeting.duration_minutes, zone_of(reader))
    lines = [
        lead,
        "",
        _("When: %(when)s") % {"when": when},
        _("Format: %(format)s") % {"format": meeting.get_meeting_format_display()},
    ]
    if meeting.location:
        lines.append(_("Where: %(location)s") % {"location": meeting.location})
    if meeting.video_link:
        lines.append(_("Join the call: %(link)s") % {"link": meeting.video_link})
    lines += ["", _("Agenda and notes: %(url)s") % {"url": url}, ""]
    return subject, "\n".join(lines)


def _invitation(
    meeting: CircleMeeting, members: list[Person], organizer: Person, url: str
) -> Invitation:
    """The meeting as a calendar event, its words in the active language."""
    circle = meeting.circle
    meeting_format = meeting.get_meeting_format_display()
    if meeting.video_link:
        description = _("%(format)s. Join: %(link)s Agenda and notes: %(url)s") % {
            "format": meeting_format,
            "link": meeting.video_link,
            "url": url,
        }
    else:
        description = _("%(format)s. Agenda and notes: %(url)s") % {
            "format": meeting_format,
            "url": url,
        }
    return Invitation(
        uid=meeting.uid,
        sequence=meeting.sequence,
        method=_method(meeting),
        stamp=meeting.updated_at,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        summary=_("Circle: %(name)s") % {"name": circle.name},
        description=description,
        url=url,
        location=" · ".join(part for part in (meeting.location, meeting.video_link) if part),
        organizer=Attendee(organizer.name, organizer.email),
        attendees=[Attendee(person.name, person.email) for person in members],
    )


def _method(meeting: CircleMeeting) -> str:
    return CANCEL if meeting.status == CircleMeeting.Status.CANCELLED else REQUEST


def circle_meeting_invitations_send_now(meeting: CircleMeeting) -> int:
    """Email each current member the meeting's state, in their language; how many emails left
    now."""
    circle = meeting.circle
    members = [
        m.person
        for m in CircleMember.objects.current().filter(circle=circle).select_related("person__user")
    ]
    url = absolute_url(reverse("circles:meeting_detail", args=[circle.pk, meeting.pk]))
    organizer = meeting.created_by or members[0]
    sent = 0
    for person in members:
        if not person.email:
            continue
        with in_language_of(person.user):
            invitation = _invitation(meeting, members, organizer, url)
            subject, body = _text(meeting, person, url)
        ics = invitation_ics(invitation, zone_of(person), prodid=PRODID)
        sent += email_send_once(
            key=f"circle-meeting:{meeting.pk}:{meeting.sequence}:{person.pk}",
            to=person.email,
            subject=subject,
            body=body,
            attachments=[invitation_part(ics, invitation.method)],
        )
    return sent


@task()
def circle_meeting_invitations_send(meeting_id: int) -> int:
    meeting = (
        CircleMeeting.objects.select_related("circle", "created_by").filter(pk=meeting_id).first()
    )
    return 0 if meeting is None else circle_meeting_invitations_send_now(meeting)
