"""Who may see and do what with one-off conversations, decided here once.

A conversation (a booking) belongs to its two people: the mentee's question and both
reflections are theirs alone. Coordinators and operators see counts and dates in the
programme's report, never a conversation's page. Anything out of scope answers 404.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from tandem.accounts.access import AnyUser
from tandem.flash.models import Booking, Slot
from tandem.people.access import person_of
from tandem.people.models import Person
from tandem.programmes.models import Enrolment, Programme


def _approved_in(person: Person, role: str) -> QuerySet[Programme]:
    return Programme.objects.filter(
        enrolments__person=person,
        enrolments__role=role,
        enrolments__status=Enrolment.Status.APPROVED,
    ).exclude(status=Programme.Status.CLOSED)


def programmes_offering(person: Person) -> QuerySet[Programme]:
    """Where a person may publish slots: every programme, not closed, they mentor in."""
    return _approved_in(person, Enrolment.Role.MENTOR)


def programmes_booking(person: Person) -> QuerySet[Programme]:
    """Where a person may book slots: every programme, not closed, they are a mentee of."""
    return _approved_in(person, Enrolment.Role.MENTEE)


def person_or_404(user: AnyUser) -> Person:
    person = person_of(user)
    if person is None:
        raise Http404("No such page.")
    return person


def programme_for_booker(user: AnyUser, slug: str) -> tuple[Person, Programme]:
    person = person_or_404(user)
    programme = programmes_booking(person).filter(slug=slug).first()
    if programme is None:
        raise Http404("No such programme.")
    return person, programme


def slot_for_mentor(user: AnyUser, pk: int) -> tuple[Person, Slot]:
    person = person_or_404(user)
    slot = Slot.objects.filter(pk=pk, mentor=person).select_related("programme").first()
    if slot is None:
        raise Http404("No such slot.")
    return person, slot


def slot_for_booker(user: AnyUser, pk: int) -> tuple[Person, Slot]:
    """An open slot of a programme the person may book in (their own slots stay visible, so
    that booking one is refused in words rather than hidden)."""
    person = person_or_404(user)
    slot = (
        Slot.objects.filter(pk=pk, programme__in=programmes_booking(person))
        .select_related("programme", "mentor")
        .first()
    )
    if slot is None:
        raise Http404("No such slot.")
    return person, slot


def is_member(person: Person, booking: Booking) -> bool:
    return person.pk in (booking.mentee_id, booking.slot.mentor_id)


def booking_for_member(user: AnyUser, pk: int) -> tuple[Person, Booking]:
    """A conversation for one of its two people; a coordinator or an operator gets 404 too."""
    person = person_or_404(user)
    booking = (
        Booking.objects.select_related("slot__programme", "slot__mentor", "mentee")
        .filter(pk=pk)
        .first()
    )
    if booking is None or not is_member(person, booking):
        raise Http404("No such conversation.")
    return person, booking


def booking_for_mentee(user: AnyUser, pk: int) -> tuple[Person, Booking]:
    """A conversation for its mentee only: what only the mentee may do with it."""
    person, booking = booking_for_member(user, pk)
    if person.pk != booking.mentee_id:
        raise Http404("No such conversation.")
    return person, booking
