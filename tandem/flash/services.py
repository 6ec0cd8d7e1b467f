"""Publishing slots, booking and cancelling one-off conversations, and what follows them.

Every write runs in one transaction. A booking locks the slot row (select_for_update) and
then the mentor's settings row, so two mentees racing for one slot, or for the last place
under a mentor's weekly cap, are served one after the other; the partial unique constraint
on active bookings is the last word, and the loser hears it in words.
"""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext

from tandem.core.errors import ServiceError
from tandem.core.i18n import interpolate_lazy
from tandem.core.personal_data import ErasureSubject
from tandem.flash.access import programmes_booking, programmes_offering
from tandem.flash.models import Booking, FlashSettings, Format, Reflection, Slot
from tandem.matching.models import MentorRequest
from tandem.matching.services import MatchingError
from tandem.matching.services.requests import mentor_request_create
from tandem.mentorships.access import zone_of
from tandem.notifications.services import notification_send_to_person
from tandem.people.models import Person
from tandem.programmes.models import Programme

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as StrPromise

logger = logging.getLogger(__name__)

MIN_MINUTES, MAX_MINUTES = 10, 180
MAX_WEEKS = 12
MAX_TEXT = 1000
# Compared by the tests and translated where it is raised.
RACE_LOST = gettext_noop("Someone booked this slot a moment ago; choose another.")


class FlashError(ServiceError):
    pass


