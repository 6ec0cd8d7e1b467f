"""Self-selection: a mentee finds and asks a mentor; the mentor answers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.core.forms import add_service_error
from tandem.matching import access, selectors, services
from tandem.matching.forms import MentorRequestForm, MentorSearchForm, RequestAnswerForm
from tandem.matching.models import MentorRequest
from tandem.matching.services import MatchingError
from tandem.mentorships.access import zone_of
from tandem.people.access import person_of

from .common import PAGE_SIZE

RECOMMENDATIONS_SHOWN = 6


@login_required
def find_mentor(request: HttpRequest, slug: str) -> HttpResponse:
    programme, mentee = access.self_selection_for(request.user, slug)
    has_mentor = selectors.has_open_mentorship(programme, mentee)
    recommendations = [] if has_mentor else selectors.recommendations_for(programme, mentee)
    search = MentorSearchForm(request.GET or None)
    results = None
    if search.is_valid() and search.cleaned_data["q"]:
        results = Paginator(
            selectors.mentors_search(programme, search.cleaned_data["q"]), PAGE_SIZE
        ).get_page(request.GET.get("page"))
    return render(
        request,
        "matching/find_mentor.html",
        {
            "programme": programme,
            "has_mentor": has_mentor,
            "recommendations": recommendations[:RECOMMENDATIONS_SHOWN],
            "search": search,
            "results": results,
            "sent": selectors.requests_sent(mentee).filter(programme=programme)[:20],
        },
    )


@login_required
def request_create(request: HttpRequest, slug: str, mentor: int) -> HttpResponse:
    programme, mentee = access.self_selection_for(request.user, slug)
    chosen = access.mentor_in_programme(programme, mentor)
    if chosen.pk == mentee.pk:
        raise Http404("No such mentor.")
    form = MentorRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.mentor_request_create(
                programme=programme,
                mentee=mentee,
                mentor=chosen,
                hope_to_gain=form.cleaned_data["hope_to_gain"],
                why_this_mentor=form.cleaned_data["why_this_mentor"],
            )
        except MatchingError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("Your request is with %(name)s. They have until %(date)s to answer.")
                % {
                    "name": chosen.name,
                    "date": date_format(sent.expires_at.astimezone(zone_of(mentee)), "d F Y"),
                },
            )
            return redirect("matching:request_detail", sent.pk)
    # The engine's view of this mentor, shown beside the form; a sent request never needs it.
    recommendation = next(
        (r for r in selectors.recommendations_for(programme, mentee) if r.person.pk == chosen.pk),
        None,
    )
    return render(
        request,
        "matching/request_form.html",
        {
            "programme": programme,
            "mentor": chosen,
            "recommendation": recommendation,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    person = person_of(request.user)
    received_rows = selectors.requests_received(person) if person else MentorRequest.objects.none()
    sent_rows = selectors.requests_sent(person) if person else MentorRequest.objects.none()
    received = Paginator(received_rows, PAGE_SIZE).get_page(request.GET.get("received"))
    sent = Paginator(sent_rows, PAGE_SIZE).get_page(request.GET.get("sent"))
    return render(request, "matching/request_list.html", {"received": received, "sent": sent})


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found, person = access.request_for_participant(request.user, pk)
    is_mentor = found.mentor_id == person.pk
    return render(
        request,
        "matching/request_detail.html",
        {
            "mentor_request": found,
            "is_mentor": is_mentor,
            "answer_form": RequestAnswerForm() if is_mentor and found.is_pending else None,
        },
    )


REQUEST_ACTIONS = ("accept", "decline", "withdraw")


@login_required
@require_POST
def request_respond(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    found, person = access.request_for_participant(request.user, pk)
    if action not in REQUEST_ACTIONS:
        raise Http404("No such action.")
    if (action == "withdraw") != (found.mentee_id == person.pk):
        raise Http404("No such request.")
    form = RequestAnswerForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        if action == "accept":
            mentorship = services.mentor_request_accept(mentor_request=found, by=person, note=note)
            messages.success(
                request,
                _("You are now %(name)s's %(mentor)s. Start with expectations.")
                % {"name": found.mentee.name, "mentor": found.programme.labels.mentor},
            )
            return redirect("mentorships:overview", mentorship.pk)
        if action == "decline":
            services.mentor_request_decline(mentor_request=found, by=person, note=note)
            messages.success(
                request, _("Declined; %(name)s has been told.") % {"name": found.mentee.name}
            )
        else:
            services.mentor_request_withdraw(mentor_request=found, by=person)
            messages.success(request, _("Request withdrawn."))
    except MatchingError as exc:
        messages.error(request, exc.message)
    return redirect("matching:request_detail", found.pk)
