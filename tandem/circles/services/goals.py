"""The circle's shared goals, and each member's own: fellow members read them all; a shared
goal is the circle's to change, a member's own goal its owner's alone."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.circles.models import Circle, CircleGoal
from tandem.core.i18n import interpolate_lazy
from tandem.mentorships.services import goal_progress_apply, goal_terms
from tandem.people.models import Person

from ._common import (
    CircleError,
    circle_url,
    require_member,
    require_open,
    tell_members,
)


def _require_editor(goal: CircleGoal, by: Person) -> None:
    require_member(goal.circle, by)
    require_open(goal.circle)
    if goal.owner_id is not None and goal.owner_id != by.pk:
        raise CircleError(_("Only the member whose goal it is can change it."))


@transaction.atomic
def circle_goal_create(
    *,
    circle: Circle,
    by: Person,
    title: str,
    success_criterion: str,
    description: str = "",
    target_on: date | None = None,
    is_stretch: bool = False,
    own: bool = False,
) -> CircleGoal:
    """A shared goal of the circle, or (`own`) a goal of the member's own."""
    require_member(circle, by)
    require_open(circle)
    terms = goal_terms(
        title=title,
        success_criterion=success_criterion,
        description=description,
        target_on=target_on,
        is_stretch=is_stretch,
        error=CircleError,
    )
    return CircleGoal.objects.create(
        circle=circle, owner=by if own else None, created_by=by, **terms
    )


@transaction.atomic
def circle_goal_update(
    *,
    goal: CircleGoal,
    by: Person,
    title: str,
    success_criterion: str,
    description: str = "",
    target_on: date | None = None,
    is_stretch: bool = False,
) -> CircleGoal:
    _require_editor(goal, by)
    terms = goal_terms(
        title=title,
        success_criterion=success_criterion,
        description=description,
        target_on=target_on,
        is_stretch=is_stretch,
        kept_target_on=goal.target_on,
        error=CircleError,
    )
    for name, value in terms.items():
        setattr(goal, name, value)
    goal.save()
    return goal


@transaction.atomic
def circle_goal_progress_update(
    *, goal: CircleGoal, by: Person, progress: int, status: str
) -> CircleGoal:
    """Progress as the pair's goals record it: achieved is 100%, progress starts a goal."""
    _require_editor(goal, by)
    if goal_progress_apply(goal, progress=progress, status=status, error=CircleError):
        title = (
            gettext_lazy("%(circle)s achieved a goal of the circle: celebrate together")
            if goal.is_shared
            else gettext_lazy("%(circle)s achieved one of %(name)s's goals: celebrate together")
        )
        tell_members(
            goal.circle,
            event="goal_achieved",
            title=interpolate_lazy(title, circle=goal.circle.name, name=by.name),
            url=circle_url("goal_detail", goal.circle, goal.pk),
            dedupe=f"goal:{goal.pk}",
            but=by,
        )
    return goal
