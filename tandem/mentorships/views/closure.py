"""Proposing closure, the closure reflection and survey, early exit, staying in touch."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.core.forms import add_service_error
from tandem.mentorships import services
from tandem.mentorships.access import closure_reflections_for, pair_view
from tandem.mentorships.forms import ClosureForm, ExitForm
from tandem.mentorships.models import Goal, Mentorship, OutcomeSurvey
from tandem.people.models import Person

from ._common import back, pair_render, pair_url, run, transition_view


@pair_view
def closure(request: HttpRequest, mentorship: Mentorship, me: Person) -> HttpResponse:
    form = ClosureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.closure_submit(mentorship=mentorship, by=me, **form.cleaned_data)
        except services.MentorshipError as error:
            add_service_error(form, error)
        else:
            mentorship.refresh_from_db()
            messages.success(
                request,
                _("Thank you. The mentorship is now closed.")
                if mentorship.state == Mentorship.State.CLOSED
                else _("Thank you. The mentorship closes when your partner has done the same."),
            )
            return redirect(pair_url("closure", mentorship))
    reflections = list(closure_reflections_for(me).filter(mentorship=mentorship))
    mine = next((r for r in reflections if r.author_id == me.pk), None)
    partners = next((r for r in reflections if r.author_id != me.pk), None)
    goals = list(mentorship.goals.all())
    return pair_render(
        request,
        "mentorships/closure.html",
        mentorship,
        me,
        "closure",
        {
            "form": form,
            "my_reflection": mine,
            "partner_reflection": partners,
            "my_survey": OutcomeSurvey.objects.filter(mentorship=mentorship, respondent=me).first(),
            "partner_submitted": OutcomeSurvey.objects.filter(mentorship=mentorship)
            .exclude(respondent=me)
            .exists(),
            "goals_total": len(goals),
            "goals_achieved": sum(g.status == Goal.Status.ACHIEVED for g in goals),
            "exit_form": ExitForm(),
        },
        status=400 if form.errors else 200,
    )


@pair_view
def exit_early(request: HttpRequest, mentorship: Mentorship, me: Person) -> HttpResponse:
    form = ExitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.mentorship_exit_early(
                mentorship=mentorship, by=me, reason=form.cleaned_data["reason"]
            )
        except services.MentorshipError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "The mentorship has ended. Ending early is a normal part of mentoring; thank "
                    "you for the time you gave it."
                ),
            )
            return redirect(pair_url("overview", mentorship))
    return pair_render(
        request,
        "mentorships/exit.html",
        mentorship,
        me,
        "closure",
        {"form": form},
        status=400 if form.errors else 200,
    )


@pair_view
@require_POST
def stay_in_touch(request: HttpRequest, mentorship: Mentorship, me: Person) -> HttpResponse:
    stay = request.POST.get("stay") == "1"
    run(
        request,
        lambda: services.mentorship_stay_in_touch(mentorship=mentorship, by=me, stay=stay),
        _("Noted: you would like to stay in touch.") if stay else _("Noted."),
    )
    return back(request, pair_url("overview", mentorship))


closure_propose = transition_view("closure_propose")
closure_withdraw = transition_view("closure_withdraw")
