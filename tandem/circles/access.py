"""Who may see what of a circle, in one place (docs/circles.md, "Who sees what").

The same rule as a one-to-one mentorship, with "partner" widened to "fellow current member":

| content kind | author | fellow members | programme coordinators | anyone else |
|---|---|---|---|---|
| private (private notes, unshared journal entries) | read/write | no | no | no |
| shared (charter, shared goals, agenda, shared notes) | read/write | read/write | no | no |
| metadata (state, members, meetings, attendance, health, check-ins) | read | read | read | no |

A member who has left keeps no access to the circle's pages: the circle goes on without them.
Everything out of scope answers 404, never 403.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from tandem.accounts.access import AnyUser
from tandem.circles.models import Circle, CircleMember, GroupRun
from tandem.people.access import person_of
from tandem.people.models import Person
from tandem.programmes.access import programme_for_coordinator, programmes_coordinated_by
from tandem.programmes.models import Enrolment, Programme


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