def week_of(moment: datetime, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The ISO week (Monday 00:00 to the next Monday) holding `moment`, in `zone`."""
    local = moment.astimezone(zone)
    monday = local.date() - timedelta(days=local.weekday())
    start = timezone.make_aware(datetime.combine(monday, time.min), zone)
    end = timezone.make_aware(datetime.combine(monday + timedelta(days=7), time.min), zone)
    return start, end


def _missing_place(format: str) -> str:
    if format == Format.IN_PERSON:
        return _("Say the place.")
    return _("Say the video link.")


def _settings_for(mentor: Person) -> FlashSettings:
    settings, _ = FlashSettings.objects.get_or_create(mentor=mentor)
    return settings


@transaction.atomic
def flash_settings_update(*, mentor: Person, weekly_cap: int) -> FlashSettings:
    if not 1 <= weekly_cap <= 40:
        raise FlashError(_("Choose between 1 and 40 conversations a week."), field="weekly_cap")
    settings = _settings_for(mentor)
    settings.weekly_cap = weekly_cap
    settings.save(update_fields=["weekly_cap"])
    return settings


@transaction.atomic
def slots_publish(
    *,
    mentor: Person,
    programme: Programme,
    starts_at: datetime,
    minutes: int,
    format: str,
    location: str = "",
    weeks: int = 1,
) -> list[Slot]:
    """Publish one slot, or the same slot weekly for `weeks` weeks.

    `starts_at` is the wall-clock time the mentor typed, read in their own time zone; repeats
    keep that wall-clock time across daylight saving changes.
    """
    if not programmes_offering(mentor).filter(pk=programme.pk).exists():
        raise FlashError(
            _("You are not an approved mentor of %(programme)s.") % {"programme": programme.name},
            field="programme",
        )
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise FlashError(
            _("A conversation lasts between %(least)s and %(most)s minutes.")
            % {"least": MIN_MINUTES, "most": MAX_MINUTES},
            field="minutes",
        )
    if format not in Format.values:
        raise FlashError(_("Choose a format."), field="format")
    location = location.strip()
    if format in (Format.IN_PERSON, Format.VIDEO) and not location:
        raise FlashError(_missing_place(format), field="location")
    if not 1 <= weeks <= MAX_WEEKS:
        raise FlashError(_("Repeat for 1 to %(most)s weeks.") % {"most": MAX_WEEKS}, field="weeks")
    zone = zone_of(mentor)
    local = starts_at.replace(tzinfo=None) if timezone.is_aware(starts_at) else starts_at
    starts = [timezone.make_aware(local + timedelta(weeks=n), zone) for n in range(weeks)]
    if starts[0] <= timezone.now():
        raise FlashError(_("Choose a time in the future."), field="starts_at")
    length = timedelta(minutes=minutes)
    clash = Q()
    for start in starts:
        clash |= Q(starts_at__lt=start + length, ends_at__gt=start)
    if Slot.objects.filter(clash, mentor=mentor).exclude(status=Slot.Status.CANCELLED).exists():
        raise FlashError(
            _("You already offer a slot at that time; choose another time."), field="starts_at"
        )
    _settings_for(mentor)
    slots = Slot.objects.bulk_create(
        Slot(
            programme=programme,
            mentor=mentor,
            starts_at=start,
            ends_at=start + length,
            format=format,
            location=location,
        )
        for start in starts
    )
    logger.info("flash slots published by person %s: %s", mentor.pk, len(slots))
    return slots


def _invite_later(booking: Booking) -> None:
    from tandem.flash.tasks import booking_invitations_send

    transaction.on_commit(lambda: booking_invitations_send.enqueue(booking.pk))


def _notify(booking: Booking, person: Person, kind: str, title: StrPromise, name: str) -> None:
    """Tell `person`, in their language, that `name` did something to the booking."""
    notification_send_to_person(
        person=person,
        kind=f"flash.{kind}",
        title=interpolate_lazy(title, name=name),
        url=reverse("flash:conversation", args=[booking.pk]),
        dedupe_key=f"flash:{booking.pk}:{booking.sequence}:{kind}",
    )


def slot_book(*, slot: Slot, mentee: Person, question: str) -> Booking:
    """Book an open slot for a conversation; both people receive a calendar invitation."""
    question = question.strip()
    if not question:
        raise FlashError(_("Say what question you bring."), field="question")
    if len(question) > MAX_TEXT:
        raise FlashError(
            _("Keep it under %(most)s characters.") % {"most": MAX_TEXT}, field="question"
        )
    try:
        with transaction.atomic():
            booking = _book(slot=slot, mentee=mentee, question=question)
    except IntegrityError as exc:
        raise FlashError(_(RACE_LOST)) from exc
    logger.info("flash booking %s made for slot %s", booking.pk, slot.pk)
    return booking


def _book(*, slot: Slot, mentee: Person, question: str) -> Booking:
    locked = Slot.objects.select_for_update().select_related("mentor").get(pk=slot.pk)
    mentor = locked.mentor
    if mentor.pk == mentee.pk:
        raise FlashError(_("You cannot book your own slot."))
    if locked.status == Slot.Status.BOOKED:
        raise FlashError(_(RACE_LOST))
    if locked.status != Slot.Status.OPEN:
        raise FlashError(_("This slot was withdrawn; choose another."))
    if locked.starts_at <= timezone.now():
        raise FlashError(_("This slot has already begun; choose a later one."))
    if not programmes_booking(mentee).filter(pk=locked.programme_id).exists():
        raise FlashError(_("Only an approved mentee of this programme can book its slots."))
    overlapping = Booking.objects.active().filter(
        mentee=mentee, slot__starts_at__lt=locked.ends_at, slot__ends_at__gt=locked.starts_at
    )
    if overlapping.exists():
        raise FlashError(_("You already have a conversation booked at that time."))
    # Serialises bookings of one mentor's slots, so that two of them cannot both take the
    # last place under the weekly cap. The mentor's own row always exists, where their
    # settings row may not; it is named here rather than left to the join above.
    list(Person.objects.select_for_update().filter(pk=mentor.pk).values_list("pk", flat=True))
    settings = FlashSettings.objects.filter(mentor=mentor).first()
    cap = settings.weekly_cap if settings else FlashSettings._meta.get_field("weekly_cap").default
    start, end = week_of(locked.starts_at, zone_of(mentor))
    taken = (
        Booking.objects.active()
        .filter(slot__mentor=mentor, slot__starts_at__gte=start, slot__starts_at__lt=end)
        .count()
    )
    if taken >= cap:
        raise FlashError(
            ngettext(
                "%(name)s has no place left that week (%(count)s conversation a week); choose a "
                "slot in another week.",
                "%(name)s has no place left that week (%(count)s conversations a week); choose "
                "a slot in another week.",
                cap,
            )
            % {"name": mentor.name, "count": cap}
        )
    booking = Booking.objects.create(slot=locked, mentee=mentee, question=question)
    locked.status = Slot.Status.BOOKED
    locked.save(update_fields=["status", "updated_at"])
    booking.slot = locked
    _notify(
        booking,
        mentor,
        "booked",
        gettext_lazy("%(name)s booked a one-off conversation with you"),
        mentee.name,
    )
    _invite_later(booking)
    return booking


def _lock_booking(booking: Booking) -> Booking:
    return (
        Booking.objects.select_for_update()
        .select_related("slot__mentor", "slot__programme", "mentee")
        .get(pk=booking.pk)
    )


@transaction.atomic
def booking_cancel(*, booking: Booking, by: Person) -> Booking:
    """Either person calls the conversation off: the slot opens again if it is still ahead,
    and both calendars receive the cancellation."""
    locked = _lock_booking(booking)
    if by.pk not in (locked.mentee_id, locked.slot.mentor_id):
        raise FlashError(_("Only the two people in a conversation can cancel it."))
    if locked.status != Booking.Status.BOOKED:
        raise FlashError(
            _("This conversation is already %(status)s.")
            % {"status": locked.get_status_display().lower()}
        )
    if locked.slot.starts_at <= timezone.now():
        raise FlashError(_("This conversation has already begun."))
    locked.status = Booking.Status.CANCELLED
    locked.cancelled_by = by
    locked.cancelled_at = timezone.now()
    locked.sequence += 1
    locked.save(update_fields=["status", "cancelled_by", "cancelled_at", "sequence", "updated_at"])
    Slot.objects.filter(pk=locked.slot_id, status=Slot.Status.BOOKED).update(
        status=Slot.Status.OPEN, updated_at=timezone.now()
    )
    partner = locked.partner_of(by)
    _notify(
        locked,
        partner,
        "cancelled",
        gettext_lazy("%(name)s cancelled your one-off conversation"),
        by.name,
    )
    _invite_later(locked)
    return locked


@transaction.atomic
def slot_withdraw(*, slot: Slot, by: Person) -> Slot:
    """The mentor takes a slot back; a conversation booked in it is cancelled with it."""
    locked = Slot.objects.select_for_update().get(pk=slot.pk)
    if locked.mentor_id != by.pk:
        raise FlashError(_("Only the mentor who offers a slot can withdraw it."))
    if locked.status == Slot.Status.CANCELLED:
        raise FlashError(_("This slot is already withdrawn."))
    if locked.starts_at <= timezone.now():
        raise FlashError(_("This slot has already begun."))
    booking = Booking.objects.filter(slot=locked, status=Booking.Status.BOOKED).first()
    if booking is not None:
        booking_cancel(booking=booking, by=by)
    Slot.objects.filter(pk=locked.pk).update(
        status=Slot.Status.CANCELLED, updated_at=timezone.now()
    )
    locked.refresh_from_db()
    return locked


@transaction.atomic
def slot_change_place(*, slot: Slot, by: Person, format: str, location: str) -> Slot:
    """The mentor changes the format or the place of a slot; a booked conversation's calendars
    receive the change as an update of the same event."""
    locked = Slot.objects.select_for_update().get(pk=slot.pk)
    if locked.mentor_id != by.pk:
        raise FlashError(_("Only the mentor who offers a slot can change it."))
    location = location.strip()
    if (locked.format, locked.location) == (format, location):
        return locked
    if locked.status == Slot.Status.CANCELLED or locked.starts_at <= timezone.now():
        raise FlashError(_("Only a slot still ahead can be changed."))
    if format not in Format.values:
        raise FlashError(_("Choose a format."), field="format")
    if format in (Format.IN_PERSON, Format.VIDEO) and not location:
        raise FlashError(_missing_place(format), field="location")
    locked.format, locked.location = format, location
    locked.save(update_fields=["format", "location", "updated_at"])
    booking = Booking.objects.select_for_update().filter(slot=locked, status="booked").first()
    if booking is not None:
        booking.sequence += 1
        booking.save(update_fields=["sequence", "updated_at"])
        booking.slot = locked
        _notify(
            booking,
            booking.mentee,
            "changed",
            gettext_lazy("%(name)s changed your one-off conversation"),
            by.name,
        )
        _invite_later(booking)
    return locked


@transaction.atomic
def reflection_submit(*, booking: Booking, by: Person, rating: int, note: str) -> Reflection:
    """After the conversation, each person rates it and writes where they go from here."""
    locked = _lock_booking(booking)
    if by.pk not in (locked.mentee_id, locked.slot.mentor_id):
        raise FlashError(_("Only the two people in a conversation can reflect on it."))
    if locked.status == Booking.Status.CANCELLED:
        raise FlashError(_("This conversation was cancelled."))
    if locked.slot.starts_at > timezone.now():
        raise FlashError(_("You can reflect once the conversation has begun."))
    if not 1 <= rating <= 5:
        raise FlashError(_("Rate it from 1 to 5."), field="rating")
    note = note.strip()
    if not note:
        raise FlashError(_("Write a line about what comes next."), field="note")
    if len(note) > MAX_TEXT:
        raise FlashError(_("Keep it under %(most)s characters.") % {"most": MAX_TEXT}, field="note")
    if Reflection.objects.filter(booking=locked, author=by).exists():
        raise FlashError(_("You have already reflected on this conversation."))
    reflection = Reflection.objects.create(booking=locked, author=by, rating=rating, note=note)
    if locked.status == Booking.Status.BOOKED:
        locked.status = Booking.Status.HELD
        locked.save(update_fields=["status", "updated_at"])
    return reflection


def longer_mentorship_ask(
    *, booking: Booking, by: Person, hope_to_gain: str, why_this_mentor: str
) -> MentorRequest:
    """The mentee asks the mentor of a held conversation for a mentorship: the programme's
    usual request, which the mentor answers and which, accepted, proposes the pair. Every rule
    of a request holds (the programme lets mentees choose, the mentee has no mentor yet...)."""
    if by.pk != booking.mentee_id:
        raise FlashError(_("Only the mentee of a conversation can ask for a mentorship."))
    if booking.status == Booking.Status.CANCELLED:
        raise FlashError(_("This conversation was cancelled."))
    if booking.slot.starts_at > timezone.now():
        raise FlashError(_("You can ask once the conversation has taken place."))
    try:
        return mentor_request_create(
            programme=booking.slot.programme,
            mentee=by,
            mentor=booking.slot.mentor,
            hope_to_gain=hope_to_gain,
            why_this_mentor=why_this_mentor,
        )
    except MatchingError as error:
        raise FlashError(error.message, field=error.field) from error


def flash_erase_person(subject: ErasureSubject) -> None:
    """Forget what the person wrote; conversations ahead of them are called off without
    emails, and their open slots withdrawn. Past conversations stay as dates for the report."""
    person, now = subject.person, timezone.now()
    Booking.objects.filter(mentee=person).update(question="")
    Reflection.objects.filter(author=person).update(note="")
    ahead = Booking.objects.filter(
        Q(mentee=person) | Q(slot__mentor=person),
        status=Booking.Status.BOOKED,
        slot__starts_at__gt=now,
    )
    slot_ids = list(ahead.values_list("slot_id", flat=True))
    ahead.update(status=Booking.Status.CANCELLED, cancelled_at=now)
    Slot.objects.filter(pk__in=slot_ids, status=Slot.Status.BOOKED).update(status=Slot.Status.OPEN)
    Slot.objects.filter(mentor=person, starts_at__gt=now).exclude(
        status=Slot.Status.CANCELLED
    ).update(status=Slot.Status.CANCELLED)
