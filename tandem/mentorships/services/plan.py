"""The development plan: goals, milestones, learning needs, opportunities and teach-back."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.core.errors import ServiceError
from tandem.mentorships.models import (
    DevelopmentOpportunity,
    Goal,
    GoalComment,
    LearningNeed,
    Mentorship,
    Milestone,
    TeachBack,
)
from tandem.mentorships.models.shared import GoalFields, GoalStatus
from tandem.people.models import Person

from ._common import MentorshipError, announce, require_member, require_not_past, require_open


def _required(value: str, field: str, message: str) -> str:
    value = value.strip()
    if not value:
        raise MentorshipError(message, field=field)
    return value


def goal_terms(
    *,
    title: str,
    success_criterion: str,
    description: str = "",
    target_on: date | None = None,
    is_stretch: bool = False,
    kept_target_on: date | None = None,
    error: type[ServiceError] = MentorshipError,
) -> dict[str, Any]:
    """A goal's fields as they are stored, checked alike for a pair's goal and a circle's:
    `kept_target_on` is the date the goal already had, `error` the caller's error type."""
    require_not_past(
        target_on, field="target_on", what=_("The target date"), kept=kept_target_on, error=error
    )
    title = title.strip()
    if not title:
        raise error(_("Give the goal a title."), field="title")
    success_criterion = success_criterion.strip()
    if not success_criterion:
        raise error(_("Say how you will know it is reached."), field="success_criterion")
    return {
        "title": title,
        "success_criterion": success_criterion,
        "description": description.strip(),
        "target_on": target_on,
        "is_stretch": is_stretch,
    }


def goal_progress_apply(
    goal: GoalFields,
    *,
    progress: int,
    status: str,
    error: type[ServiceError] = MentorshipError,
) -> bool:
    """Record progress on a pair's goal or a circle's, and save it: achieved is 100%, progress
    starts a goal. Returns whether the goal has just been achieved."""
    if not 0 <= progress <= 100:
        raise error(_("Progress is a percentage from 0 to 100."), field="progress")
    if status not in GoalStatus.values:
        raise error(_("Choose a status."), field="status")
    was_achieved = goal.status == GoalStatus.ACHIEVED
    if status == GoalStatus.ACHIEVED:
        progress = 100
        goal.achieved_at = goal.achieved_at or timezone.now()
    else:
        goal.achieved_at = None
        if status == GoalStatus.NOT_STARTED and progress > 0:
            status = GoalStatus.IN_PROGRESS
    goal.progress = progress
    goal.status = status
    # Both kinds of goal are time-stamped models: `updated_at` is theirs, not GoalFields'.
    changed = ["progress", "status", "achieved_at", "updated_at"]
    goal.save(update_fields=changed)
    return status == GoalStatus.ACHIEVED and not was_achieved


@transaction.atomic
def goal_create(
    *,
    mentorship: Mentorship,
    by: Person,
    title: str,
    success_criterion: str,
    description: str = "",
    target_on: date | None = None,
    is_stretch: bool = False,
) -> Goal:
    require_member(mentorship, by)
    require_open(mentorship)
    terms = goal_terms(
        title=title,
        success_criterion=success_criterion,
        description=description,
        target_on=target_on,
        is_stretch=is_stretch,
    )
    return Goal.objects.create(mentorship=mentorship, **terms)


@transaction.atomic
def goal_update(
    *,
    goal: Goal,
    by: Person,
    title: str,
    success_criterion: str,
    description: str = "",
    target_on: date | None = None,
    is_stretch: bool = False,
) -> Goal:
    require_member(goal.mentorship, by)
    require_open(goal.mentorship)
    terms = goal_terms(
        title=title,
        success_criterion=success_criterion,
        description=description,
        target_on=target_on,
        is_stretch=is_stretch,
        kept_target_on=goal.target_on,
    )
    for name, value in terms.items():
        setattr(goal, name, value)
    goal.save()
    return goal


@transaction.atomic
def goal_progress_update(*, goal: Goal, by: Person, progress: int, status: str) -> Goal:
    """The mentee tracks their own progress; the mentor comments on it."""
    if require_member(goal.mentorship, by) != "mentee":
        raise MentorshipError(_("The mentee updates the progress of their goals."))
    require_open(goal.mentorship)
    if goal_progress_apply(goal, progress=progress, status=status):
        announce(goal.mentorship, "goal_achieved", by, goal_id=goal.pk)
    return goal


