"""Who may see what of a mentorship, in one place (docs/architecture.md, "Access model").

"Coordinators" are those of `tandem.programmes.access.programmes_coordinated_by`, operators
included: they read a pair's metadata, never its content.

| content kind | author | partner | programme coordinators | anyone else |
|---|---|---|---|---|
| private (private notes, unshared journal entries and reflections) | read/write | no | no | no |
| shared (charter, goals, agenda, shared notes, feedback) | read/write | read/write | no | no |
| metadata (state, meeting dates and counts, health, check-in scores) | read | read | read | no |

Everything out of scope answers 404, never 403, so that a stranger learns nothing, not even
that a mentorship exists.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec
from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.cache import never_cache

from tandem.mentorships.models import (
    ClosureReflection,
    Concern,
    JournalEntry,
    MeetingNote,
    Mentorship,
)
from tandem.people.models import Person
from tandem.programmes.access import AnyUser, programmes_coordinated_by
from tandem.programmes.models import Programme

P = ParamSpec("P")


def _base() -> QuerySet[Mentorship]:
    return Mentorship.objects.select_related("programme", "mentee", "mentor")


def _own(user_id: int) -> Q:
    """The user's own pairs, compared on the pair's own columns: the person is looked up once
    (a scalar subquery), so the database reads the mentee and mentor indexes rather than
    joining every pair to its people."""
    person = Subquery(Person.objects.filter(user_id=user_id).order_by().values("pk")[:1])
    return Q(mentee_id=person) | Q(mentor_id=person)


def member_mentorships(user: AnyUser) -> QuerySet[Mentorship]:
    if not user.is_authenticated:
        return Mentorship.objects.none()
    return _base().filter(_own(user.pk))


def coordinated_mentorships(user: AnyUser) -> QuerySet[Mentorship]:
    """Mentorships of the programmes the user coordinates (an operator: every programme)."""
    if not user.is_authenticated:
        return Mentorship.objects.none()
    return _base().filter(programme__in=programmes_coordinated_by(user))


def metadata_mentorships(user: AnyUser) -> QuerySet[Mentorship]:
    """Mentorships whose metadata the user may read: their own, and those they coordinate."""
    if not user.is_authenticated:
        return Mentorship.objects.none()
    # The programmes are looked up first (a handful of ids): a pair is then matched on its own
    # indexed columns, where an OR with a subquery would read every pair in the organisation.
    coordinated = list(programmes_coordinated_by(user).values_list("pk", flat=True))
    visible = _own(user.pk)
    if coordinated:
        visible |= Q(programme_id__in=coordinated)
    return _base().filter(visible)


def prompt_programmes(user: AnyUser) -> QuerySet[Programme]:
    """Programmes whose prompt library the user may read: those they coordinate, and those
    where they are in a pair."""
    if not user.is_authenticated:
        return Programme.objects.none()
    return Programme.objects.filter(
        Q(pk__in=programmes_coordinated_by(user).values("pk"))
        | Q(mentorships__in=member_mentorships(user).values("pk"))
    ).distinct()


def mentorship_for_member(user: AnyUser, pk: int) -> Mentorship:
    """The mentorship, if the user is its mentee or mentor; otherwise 404."""
    return get_object_or_404(member_mentorships(user), pk=pk)


def mentorship_for_coordinator(user: AnyUser, pk: int) -> Mentorship:
    """The mentorship's metadata, for a coordinator of its programme; otherwise 404."""
    return get_object_or_404(coordinated_mentorships(user), pk=pk)


def member_person(mentorship: Mentorship, user: AnyUser) -> Person:
    """The member of the pair that this user is; 404 for anyone else."""
    if user.is_authenticated:
        if mentorship.mentee.user_id == user.pk:
            return mentorship.mentee
        if mentorship.mentor.user_id == user.pk:
            return mentorship.mentor
    raise Http404


# Querysets of content a member may read, used by views, selectors and the API alike.


def journal_entries_for(person: Person) -> QuerySet[JournalEntry]:
    """Own entries, and entries the partner shared, across the person's mentorships."""
    return JournalEntry.objects.filter(
        Q(mentorship__mentee=person) | Q(mentorship__mentor=person)
    ).filter(Q(author=person) | Q(shared_at__isnull=False))


def meeting_notes_for(person: Person) -> QuerySet[MeetingNote]:
    return MeetingNote.objects.filter(
        Q(meeting__mentorship__mentee=person) | Q(meeting__mentorship__mentor=person)
    ).filter(Q(is_private=False) | Q(author=person))


def closure_reflections_for(person: Person) -> QuerySet[ClosureReflection]:
    """Own closing reflections, and those the partner chose to share."""
    return ClosureReflection.objects.filter(
        Q(mentorship__mentee=person) | Q(mentorship__mentor=person)
    ).filter(Q(author=person) | Q(shared_with_partner=True))


def concerns_for_member(person: Person) -> QuerySet[Concern]:
    """Concerns the person raised, and those their partner chose to send to them."""
    return Concern.objects.filter(
        Q(mentorship__mentee=person) | Q(mentorship__mentor=person)
    ).filter(
        Q(raised_by=person) | Q(audience__in=[Concern.Audience.PARTNER, Concern.Audience.BOTH])
    )


def concerns_for_coordinator(user: AnyUser) -> QuerySet[Concern]:
    """Only concerns addressed to the coordinator, and only in the programmes they run."""
    if not user.is_authenticated:
        return Concern.objects.none()
    return Concern.objects.filter(
        mentorship__programme__in=programmes_coordinated_by(user),
        audience__in=[Concern.Audience.COORDINATOR, Concern.Audience.BOTH],
    )


def no_store(view: Callable[P, HttpResponse]) -> Callable[P, HttpResponse]:
    """Pair pages must not linger in shared or browser caches."""

    @wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        response = view(*args, **kwargs)
        response["Cache-Control"] = "no-store, private, max-age=0"
        return response

    return never_cache(wrapped)


def pair_view(
    view: Callable[Concatenate[HttpRequest, Mentorship, Person, ...], HttpResponse],
) -> Callable[..., HttpResponse]:
    """Login, membership of the pair (else 404), no-store, and the member's own time zone."""

    @wraps(view)
    def wrapped(request: HttpRequest, pk: int, *args: Any, **kwargs: Any) -> HttpResponse:
        mentorship = mentorship_for_member(request.user, pk)
        me = member_person(mentorship, request.user)
        with timezone.override(zone_of(me)):
            return view(request, mentorship, me, *args, **kwargs)

    return login_required(no_store(wrapped))


def zone_of(person: Person) -> ZoneInfo:
    try:
        return ZoneInfo(person.timezone)
    except (ValueError, KeyError):
        return ZoneInfo("UTC")
