"""Who may see what of a circle, in one place (docs/circles.md, "Who sees what").

The same rule as a one-to-one mentorship, with "partner" widened to "fellow current member":

| content kind | author | fellow members | programme coordinators | anyone else |
|---|---|---|---|---|
| private (private notes, unshared journal entries) | read/write | no | no | no |
| shared (charter, goals, agenda, notes, shared journal, check-in comments) | rw | rw | no | no |
| metadata (state, members, meetings, attendance, health, scores) | read | read | read | no |
| concerns | read | facilitators, if sent to them | read, if sent to them | no |

A member's own goals are shared with fellow members, but only their owner changes them.

A member who has left keeps no access to the circle's pages: the circle goes on without them.
Everything out of scope answers 404, never 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec

from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.cache import never_cache

from tandem.accounts.access import AnyUser
from tandem.circles.models import (
    Circle,
    CircleConcern,
    CircleJournalEntry,
    CircleMeeting,
    CircleMeetingNote,
    CircleMember,
    GroupRun,
)
from tandem.mentorships.access import zone_of
from tandem.people.access import person_of
from tandem.people.models import Person
from tandem.programmes.access import programme_for_coordinator, programmes_coordinated_by
from tandem.programmes.models import Enrolment, Programme

P = ParamSpec("P")


def member_circles(user: AnyUser) -> QuerySet[Circle]:
    """Circles the user is a current member of, in any role."""
    if not user.is_authenticated:
        return Circle.objects.none()
    return Circle.objects.select_related("programme").filter(
        pk__in=CircleMember.objects.current().filter(person__user=user).values("circle_id")
    )


def coordinated_circles(user: AnyUser) -> QuerySet[Circle]:
    """Circles of the programmes the user coordinates (an operator: every programme)."""
    if not user.is_authenticated:
        return Circle.objects.none()
    return Circle.objects.select_related("programme").filter(
        programme__in=programmes_coordinated_by(user)
    )


def circle_for_member(user: AnyUser, pk: int) -> tuple[Circle, CircleMember]:
    """The circle and the user's current membership of it; 404 for anyone else."""
    if not user.is_authenticated:
        raise Http404("No such circle.")
    circle = get_object_or_404(member_circles(user), pk=pk)
    membership = (
        CircleMember.objects.current()
        .select_related("person")
        .filter(circle=circle, person__user=user)
        .first()
    )
    if membership is None:
        raise Http404("No such circle.")
    return circle, membership


def circle_for_coordinator(user: AnyUser, pk: int) -> Circle:
    """The circle's metadata, for a coordinator of its programme; otherwise 404."""
    return get_object_or_404(coordinated_circles(user), pk=pk)


# Content a member may read, used by views and selectors alike.


def journal_entries_for(circle: Circle, person: Person) -> QuerySet[CircleJournalEntry]:
    """The member's own entries, and those fellow members shared with the circle."""
    return CircleJournalEntry.objects.filter(circle=circle).filter(
        Q(author=person) | Q(shared_at__isnull=False)
    )


def meeting_notes_for(meeting: CircleMeeting, person: Person) -> QuerySet[CircleMeetingNote]:
    """The meeting's shared note, and the member's own private note; never another's."""
    return CircleMeetingNote.objects.filter(meeting=meeting).filter(
        Q(is_private=False) | Q(author=person)
    )


def concerns_for_member(circle: Circle, membership: CircleMember) -> QuerySet[CircleConcern]:
    """Concerns the member raised, and, for a facilitator, those sent to the facilitators."""
    mine = Q(raised_by_id=membership.person_id)
    if membership.is_facilitator:
        mine |= Q(audience__in=[CircleConcern.Audience.FACILITATORS, CircleConcern.Audience.BOTH])
    return CircleConcern.objects.filter(circle=circle).filter(mine)


def concerns_for_coordinator(circle: Circle) -> QuerySet[CircleConcern]:
    """Only the concerns addressed to the coordinator; the caller has checked who asks."""
    return CircleConcern.objects.filter(
        circle=circle,
        audience__in=[CircleConcern.Audience.COORDINATOR, CircleConcern.Audience.BOTH],
    )


def no_store(view: Callable[P, HttpResponse]) -> Callable[P, HttpResponse]:
    """Circle pages must not linger in shared or browser caches."""

    @wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        response = view(*args, **kwargs)
        response["Cache-Control"] = "no-store, private, max-age=0"
        return response

    return never_cache(wrapped)


def circle_view(
    view: Callable[Concatenate[HttpRequest, Circle, CircleMember, ...], HttpResponse],
) -> Callable[..., HttpResponse]:
    """Login, current membership of the circle (else 404), no-store, the member's time zone."""

    @wraps(view)
    def wrapped(request: HttpRequest, pk: int, *args: Any, **kwargs: Any) -> HttpResponse:
        circle, membership = circle_for_member(request.user, pk)
        with timezone.override(zone_of(membership.person)):
            return view(request, circle, membership, *args, **kwargs)

    return login_required(no_store(wrapped))


def coordinator_view(
    view: Callable[Concatenate[HttpRequest, Circle, ...], HttpResponse],
) -> Callable[..., HttpResponse]:
    """Login, coordination of the circle's programme (else 404), no-store."""

    @wraps(view)
    def wrapped(
        request: HttpRequest, slug: str, pk: int, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        circle = circle_for_coordinator(request.user, pk)
        if circle.programme.slug != slug:
            raise Http404("No such circle.")
        return view(request, circle, *args, **kwargs)

    return login_required(no_store(wrapped))


# Forming circles: the coordinator's pages of a group programme, and the browse page for its
# approved mentees. A programme of another kind has no such pages (404).


def group_programme_for_coordinator(user: AnyUser, slug: str) -> Programme:
    programme = programme_for_coordinator(user, slug)
    if programme.kind != Programme.Kind.GROUP:
        raise Http404("No such programme.")
    return programme


def group_run_for_coordinator(user: AnyUser, slug: str, pk: int) -> GroupRun:
    programme = group_programme_for_coordinator(user, slug)
    run = get_object_or_404(GroupRun, programme=programme, pk=pk)
    run.programme = programme
    return run


def programme_circle_for_coordinator(user: AnyUser, slug: str, pk: int) -> Circle:
    programme = group_programme_for_coordinator(user, slug)
    circle = get_object_or_404(Circle, programme=programme, pk=pk)
    circle.programme = programme
    return circle


def programme_for_mentee(user: AnyUser, slug: str) -> tuple[Programme, Person]:
    """A group programme and the user's person, for an approved mentee of it; otherwise 404.

    Only metadata of its circles is shown there (name, topic, facilitators, member count,
    shared languages), never what a circle wrote."""
    person = person_of(user)
    if person is None:
        raise Http404("No such programme.")
    programme = Programme.objects.filter(
        slug=slug,
        kind=Programme.Kind.GROUP,
        enrolments__person=person,
        enrolments__role=Enrolment.Role.MENTEE,
        enrolments__status=Enrolment.Status.APPROVED,
    ).first()
    if programme is None:
        raise Http404("No such programme.")
    return programme, person