@transaction.atomic
def goal_comment_add(*, goal: Goal, by: Person, text: str) -> GoalComment:
    require_member(goal.mentorship, by)
    require_open(goal.mentorship)
    return GoalComment.objects.create(
        goal=goal, author=by, text=_required(text, "text", _("Write a comment."))
    )


@transaction.atomic
def milestone_add(*, goal: Goal, by: Person, title: str, due_on: date | None = None) -> Milestone:
    require_member(goal.mentorship, by)
    require_open(goal.mentorship)
    require_not_past(due_on, field="due_on", what=_("The due date"))
    return Milestone.objects.create(
        goal=goal, title=_required(title, "title", _("Name the milestone.")), due_on=due_on
    )


@transaction.atomic
def milestone_set_reached(*, milestone: Milestone, by: Person, reached: bool) -> Milestone:
    mentorship = milestone.goal.mentorship
    require_member(mentorship, by)
    require_open(mentorship)
    was_reached = milestone.reached_at is not None
    milestone.reached_at = (milestone.reached_at or timezone.now()) if reached else None
    milestone.save(update_fields=["reached_at"])
    if reached and not was_reached:
        announce(mentorship, "milestone_reached", by, milestone_id=milestone.pk)
    return milestone


@transaction.atomic
def learning_need_add(
    *, mentorship: Mentorship, by: Person, description: str, goal: Goal | None = None
) -> LearningNeed:
    require_member(mentorship, by)
    require_open(mentorship)
    if goal is not None and goal.mentorship_id != mentorship.pk:
        raise MentorshipError(_("That goal belongs to another mentorship."), field="goal")
    return LearningNeed.objects.create(
        mentorship=mentorship,
        goal=goal,
        description=_required(description, "description", _("Describe what you need to learn.")),
    )


@transaction.atomic
def opportunity_add(
    *,
    mentorship: Mentorship,
    by: Person,
    title: str,
    kind: str,
    details: str = "",
    need: LearningNeed | None = None,
) -> DevelopmentOpportunity:
    require_member(mentorship, by)
    require_open(mentorship)
    if need is not None and need.mentorship_id != mentorship.pk:
        raise MentorshipError(_("That learning need belongs to another mentorship."), field="need")
    if kind not in DevelopmentOpportunity.Kind.values:
        raise MentorshipError(_("Choose a kind of opportunity."), field="kind")
    return DevelopmentOpportunity.objects.create(
        mentorship=mentorship,
        need=need,
        kind=kind,
        title=_required(title, "title", _("Name the opportunity.")),
        details=details.strip(),
    )


@transaction.atomic
def opportunity_set_status(
    *, opportunity: DevelopmentOpportunity, by: Person, status: str
) -> DevelopmentOpportunity:
    require_member(opportunity.mentorship, by)
    require_open(opportunity.mentorship)
    if status not in DevelopmentOpportunity.Status.values:
        raise MentorshipError(_("Choose suggested, taken or completed."), field="status")
    opportunity.status = status
    opportunity.completed_at = (
        opportunity.completed_at or timezone.now()
        if status == DevelopmentOpportunity.Status.COMPLETED
        else None
    )
    opportunity.save(update_fields=["status", "completed_at", "updated_at"])
    return opportunity


@transaction.atomic
def teach_back_add(
    *,
    mentorship: Mentorship,
    by: Person,
    description: str,
    taught_on: date,
    audience: str = "",
    opportunity: DevelopmentOpportunity | None = None,
) -> TeachBack:
    require_member(mentorship, by)
    require_open(mentorship)
    if opportunity is not None and opportunity.mentorship_id != mentorship.pk:
        raise MentorshipError(
            _("That opportunity belongs to another mentorship."), field="opportunity"
        )
    if taught_on > timezone.localdate():
        raise MentorshipError(_("Record teach-back once it has happened."), field="taught_on")
    return TeachBack.objects.create(
        mentorship=mentorship,
        opportunity=opportunity,
        description=_required(description, "description", _("Say what you taught.")),
        audience=audience.strip(),
        taught_on=taught_on,
    )
