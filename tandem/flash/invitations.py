"""Calendar invitations for a one-off conversation, by email (iTIP, RFC 5546).

Each booking is one event: its UID never changes, and its SEQUENCE rises with every change
(`Booking.sequence`), so a calendar replaces the event it holds instead of adding another.
A booking sends METHOD:REQUEST; a cancellation sends METHOD:CANCEL. Each person's copy is
written in their own time zone, in the text and in the event (TZID with its VTIMEZONE).
The event carries a link, never the mentee's question: calendars are often shared.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from tandem.accounts.language import in_language_of
from tandem.core.itip import CANCEL, REQUEST, Attendee, Invitation, invitation_part, when_text
from tandem.core.itip import invitation_ics as itip_ics
from tandem.core.links import absolute_url
from tandem.flash.models import Booking
from tandem.mentorships.access import zone_of
from tandem.notifications.emails import email_send_once
from tandem.people.models import Person

PRODID = "-//Tandem//One-off conversations//EN"


def booking_uid(booking: Booking) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "tandem"
    return f"flash-booking-{booking.pk}@{host}"


def _method(booking: Booking) -> str:
    return CANCEL if booking.status == Booking.Status.CANCELLED else REQUEST


def _attendee(person: Person) -> Attendee:
    return Attendee(name=person.name, email=person.email)


def invitation_ics(booking: Booking, reader: Person) -> bytes:
    slot = booking.slot
    partner = booking.partner_of(reader)
    url = absolute_url(reverse("flash:conversation", args=[booking.pk]))
    invitation = Invitation(
        uid=booking_uid(booking),
        sequence=booking.sequence,
        method=_method(booking),
        stamp=booking.updated_at,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        summary=_("One-off conversation with %(name)s") % {"name": partner.name},
        description=_("%(format)s. Details: %(url)s")
        % {"format": slot.get_format_display(), "url": url},
        url=url,
        location=slot.location,
        organizer=_attendee(slot.mentor),
        attendees=[_attendee(person) for person in booking.people()],
    )
    return itip_ics(invitation, zone_of(reader), prodid=PRODID)


def _text(booking: Booking, reader: Person) -> tuple[str, str]:
    slot = booking.slot
    partner = booking.partner_of(reader)
    when = when_text(slot.starts_at, slot.minutes, zone_of(reader))
    url = absolute_url(reverse("flash:conversation", args=[booking.pk]))
    named = {"name": partner.name}
    if booking.status == Booking.Status.CANCELLED:
        subject = _("Cancelled: one-off conversation with %(name)s") % named
        lead = _("Your one-off conversation with %(name)s is cancelled.") % named
    elif booking.sequence:
        subject = _("Changed: one-off conversation with %(name)s") % named
        lead = _("Your one-off conversation with %(name)s has changed.") % named
    else:
        subject = _("One-off conversation with %(name)s") % named
        lead = _("You have a one-off conversation with %(name)s.") % named
    place = str(slot.get_format_display())
    if slot.location:
        place = _("%(format)s: %(location)s") % {"format": place, "location": slot.location}
    lines = [
        lead,
        "",
        _("When: %(when)s") % {"when": when},
        _("Where: %(location)s") % {"location": place},
        "",
        _("Details: %(url)s") % {"url": url},
        "",
    ]
    return subject, "\n".join(lines)


def booking_invitations_send_now(booking: Booking) -> int:
    """Email both people the booking's current state, each in their language; how many emails
    left now. Keyed by the booking, its sequence and the person, so a retry sends nothing
    twice."""
    sent = 0
    for person in booking.people():
        if not person.email:
            continue
        with in_language_of(person.user):
            subject, body = _text(booking, person)
            ics = invitation_ics(booking, person)
        sent += email_send_once(
            key=f"flash:{booking.pk}:{booking.sequence}:{person.pk}",
            to=person.email,
            subject=subject,
            body=body,
            attachments=[invitation_part(ics, _method(booking))],
        )
    return sent
