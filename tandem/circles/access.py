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
from tandem.circles.models import Circle, CircleMember
from tandem.programmes.access import programmes_coordinated_by


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
