"""Goals, milestones, learning needs, development opportunities and teach-back."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.core.forms import add_service_error
from tandem.mentorships import services
from tandem.mentorships.access import pair_view
from tandem.mentorships.forms import (
    CommentForm,
    GoalForm,
    GoalProgressForm,
    LearningNeedForm,
    MilestoneForm,
    OpportunityForm,
    OpportunityStatusForm,
    TeachBackForm,
)
from tandem.mentorships.models import (
    DevelopmentOpportunity,
    Goal,
    GoalComment,
    Mentorship,
    Milestone,
)
from tandem.people.models import Person

from ._common import back, invalid, pair_render, pair_url, run


def _plan_context(mentorship: Mentorship) -> dict[str, object]:
    return {
        "goals": mentorship.goals.prefetch_related("milestones"),
        "needs": mentorship.learning_needs.select_related("goal"),
        "opportunities": mentorship.opportunities.select_related("need"),
        "teach_backs": mentorship.teach_backs.select_related("opportunity"),
    }


@pair_view
def plan(request: HttpRequest, mentorship: Mentorship, me: Person) -> HttpResponse:
    context = _plan_context(mentorship)
    context.update(
        need_form=LearningNeedForm(mentorship=mentorship),
        opportunity_form=OpportunityForm(mentorship=mentorship),
        teach_back_form=TeachBackForm(mentorship=mentorship),
        opportunity_statuses=DevelopmentOpportunity.Status.choices,
    )
    return pair_render(request, "mentorships/plan.html", mentorship, me, "plan", context)


@pair_view
def goal_create(request: HttpRequest, mentorship: Mentorship, me: Person) -> HttpResponse:
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            goal = services.goal_create(mentorship=mentorship, by=me, **form.cleaned_data)
        except services.MentorshipError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Goal added."))
            return redirect(pair_url("goal_detail", mentorship, goal.pk))
    return pair_render(
        request,
        "mentorships/goal_form.html",
        mentorship,
        me,
        "plan",
        {"form": form},
        status=400 if form.errors else 200,
    )


@pair_view
def goal_detail(
    request: HttpRequest, mentorship: Mentorship, me: Person, goal_pk: int
) -> HttpResponse:
    goal = get_object_or_404(
        Goal.objects.prefetch_related(
            "milestones",
            Prefetch("comments", queryset=GoalComment.objects.select_related("author")),
        ),
        pk=goal_pk,
        mentorship=mentorship,
    )
    form = GoalForm(request.POST or None, instance=goal if request.method != "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_update(goal=goal, by=me, **form.cleaned_data)
        except services.MentorshipError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Goal saved."))
            return redirect(pair_url("goal_detail", mentorship, goal.pk))
    if form.errors:
        # The edit form sits folded at the foot of the page: say at its head that the goal
        # was not saved, and why.
        invalid(request, form)
    return pair_render(
        request,
        "mentorships/goal_detail.html",
        mentorship,
        me,
        "plan",
        {
            "goal": goal,
            "form": form,
            "progress_form": GoalProgressForm(
                initial={"progress": goal.progress, "status": goal.status}
            ),
            "comment_form": CommentForm(),
            "milestone_form": MilestoneForm(),
        },
        status=400 if form.errors else 200,
    )


def _goal(mentorship: Mentorship, goal_pk: int) -> Goal:
    return get_object_or_404(Goal, pk=goal_pk, mentorship=mentorship)


@pair_view
@require_POST
def goal_progress(
    request: HttpRequest, mentorship: Mentorship, me: Person, goal_pk: int
) -> HttpResponse:
    goal = _goal(mentorship, goal_pk)
    form = GoalProgressForm(request.POST)
    if form.is_valid():
        run(
            request,
            lambda: services.goal_progress_update(goal=goal, by=me, **form.cleaned_data),
            _("Progress updated."),
        )
    else:
        invalid(request, form)
    return back(request, pair_url("goal_detail", mentorship, goal.pk))


@pair_view
@require_POST
def goal_comment(
    request: HttpRequest, mentorship: Mentorship, me: Person, goal_pk: int
) -> HttpResponse:
    goal = _goal(mentorship, goal_pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        run(request, lambda: services.goal_comment_add(goal=goal, by=me, **form.cleaned_data))
    else:
        invalid(request, form)
    return back(request, pair_url("goal_detail", mentorship, goal.pk))


@pair_view
@require_POST
def milestone_add(
    request: HttpRequest, mentorship: Mentorship, me: Person, goal_pk: int
) -> HttpResponse:
    goal = _goal(mentorship, goal_pk)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        run(request, lambda: services.milestone_add(goal=goal, by=me, **form.cleaned_data))
    else:
        invalid(request, form)
    return back(request, pair_url("goal_detail", mentorship, goal.pk))


@pair_view
@require_POST
def milestone_reached(
    request: HttpRequest, mentorship: Mentorship, me: Person, milestone_pk: int
) -> HttpResponse:
    milestone = get_object_or_404(Milestone, pk=milestone_pk, goal__mentorship=mentorship)
    reached = request.POST.get("reached") == "1"
    run(
        request,
        lambda: services.milestone_set_reached(milestone=milestone, by=me, reached=reached),
        _("Milestone reached: well done!") if reached else "",
    )
    return back(request, pair_url("goal_detail", mentorship, milestone.goal_id))


@pair_view
@require_POST
def need_add(request: HttpRequest, mentorship: Mentorship, me: Person) -> HttpResponse:
    form = LearningNeedForm(request.POST, mentorship=mentorship)
    if form.is_valid():
        run(
            request,
            lambda: services.learning_need_add(mentorship=mentorship, by=me, **form.cleaned_data),
        )
    else:
        invalid(request, form)
    return back(request, pair_url("plan", mentorship))


@pair_view
@require_POST
def opportunity_add(request: HttpRequest, mentorship: Mentorship, me: Person) -> HttpResponse:
    form = OpportunityForm(request.POST, mentorship=mentorship)
    if form.is_valid():
        run(
            request,
            lambda: services.opportunity_add(mentorship=mentorship, by=me, **form.cleaned_data),
        )
    else:
        invalid(request, form)
    return back(request, pair_url("plan", mentorship))


@pair_view
@require_POST
def opportunity_status(
    request: HttpRequest, mentorship: Mentorship, me: Person, opportunity_pk: int
) -> HttpResponse:
    opportunity = get_object_or_404(
        DevelopmentOpportunity, pk=opportunity_pk, mentorship=mentorship
    )
    form = OpportunityStatusForm(request.POST)
    if form.is_valid():
        run(
            request,
            lambda: services.opportunity_set_status(
                opportunity=opportunity, by=me, status=form.cleaned_data["status"]
            ),
        )
    else:
        invalid(request, form)
    return back(request, pair_url("plan", mentorship))


@pair_view
@require_POST
def teach_back_add(request: HttpRequest, mentorship: Mentorship, me: Person) -> HttpResponse:
    form = TeachBackForm(request.POST, mentorship=mentorship)
    if form.is_valid():
        run(
            request,
            lambda: services.teach_back_add(mentorship=mentorship, by=me, **form.cleaned_data),
            _("Recorded. Teaching it is the surest sign you learnt it."),
        )
    else:
        invalid(request, form)
    return back(request, pair_url("plan", mentorship))
