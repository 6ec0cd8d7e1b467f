"""Leaving a circle without blame, and closing it."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tandem.accounts.models import User
from tandem.circles.models import MIN_MENTEES_TO_CONTINUE, Circle, CircleMeeting, CircleMember
from tandem.core.i18n import interpolate_lazy
from tandem.people.models import Person
from tandem.programmes.access import is_coordinator_of

from ._common import (
    CircleError,
    circle_url,
    coordinator_url,
    lock,
    require_member,
    tell_coordinators,
    tell_members,
)
from .charter import circle_start_if_signed

State = Circle.State
Role = CircleMember.Role


@transaction.atomic
def circle_leave(*, circle: Circle, by: Person) -> CircleMember:
    """The member leaves: no reason asked, no blame recorded. Refused when the circle could not
    go on without them (fewer than two mentees, or no facilitator): it is closed instead."""
    lock(circle)
    if not circle.is_open:
        raise CircleError(_("This circle is closed: there is nothing to leave."))
    membership = require_member(circle, by)
    current = list(CircleMember.objects.current().filter(circle=circle).select_for_update())
    if membership.role == Role.MENTOR:
        if not any(m.role == Role.MENTOR and m.pk != membership.pk for m in current):
            raise CircleError(
                _(
                    "You are the circle's only facilitator: it cannot go on without one. "
                    "Close the circle instead, or ask the coordinator to add another facilitator."
                )
            )
    else:
        mentees = sum(1 for m in current if m.role == Role.MENTEE)
        if mentees - 1 < MIN_MENTEES_TO_CONTINUE:
            raise CircleError(
                ngettext(
                    "A circle needs at least %(count)s member besides its facilitators to go on. "
                    "Ask a facilitator or the coordinator to close it instead.",
                    "A circle needs at least %(count)s members besides its facilitators to go on. "
                    "Ask a facilitator or the coordinator to close it instead.",
                    MIN_MENTEES_TO_CONTINUE,
                )
                % {"count": MIN_MENTEES_TO_CONTINUE}
            )
    membership.left_at = timezone.now()
    membership.save(update_fields=["left_at", "updated_at"])
    title = interpolate_lazy(
        gettext_lazy("%(name)s left %(circle)s"), name=by.name, circle=circle.name
    )
    tell_members(
        circle,
        event="member_left",
        title=title,
        url=circle_url("overview", circle),
        dedupe=f"left:{membership.pk}",
        but=by,
    )
    tell_coordinators(
        circle,
        kind="circle.member_left",
        title=title,
        url=coordinator_url(circle),
        dedupe=f"left:{membership.pk}",
    )
    # The one member who had not signed may be the one who left.
    circle_start_if_signed(circle=circle)
    return membership


@transaction.atomic
def circle_memberships_end_for_leaver(*, person: Person) -> int:
    """Someone left the organisation: they leave each open circle at once, whatever its size
    (the rule that keeps a circle above two mentees is for members choosing to go). The other
    members are told; the coordinators are told too, and warned when the circle can no
    longer go on as it is, so that they add someone or close it."""
    memberships = list(
        CircleMember.objects.current()
        .filter(person=person)
        .exclude(circle__state=State.CLOSED)
        .select_related("circle__programme")
    )
    for membership in memberships:
        circle = lock(membership.circle)
        membership.left_at = timezone.now()
        membership.save(update_fields=["left_at", "updated_at"])
        current = list(CircleMember.objects.current().filter(circle=circle))
        mentees = sum(1 for m in current if m.role == Role.MENTEE)
        facilitators = sum(1 for m in current if m.role == Role.MENTOR)
        named = {"name": person.name, "circle": circle.name}
        title = interpolate_lazy(
            gettext_lazy("%(name)s left the organisation and so %(circle)s"), **named
        )
        tell_members(
            circle,
            event="member_left",
            title=title,
            url=circle_url("overview", circle),
            dedupe=f"left:{membership.pk}",
        )
        short = facilitators == 0 or mentees < MIN_MENTEES_TO_CONTINUE
        tell_coordinators(
            circle,
            kind="circle.member_left",
            title=interpolate_lazy(
                gettext_lazy(
                    "%(name)s left the organisation and so %(circle)s: it needs a facilitator or "
                    "more members, or closing"
                ),
                **named,
            )
            if short
            else title,
            url=coordinator_url(circle),
            dedupe=f"left:{membership.pk}",
        )
        circle_start_if_signed(circle=circle)
    return len(memberships)


def may_close(circle: Circle, user: User) -> bool:
    """A current facilitator of the circle, or a coordinator of its programme."""
    if is_coordinator_of(user, circle.programme):
        return True
    return (
        CircleMember.objects.current()
        .filter(circle=circle, person__user=user, role=Role.MENTOR)
        .exists()
    )


@transaction.atomic
def circle_close(*, circle: Circle, by: User, outcome: str) -> Circle:
    """Close the circle as completed or ended early. What it wrote stays readable for its
    members; nothing new is added, and meetings still to come are cancelled."""
    if not may_close(circle, by):
        raise CircleError(_("Only a facilitator of the circle or its coordinator can close it."))
    lock(circle)
    if not circle.is_open:
        raise CircleError(_("This circle is already closed."))
    if outcome not in Circle.Outcome.values:
        raise CircleError(_("Choose how the circle ended."), field="outcome")
    now = timezone.now()
    circle.state = State.CLOSED
    circle.outcome = outcome
    circle.closed_at = now
    circle.save(update_fields=["state", "outcome", "closed_at", "updated_at"])
    circle.meetings.filter(status=CircleMeeting.Status.SCHEDULED, starts_at__gt=now).update(
        status=CircleMeeting.Status.CANCELLED, sequence=F("sequence") + 1, updated_at=now
    )
    if outcome == Circle.Outcome.COMPLETED:
        title = gettext_lazy("%(circle)s has completed its work and is closed: thank you")
    elif by.name:
        title = gettext_lazy("%(name)s closed %(circle)s early")
    else:
        title = gettext_lazy("The coordinator closed %(circle)s early")
    tell_members(
        circle,
        event="closed",
        title=interpolate_lazy(title, name=by.name, circle=circle.name),
        url=circle_url("overview", circle),
        dedupe="closed",
        but=getattr(by, "person", None),
    )
    return circle
