"""Coordinator pages: pair metadata only, never what the pair wrote."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.core.forms import add_service_error
from tandem.mentorships import access, selectors, services
from tandem.mentorships.access import no_store
from tandem.mentorships.forms import HealthSettingsForm, PairForm, PromptForm
from tandem.mentorships.health import (
    DEFAULT_CHECKIN_INTERVAL,
    DEFAULT_CONTACT_AMBER,
    DEFAULT_CONTACT_RED,
    DEFAULT_WEIGHTS,
    FACTOR_LABELS,
)
from tandem.mentorships.models import Mentorship, ProgrammeHealthSettings, Prompt
from tandem.people.access import signed_in_user
from tandem.programmes.access import programme_for_coordinator

from ._common import invalid

PAGE_SIZE = 25
# Mentees awaiting a match named on the pairs list (longest waiting first); the rest are counted.
AWAITING_SHOWN = 50


@login_required
@no_store
def coordinator_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_for_coordinator(request.user, slug)
    state = request.GET.get("state", "")
    if state not in Mentorship.State.values:
        state = ""
    # A page of pairs at a time: health and check-in scores are worked out for the pairs shown.
    page = Paginator(selectors.coordinator_pairs(programme, state=state), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    waiting = selectors.enrolments_awaiting_match(programme)
    awaiting = [enrolment.person for enrolment in waiting[:AWAITING_SHOWN]]
    awaiting_more = waiting.count() - len(awaiting) if len(awaiting) == AWAITING_SHOWN else 0
    concerns = (
        access.concerns_for_coordinator(request.user)
        .filter(mentorship__programme=programme, acknowledged_at__isnull=True)
        .select_related("mentorship__mentee", "mentorship__mentor", "raised_by")
    )
    return render(
        request,
        "mentorships/coordinator_list.html",
        {
            "programme": programme,
            "rows": selectors.coordinator_rows_of(page.object_list),
            "page": page,
            "query": urlencode({"state": state}) if state else "",
            "state": state,
            "states": Mentorship.State.choices,
            "concerns": concerns,
            "awaiting": awaiting,
            "awaiting_more": awaiting_more,
        },
    )


@login_required
@no_store
def coordinator_create(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_for_coordinator(request.user, slug)
    form = PairForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            mentorship = services.mentorship_create(
                programme=programme, created_by=signed_in_user(request), **form.cleaned_data
            )
        except services.MentorshipError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("%(mentee)s and %(mentor)s are paired.")
                % {"mentee": mentorship.mentee.name, "mentor": mentorship.mentor.name},
            )
            note = mentorship.mentor.not_taking_mentees_note
            if note:
                messages.warning(
                    request,
                    _("%(mentor)s said “%(note)s”; you paired them anyway.")
                    % {"mentor": mentorship.mentor.name, "note": note},
                )
            return redirect("mentorships:coordinator_list", slug=programme.slug)
    return render(
        request,
        "mentorships/coordinator_create.html",
        {
            "programme": programme,
            "form": form,
            "not_taking": selectors.mentors_not_taking_mentees(programme)[:50],
        },
        status=400 if form.errors else 200,
    )


@login_required
@no_store
def coordinator_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme = programme_for_coordinator(request.user, slug)
    mentorship = access.mentorship_for_coordinator(request.user, pk)
    if mentorship.programme_id != programme.pk:
        return redirect("mentorships:coordinator_detail", slug=mentorship.programme.slug, pk=pk)
    row = selectors.coordinator_row(mentorship)
    return render(
        request,
        "mentorships/coordinator_detail.html",
        {
            "programme": programme,
            "row": row,
            "mentorship": row.mentorship,
            "check_ins": selectors.check_in_scores_for_coordinator(mentorship).select_related(
                "author"
            ),
            "concerns": access.concerns_for_coordinator(request.user)
            .filter(mentorship=mentorship)
            .select_related("raised_by"),
        },
    )


@login_required
@require_POST
def concern_acknowledge(request: HttpRequest, slug: str, concern_pk: int) -> HttpResponse:
    programme = programme_for_coordinator(request.user, slug)
    concern = get_object_or_404(
        access.concerns_for_coordinator(request.user),
        pk=concern_pk,
        mentorship__programme=programme,
    )
    try:
        services.concern_acknowledge(concern=concern, by=signed_in_user(request))
    except services.MentorshipError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Marked as read."))
    return redirect("mentorships:coordinator_list", slug=programme.slug)


@login_required
@no_store
def coordinator_prompts(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_for_coordinator(request.user, slug)
    form = PromptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.prompt_create(
                programme=programme, by=signed_in_user(request), **form.cleaned_data
            )
        except services.MentorshipError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Prompt added."))
            return redirect("mentorships:coordinator_prompts", slug=programme.slug)
    return render(
        request,
        "mentorships/coordinator_prompts.html",
        {
            "programme": programme,
            "coordinator_section": "prompts",
            "form": form,
            "prompts": selectors.prompts_for(programme),
            "purposes": Prompt.Purpose.choices,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def coordinator_prompt_edit(request: HttpRequest, slug: str, prompt_pk: int) -> HttpResponse:
    programme = programme_for_coordinator(request.user, slug)
    prompt = get_object_or_404(
        Prompt.objects.filter(programme__in=[programme]) | Prompt.objects.filter(programme=None),
        pk=prompt_pk,
    )
    user = signed_in_user(request)
    try:
        if request.POST.get("delete"):
            services.prompt_delete(programme=programme, by=user, prompt=prompt)
            messages.success(request, _("Prompt removed."))
        else:
            form = PromptForm(request.POST)
            if form.is_valid():
                services.prompt_update(
                    programme=programme,
                    by=user,
                    prompt=prompt,
                    **form.cleaned_data,
                )
                messages.success(request, _("Prompt saved."))
            else:
                invalid(request, form)
    except services.MentorshipError as error:
        messages.error(request, error.message)
    return redirect(reverse("mentorships:coordinator_prompts", args=[programme.slug]))


@login_required
@no_store
def coordinator_health_settings(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_for_coordinator(request.user, slug)
    stored = ProgrammeHealthSettings.objects.filter(programme=programme).first()
    initial: dict[str, object] = {
        "checkin_interval_days": stored.checkin_interval_days
        if stored
        else DEFAULT_CHECKIN_INTERVAL,
        "contact_amber_days": stored.contact_amber_days if stored else DEFAULT_CONTACT_AMBER,
        "contact_red_days": stored.contact_red_days if stored else DEFAULT_CONTACT_RED,
    }
    weights = {**DEFAULT_WEIGHTS, **(stored.weights if stored else {})}
    initial.update({f"weight_{name}": value for name, value in weights.items()})
    form = HealthSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.health_settings_update(
                programme=programme,
                by=signed_in_user(request),
                weights=form.weights(),
                checkin_interval_days=data["checkin_interval_days"],
                contact_amber_days=data["contact_amber_days"],
                contact_red_days=data["contact_red_days"],
            )
        except services.MentorshipError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Health settings saved."))
            return redirect("mentorships:coordinator_list", slug=programme.slug)
    return render(
        request,
        "mentorships/coordinator_health.html",
        {
            "programme": programme,
            "form": form,
            "factors": FACTOR_LABELS,
            "coordinator_section": "health",
        },
        status=400 if form.errors else 200,
    )
