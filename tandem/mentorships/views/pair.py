"""The pair's own pages: list, overview, expectations, and the lifecycle buttons."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.mentorships import selectors, services
from tandem.mentorships.access import no_store, pair_view
from tandem.mentorships.forms import MaturityForm
from tandem.mentorships.models import Mentorship
from tandem.mentorships.overview_panels import overview_panels
from tandem.people.models import Person

from ._common import back, pair_render, pair_url, run, transition_view


@login_required
@no_store
def mentorship_list(request: HttpRequest) -> HttpResponse:
    mentorships = selectors.mentorships_for_user(request.user)
    return render(request, "mentorships/list.html", {"mentorships": mentorships})


@pair_view
def overview(request: HttpRequest, mentorship: Mentorship, me: Person) -> HttpResponse:
    context = selectors.overview(mentorship, me)
    context["maturity_form"] = MaturityForm(initial={"maturity": mentorship.maturity})
    context.update(overview_panels(mentorship, me))
    labels = mentorship.programme.labels
    context["maturity_help"] = [
        (value, label, labels.maturity(value)) for value, label in Mentorship.Maturity.choices
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
def maturity(request: HttpRequest, mentorship: Mentorship, me: Person) -> HttpResponse:
    form = MaturityForm(request.POST)
    if form.is_valid():
        run(
            request,
            lambda: services.mentorship_set_maturity(
                mentorship=mentorship, by=me, maturity=form.cleaned_data["maturity"]
            ),
            _("Phase recorded."),
        )
    return back(request, pair_url("overview", mentorship))


start_agreeing = transition_view("start_agreeing")
look_elsewhere = transition_view("look_elsewhere")
activate = transition_view("activate")
pause = transition_view("pause")
resume = transition_view("resume")
