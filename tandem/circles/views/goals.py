from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.circles import services
from tandem.circles.access import circle_view
from tandem.circles.forms import CircleGoalForm, GoalProgressForm
from tandem.circles.models import Circle, CircleGoal, CircleMember
from tandem.core.forms import add_service_error

from ._common import circle_render, circle_url, invalid, run


@circle_view
def goals(request: HttpRequest, circle: Circle, me: CircleMember) -> HttpResponse:
    form = CircleGoalForm(request.POST or None, with_whose=True)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        own = data.pop("whose") == "own"
        try:
            services.circle_goal_create(circle=circle, by=me.person, own=own, **data)
        except services.CircleError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Goal added."))
            return redirect(circle_url("goals", circle))
    all_goals = list(circle.goals.select_related("owner"))
    mine = [g for g in all_goals if g.owner_id == me.person_id]
    others = [g for g in all_goals if g.owner_id is not None and g.owner_id != me.person_id]
    return circle_render(
        request,
        "circles/goals.html",
        circle,
        me,
        "goals",
        {
            "form": form,
            "shared": [g for g in all_goals if g.owner_id is None],
            "mine": mine,
            "others": others,
        },
        status=400 if form.errors else 200,
    )


def _goal(circle: Circle, goal_pk: int) -> CircleGoal:
    return get_object_or_404(CircleGoal.objects.select_related("owner"), pk=goal_pk, circle=circle)


@circle_view
def goal_detail(
    request: HttpRequest, circle: Circle, me: CircleMember, goal_pk: int
) -> HttpResponse:
    goal = _goal(circle, goal_pk)
    may_edit = circle.accepts_content and (goal.owner_id in (None, me.person_id))
    form = CircleGoalForm(request.POST or None, instance=goal)
    if request.method == "POST":
        if not may_edit:
            messages.error(request, _("Only the member whose goal it is can change it."))
            return redirect(circle_url("goal_detail", circle, goal.pk))
        if form.is_valid():
            try:
                services.circle_goal_update(goal=goal, by=me.person, **form.cleaned_data)
            except services.CircleError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Goal saved."))
                return redirect(circle_url("goal_detail", circle, goal.pk))
    goal.refresh_from_db()
    return circle_render(
        request,
        "circles/goal_detail.html",
        circle,
        me,
        "goals",
        {
            "goal": goal,
            "form": form,
            "may_edit": may_edit,
            "progress_form": GoalProgressForm(
                initial={"progress": goal.progress, "status": goal.status}
            ),
        },
        status=400 if form.errors else 200,
    )


@circle_view
@require_POST
def goal_progress(
    request: HttpRequest, circle: Circle, me: CircleMember, goal_pk: int
) -> HttpResponse:
    goal = _goal(circle, goal_pk)
    form = GoalProgressForm(request.POST)
    if form.is_valid():
        run(
            request,
            lambda: services.circle_goal_progress_update(
                goal=goal, by=me.person, **form.cleaned_data
            ),
            _("Progress saved."),
        )
    else:
        invalid(request, form)
    return redirect(circle_url("goal_detail", circle, goal.pk))
