"""The pair's own pages: list, overview, expectations, and the lifecycle buttons."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from tandem.matching.selectors import why_paired
from tandem.mentorships import selectors, services
from tandem.mentorships.access import no_store, pair_view
from tandem.mentorships.forms import MaturityForm
from tandem.mentorships.models import Mentorship
from tandem.people.models import Person

from ._common import back, pair_render, pair_url, run


@login_required
@no_store
def mentorship_list(request: HttpRequest) -> HttpResponse:
    mentorships = selectors.mentorships_for_user(request.user)
    return render(request, "mentorships/list.html", {"mentorships": mentorships})


@pair_view
def overview(request: HttpRequest, mentorship: Mentorship, me: Person) -> HttpResponse:
    context = selectors.overview(mentorship, me)
    context["maturity_form"] = MaturityForm(initial={"maturity": mentorship.maturity})
    context["why_paired"] = why_paired(mentorship, me)
    context["maturity_help"] = [
        (value, label, Mentorship.MATURITY_HELP[Mentorship.Maturity(value)])
        for value, label in Mentorship.Maturity.choices
    ]
    return pair_render(request, "mentorships/overview.html", mentorship, me, "overview", context)


@pair_view
def expectations(request: HttpRequest, mentorship: Mentorship, me: Person) -> HttpResponse:
    rows = selectors.expectations(mentorship)
    return pair_render(
        request,
        "mentorships/expectations.html",
        mentorship,
        me,
        "expectations",
        {"rows": rows, "mismatches": [row for row in rows if row.mismatch]},
    )


@pair_view
@require_POST
def start_agreeing(request: HttpRequest, mentorship: Mentorship, me: Person) -> HttpResponse:
    ok = run(
        request,
        lambda: services.mentorship_start_agreeing(mentorship=mentorship, by=me),
        "Now write your charter together.",
    )
    return back(request, pair_url("charter_edit" if ok else "expectations", mentorship))


@pair_view
@require_POST
def look_elsewhere(request: HttpRequest, mentorship: Mentorship, me: Person) -> HttpResponse:
    run(
        request,
        lambda: services.mentorship_look_elsewhere(mentorship=mentorship, by=me),
        "The proposal has ended. You are back in matching, and this mentor will not be "
        "proposed to you again.",
    )
    return back(request, pair_url("overview", mentorship))


@pair_view
@require_POST
def activate(request: HttpRequest, mentorship: Mentorship, me: Person) -> HttpResponse:
    run(
        request,
        lambda: services.mentorship_activate(mentorship=mentorship, by=me),
        "Your mentorship has started.",
    )
    return back(request, pair_url("overview", mentorship))


@pair_view
@require_POST
def pause(request: HttpRequest, mentorship: Mentorship, me: Person) -> HttpResponse:
    run(
        request,
        lambda: services.mentorship_pause(mentorship=mentorship, by=me),
        "Paused. Resume whenever you are both ready.",
    )
    return back(request, pair_url("overview", mentorship))


@pair_view
@require_POST
def resume(request: HttpRequest, mentorship: Mentorship, me: Person) -> HttpResponse:
    run(
        request,
        lambda: services.mentorship_resume(mentorship=mentorship, by=me),
        "Welcome back.",
    )
    return back(request, pair_url("overview", mentorship))


@pair_view
@require_POST
def maturity(request: HttpRequest, mentorship: Mentorship, me: Person) -> HttpResponse:
    form = MaturityForm(request.POST)
    if form.is_valid():
        run(
            request,
            lambda: services.mentorship_set_maturity(
                mentorship=mentorship, by=me, maturity=form.cleaned_data["maturity"]
            ),
            "Phase recorded.",
        )
    return back(request, pair_url("overview", mentorship))
