"""Coordinator pages of group runs: start one, watch it, review and adjust it, publish it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tandem.circles import access
from tandem.circles.errors import CircleError
from tandem.circles.forming_forms import GroupRunForm, RenameForm
from tandem.circles.forming_selectors import proposal_of, runs_for_programme
from tandem.circles.models import MIN_MENTEES, GroupRun, Placement, ProposedCircle, UnplacedMentee
from tandem.circles.services import runs as services
from tandem.core.forms import add_service_error
from tandem.matching.reasons import (
    circle_reasons_for,
    fit_label,
    unplaced_reason_for,
    vocabulary_for,
)
from tandem.people.access import signed_in_user
from tandem.programmes.roles import role_labels

PAGE_SIZE = 50


@login_required
def run_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme = access.group_programme_for_coordinator(request.user, slug)
    page = Paginator(runs_for_programme(programme), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "circles/runs/list.html", {"programme": programme, "page": page})


@login_required
def run_create(request: HttpRequest, slug: str) -> HttpResponse:
    user = signed_in_user(request)
    programme = access.group_programme_for_coordinator(user, slug)
    form = GroupRunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.group_run_start(
                programme=programme, created_by=user, circle_count=form.count()
            )
        except CircleError as exc:
            add_service_error(form, exc)
        else:
            return redirect("circles:group_run", programme.slug, run.pk)
    return render(
        request,
        "circles/runs/create.html",
        {
            "programme": programme,
            "form": form,
            "mentors": services.free_mentor_count(programme),
            "settings": services.group_settings(programme),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def run_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    run = access.group_run_for_coordinator(request.user, slug, pk)
    programme = run.programme
    if not run.is_finished:
        return render(request, "circles/runs/progress.html", {"programme": programme, "run": run})
    proposal = proposal_of(run)
    vocabulary = vocabulary_for(programme)
    for rows in proposal.placements.values():
        for p in rows:
            p.why = circle_reasons_for(p.reasons, "coordinator", p.mentee.name, vocabulary)  # type: ignore[attr-defined]
            p.fit_text = fit_label(p.fit) if p.fit is not None else _("Placed by hand")  # type: ignore[attr-defined]
    for c in proposal.circles:
        c.members = proposal.placements.get(c.pk, [])  # type: ignore[attr-defined]
        c.short = 0 < len(c.members) < MIN_MENTEES  # type: ignore[attr-defined]
    labels = role_labels(programme)
    for row in proposal.unplaced:
        row.why = unplaced_reason_for(row.reason, "coordinator", row.mentee.name, labels)  # type: ignore[attr-defined]
    metrics = run.metrics
    bound = float(metrics.get("upper_bound") or 0)
    total = float(metrics.get("total_fit") or 0)
    return render(
        request,
        "circles/runs/detail.html",
        {
            "programme": programme,
            "run": run,
            "proposal": proposal,
            "share_of_bound": round(100 * total / bound) if bound > 0 else None,
            "min_mentees": MIN_MENTEES,
            "base_url": reverse("circles:group_run", args=[slug, pk]),
        },
    )


@login_required
def run_progress(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    run = access.group_run_for_coordinator(request.user, slug, pk)
    if not getattr(request, "htmx", False):
        # The fragment is for the page's polling; a browser opening it gets the whole page.
        return redirect("circles:group_run", slug, pk)
    response = render(
        request, "circles/runs/_progress.html", {"programme": run.programme, "run": run}
    )
    if run.is_finished:
        response["HX-Redirect"] = reverse("circles:group_run", args=[slug, pk])
    return response


def _back(slug: str, pk: int, anchor: str = "") -> str:
    return reverse("circles:group_run", args=[slug, pk]) + (f"#{anchor}" if anchor else "")


def _target(run: GroupRun, request: HttpRequest) -> ProposedCircle | None:
    value = request.POST.get("circle", "")
    if not value.isdigit():
        return None
    return ProposedCircle.objects.filter(run=run, pk=int(value)).first()


@login_required
@require_POST
def placement_move(request: HttpRequest, slug: str, pk: int, placement: int) -> HttpResponse:
    user = signed_in_user(request)
    run = access.group_run_for_coordinator(user, slug, pk)
    found = get_object_or_404(
        Placement.objects.select_related("mentee", "run"), run=run, pk=placement
    )
    target = _target(run, request)
    if target is None:
        messages.error(request, _("Choose the circle to move them to."))
        return redirect(_back(slug, pk))
    try:
        services.placement_move(placement=found, circle=target, by=user)
    except CircleError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Moved %(name)s to %(circle)s.") % {"name": found.mentee.name, "circle": target.name},
        )
    return redirect(_back(slug, pk, f"proposed-{target.pk}"))


@login_required
@require_POST
def placement_remove(request: HttpRequest, slug: str, pk: int, placement: int) -> HttpResponse:
    user = signed_in_user(request)
    run = access.group_run_for_coordinator(user, slug, pk)
    found = get_object_or_404(
        Placement.objects.select_related("mentee", "run"), run=run, pk=placement
    )
    try:
        services.placement_remove(placement=found, by=user)
    except CircleError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Took %(name)s out; they are now unplaced.") % {"name": found.mentee.name},
        )
    return redirect(_back(slug, pk, "unplaced-heading"))


@login_required
@require_POST
def unplaced_place(request: HttpRequest, slug: str, pk: int, row: int) -> HttpResponse:
    user = signed_in_user(request)
    run = access.group_run_for_coordinator(user, slug, pk)
    found = get_object_or_404(
        UnplacedMentee.objects.select_related("mentee", "run"), run=run, pk=row
    )
    target = _target(run, request)
    if target is None:
        messages.error(request, _("Choose the circle to place them in."))
        return redirect(_back(slug, pk, "unplaced-heading"))
    try:
        services.unplaced_place(row=found, circle=target, by=user)
    except CircleError as exc:
        messages.error(request, exc.message)
        return redirect(_back(slug, pk, "unplaced-heading"))
    messages.success(
        request,
        _("Placed %(name)s in %(circle)s.") % {"name": found.mentee.name, "circle": target.name},
    )
    return redirect(_back(slug, pk, f"proposed-{target.pk}"))


@login_required
def circle_rename(request: HttpRequest, slug: str, pk: int, circle: int) -> HttpResponse:
    user = signed_in_user(request)
    run = access.group_run_for_coordinator(user, slug, pk)
    found = get_object_or_404(ProposedCircle.objects.select_related("run"), run=run, pk=circle)
    form = RenameForm(request.POST or None, initial={"name": found.name, "topic": found.topic})
    if request.method == "POST" and form.is_valid():
        try:
            services.proposed_circle_rename(
                circle=found,
                name=form.cleaned_data["name"],
                topic=form.cleaned_data["topic"],
                by=user,
            )
        except CircleError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Saved %(circle)s.") % {"circle": found.name})
            return redirect(_back(slug, pk, f"proposed-{found.pk}"))
    return render(
        request,
        "circles/runs/rename.html",
        {"programme": run.programme, "run": run, "circle": found, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def run_publish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Ask before publishing: how many circles it creates and who is told."""
    user = signed_in_user(request)
    run = access.group_run_for_coordinator(user, slug, pk)
    if request.method == "POST":
        try:
            created = services.group_run_publish(run=run, by=user)
        except CircleError as exc:
            messages.error(request, exc.message)
            return redirect("circles:group_run", slug, pk)
        messages.success(
            request,
            ngettext(
                "Published %(count)s circle: every member has been told where they are and why, "
                "and every unplaced mentee why not.",
                "Published %(count)s circles: every member has been told where they are and why, "
                "and every unplaced mentee why not.",
                len(created),
            )
            % {"count": len(created)},
        )
        return redirect("circles:coordinator_list", slug)
    proposal = proposal_of(run)
    kept = [c for c in proposal.circles if proposal.placements.get(c.pk)]
    return render(
        request,
        "circles/runs/publish.html",
        {
            "programme": run.programme,
            "run": run,
            "circles": len(kept),
            "placed": sum(len(v) for v in proposal.placements.values()),
            "unplaced": len(proposal.unplaced),
            "problem": services.publish_refusal(run),
        },
    )
