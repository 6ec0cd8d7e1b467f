"""Calendar invitations for a circle's meetings, by email to each current member.

The same iTIP rules as a pair's meetings (docs/notifications.md, "Calendar invitations"):
one UID per meeting, a SEQUENCE that rises with every change, METHOD:REQUEST when a meeting
is scheduled or moved and METHOD:CANCEL when it is cancelled; each member's copy is in their
own time zone, and each email is sent once per meeting, sequence and person.
"""

from __future__ import annotations

from django.urls import reverse
from django_tasks import task

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
    if meeting.status == CircleMeeting.Status.CANCELLED:
        subject, lead = f"Cancelled: {name} meeting", f"The meeting of {name} is cancelled."
    elif meeting.sequence:
        subject, lead = f"Changed: {name} meeting", f"The meeting of {name} has changed."
    else:
        subject, lead = f"{name} meeting", f"{name} meets."
    lines = [
        lead,
        "",
        f"When: {when_text(meeting.starts_at, meeting.duration_minutes, zone_of(reader))}",
        f"Format: {meeting.get_meeting_format_display()}",
    ]
    if meeting.location:
        lines.append(f"Where: {meeting.location}")
    if meeting.video_link:
        lines.append(f"Join the call: {meeting.video_link}")
    lines += ["", f"Agenda and notes: {url}", ""]
    return subject, "\n".join(lines)


def circle_meeting_invitations_send_now(meeting: CircleMeeting) -> int:
    """Email each current member the meeting's state; how many emails left now."""
    circle = meeting.circle
    members = [
        m.person
        for m in CircleMember.objects.current().filter(circle=circle).select_related("person")
    ]
    url = absolute_url(reverse("circles:meeting_detail", args=[circle.pk, meeting.pk]))
    organizer = meeting.created_by or members[0]
    method = CANCEL if meeting.status == CircleMeeting.Status.CANCELLED else REQUEST
    join = f" Join: {meeting.video_link}" if meeting.video_link else ""
    invitation = Invitation(
        uid=meeting.uid,
        sequence=meeting.sequence,
        method=method,
        stamp=meeting.updated_at,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        summary=f"Circle: {circle.name}",
        description=f"{meeting.get_meeting_format_display()}.{join} Agenda and notes: {url}",
        url=url,
        location=" · ".join(part for part in (meeting.location, meeting.video_link) if part),
        organizer=Attendee(organizer.name, organizer.email),
        attendees=[Attendee(person.name, person.email) for person in members],
    )
    sent = 0
    for person in members:
        if not person.email:
            continue
        subject, body = _text(meeting, person, url)
        ics = invitation_ics(invitation, zone_of(person), prodid=PRODID)
        sent += email_send_once(
            key=f"circle-meeting:{meeting.pk}:{meeting.sequence}:{person.pk}",
            to=person.email,
            subject=subject,
            body=body,
            attachments=[invitation_part(ics, method)],
        )
    return sent


@task()
def circle_meeting_invitations_send(meeting_id: int) -> int:
    meeting = (
        CircleMeeting.objects.select_related("circle", "created_by").filter(pk=meeting_id).first()
    )
    return 0 if meeting is None else circle_meeting_invitations_send_now(meeting)
