"""Coordinator pages: start a match run, watch it, review and adjust it, publish it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from tandem.core import audit
from tandem.core.forms import add_service_error
from tandem.csvsafe import csv_lines, fixed
from tandem.matching import access, selectors, services
from tandem.matching.forms import (
    WEIGHT_FIELDS,
    AssignForm,
    MatchingSettingsForm,
    MatchRunForm,
    MentorPickerForm,
    PairRuleForm,
    ProposalFilterForm,
    SwapForm,
    weights_text,
)
from tandem.matching.models import MatchRun, PairRule
from tandem.matching.reasons import (
    Reader,
    Vocabulary,
    fit_label,
    pair_reasons_for,
    unmatched_reason_for,
    vocabulary_for,
)
from tandem.matching.services import MatchingError
from tandem.matching.wording import duration_text
from tandem.people.access import signed_in_user
from tandem.people.models import Person
from tandem.programmes.access import programme_for_coordinator
from tandem.programmes.models import Enrolment, Programme

from .common import PAGE_SIZE, flash_form_errors


def _participants(programme: Programme, role: str) -> Any:
    return Person.objects.filter(
        enrolments__programme=programme,
        enrolments__role=role,
        enrolments__status=Enrolment.Status.APPROVED,
    ).order_by("name", "pk")


def _rule_form(programme: Programme, data: Any = None) -> PairRuleForm:
    if programme.is_peer:
        peers = _participants(programme, Enrolment.Role.PEER)
        return PairRuleForm(data, mentees=peers, mentors=peers, labels=programme.labels)
    return PairRuleForm(
        data,
        mentees=_participants(programme, Enrolment.Role.MENTEE),
        mentors=_participants(programme, Enrolment.Role.MENTOR),
        labels=programme.labels,
    )


def _in_words(runs: Iterable[Any], programme: Programme) -> None:
    """Each run's mode, weights and time as the coordinator reads them; the exact figures stay
    in the API."""
    # A peer run has one mode of its own, which the run's stored mode does not name.
    peer_mode = _("Peers from one pool (largest total mutual fit, then the most pairs)")
    for run in runs:
        run.mode_text = peer_mode if programme.is_peer else run.get_mode_display()
        run.weights_text = weights_text(run.weights, programme)
        seconds = (run.metrics or {}).get("seconds")
        run.time_text = duration_text(seconds) if seconds is not None else ""


@login_required
def run_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_for_coordinator(request.user, slug)
    page = Paginator(selectors.runs_for_programme(programme), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    _in_words(page.object_list, programme)
    return render(request, "matching/run_list.html", {"programme": programme, "page": page})


@login_required
def run_create(request: HttpRequest, slug: str) -> HttpResponse:
    user = signed_in_user(request)
    programme = programme_for_coordinator(user, slug)
    defaults = selectors.matching_settings(programme).weights
    initial = {"mode": MatchRun.Mode.OPTIMAL, **{f"weight_{k}": v for k, v in defaults.items()}}
    form = MatchRunForm(request.POST or None, initial=initial, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.match_run_start(
                programme=programme,
                created_by=user,
                mode=form.cleaned_data["mode"],
                weights=form.weights(),
            )
        except MatchingError as exc:
            add_service_error(form, exc)
        else:
            return redirect("matching:run_detail", programme.slug, run.pk)
    return render(
        request,
        "matching/run_create.html",
        {
            "programme": programme,
            "form": form,
            "rule_form": _rule_form(programme),
            "rules": selectors.pair_rules_for_programme(programme),
            # As the programme's form shows it ("0.5", not the stored "0.500").
            "min_score": number_format(Decimal(programme.min_score).normalize()),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def rule_create(request: HttpRequest, slug: str) -> HttpResponse:
    user = signed_in_user(request)
    programme = programme_for_coordinator(user, slug)
    form = _rule_form(programme, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rule = services.pair_rule_create(
                programme=programme,
                mentee=form.cleaned_data["mentee"],
                mentor=form.cleaned_data["mentor"],
                kind=form.cleaned_data["kind"],
                created_by=user,
            )
        except MatchingError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Saved: %(rule)s.") % {"rule": _rule_text(rule)})
            return redirect(
                _safe_next(request) or reverse("matching:run_create", args=[programme.slug])
            )
    return render(
        request,
        "matching/rule_form.html",
        {"programme": programme, "rule_form": form},
        status=400 if request.method == "POST" else 200,
    )


def _rule_text(rule: PairRule) -> str:
    return _("%(kind)s: %(mentee)s with %(mentor)s") % {
        "kind": rule.get_kind_display(),
        "mentee": rule.mentee.name,
        "mentor": rule.mentor.name,
    }


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next_run", "")
    return target if target.startswith("/matching/") else ""


@login_required
@require_POST
def rule_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    rule = access.rule_for_coordinator(request.user, slug, pk)
    services.pair_rule_delete(rule=rule)
    messages.success(request, _("Removed: %(rule)s.") % {"rule": _rule_text(rule)})
    return redirect("matching:run_create", slug)


@login_required
def settings_edit(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_for_coordinator(request.user, slug)
    current = selectors.matching_settings(programme)
    form = MatchingSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.matching_settings_update(
                programme=programme,
                request_expiry_days=data["request_expiry_days"],
                max_pending_requests=data["max_pending_requests"],
                **{key: data.get(f"weight_{key}") or 0.0 for key in WEIGHT_FIELDS},
            )
        except MatchingError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Matching settings saved."))
            return redirect("matching:settings", programme.slug)
    return render(
        request,
        "matching/settings.html",
        {"programme": programme, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _coordinator_reasons(rows: Any, vocabulary: Vocabulary, *, peer: bool = False) -> None:
    """Each pair's reasons in the coordinator's words, and its fit as a label.

    A peer pair has reasons both ways: what the second offers for the first's goals (`why`),
    and what the first offers for the second's (`why_partner`).
    """
    for p in rows:
        reader = Reader("coordinator", p.mentee.name, p.mentor.name)
        p.why = pair_reasons_for(p.reasons, reader, vocabulary)
        if peer:
            back = Reader("coordinator", p.mentor.name, p.mentee.name)
            p.why_partner = pair_reasons_for(p.partner_reasons, back, vocabulary)
        p.fit = fit_label(p.score)


@login_required
def run_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    run = access.run_for_coordinator(request.user, slug, pk)
    programme = run.programme
    if not run.is_finished:
        return render(request, "matching/run_progress.html", {"programme": programme, "run": run})
    filters = ProposalFilterForm(request.GET or None)
    chosen = filters.filters()
    proposals = selectors.proposals_for_run(run, **chosen)
    page = Paginator(proposals, PAGE_SIZE).get_page(request.GET.get("page"))
    _coordinator_reasons(page.object_list, vocabulary_for(programme), peer=programme.is_peer)
    unmatched = Paginator(selectors.unmatched_for_run(run, **chosen), PAGE_SIZE).get_page(
        request.GET.get("upage")
    )
    labels = programme.labels
    for row in unmatched.object_list:
        row.why = unmatched_reason_for(row.reason, "coordinator", row.mentee.name, labels)  # type: ignore[attr-defined]
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("upage", None)
    _in_words([run], programme)
    return render(
        request,
        "matching/run_detail.html",
        {
            "programme": programme,
            "run": run,
            "filters": filters,
            "page": page,
            "unmatched": unmatched,
            "query": query.urlencode(),
            # One reverse for the page rather than four per pair.
            "pairs_url": reverse("matching:run_detail", args=[slug, pk]) + "pairs/",
            "superseded_by": selectors.published_after(run)
            if run.status == MatchRun.Status.SUPERSEDED
            else None,
        },
    )


@login_required
def run_progress(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    run = access.run_for_coordinator(request.user, slug, pk)
    htmx = getattr(request, "htmx", False)
    # The polling fragment for HTMX; opened as a page of its own, the whole page around it.
    template = "matching/_run_progress.html" if htmx else "matching/run_progress.html"
    response = render(request, template, {"programme": run.programme, "run": run})
    if run.is_finished and htmx:
        response["HX-Redirect"] = reverse("matching:run_detail", args=[slug, pk])
    return response


def export_header(*, peer: bool) -> list[str]:
    """The export's columns, named in the active language (English: the names below)."""
    if peer:
        # A peer run's pairs have no roles: each person, then their partner, and the reasons
        # both ways.
        people = [
            pgettext("CSV column", "peer"),
            pgettext("CSV column", "peer_email"),
            pgettext("CSV column", "peer_department"),
            pgettext("CSV column", "partner"),
            pgettext("CSV column", "partner_email"),
            pgettext("CSV column", "partner_department"),
        ]
    else:
        people = [
            pgettext("CSV column", "mentee"),
            pgettext("CSV column", "mentee_email"),
            pgettext("CSV column", "mentee_department"),
            pgettext("CSV column", "mentor"),
            pgettext("CSV column", "mentor_email"),
            pgettext("CSV column", "mentor_department"),
        ]
    return [
        *people,
        pgettext("CSV column", "score"),
        pgettext("CSV column", "fit"),
        pgettext("CSV column", "pinned"),
        pgettext("CSV column", "origin"),
        pgettext("CSV column", "expectation_mismatch"),
        pgettext("CSV column", "reasons"),
        pgettext("CSV column", "unmatched_reason"),
    ]


def _export_rows(run: MatchRun) -> Iterator[list[Any]]:
    """Plain rows straight from the database, so a run of any size streams at a steady pace."""
    vocabulary = vocabulary_for(run.programme)
    peer = run.programme.is_peer
    yield export_header(peer=peer)
    yes, no = pgettext("CSV value", "yes"), pgettext("CSV value", "no")
    pairs = (
        selectors.proposals_for_run(run)
        .values_list(
            "mentee__name",
            "mentee__email",
            "mentee__department__name",
            "mentor__name",
            "mentor__email",
            "mentor__department__name",
            "score",
            "pinned",
            "origin",
            "alignment",
            "reasons",
            "partner_reasons",
        )
        .iterator(chunk_size=2000)
    )
    for (
        mentee,
        m_email,
        m_dept,
        mentor,
        t_email,
        t_dept,
        score,
        pinned,
        origin,
        align,
        why,
        why_back,
    ) in pairs:
        reader = Reader("coordinator", mentee, mentor)
        reasons = pair_reasons_for(why, reader, vocabulary)
        if peer:
            back = Reader("coordinator", mentor, mentee)
            reasons += [r for r in pair_reasons_for(why_back, back, vocabulary) if r not in reasons]
        yield [
            mentee,
            m_email,
            m_dept or "",
            mentor,
            t_email,
            t_dept or "",
            fixed(score, 4),
            fit_label(score),
            yes if pinned else no,
            origin,
            ", ".join(align.get("flags", [])),
            "; ".join(reasons),
            "",
        ]
    unmatched = (
        selectors.unmatched_for_run(run)
        .values_list("mentee__name", "mentee__email", "mentee__department__name", "reason")
        .iterator(chunk_size=2000)
    )
    for name, email, department, reason in unmatched:
        why_not = unmatched_reason_for(reason, "coordinator", name, vocabulary.labels)
        yield [name, email, department or "", *[""] * 9, why_not]


@login_required
def run_export(request: HttpRequest, slug: str, pk: int) -> StreamingHttpResponse:
    run = access.run_for_coordinator(request.user, slug, pk)
    audit.record("export.match_run_csv", actor=request.user, obj=run, request=request)
    response = StreamingHttpResponse(
        csv_lines(_export_rows(run)), content_type="text/csv; charset=utf-8"
    )
    name = slugify(f"{run.programme.slug}-match-run-{run.pk}")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


PROPOSAL_ACTIONS = ("pin", "unpin", "forbid", "unassign")


@login_required
@require_POST
def proposal_action(
    request: HttpRequest, slug: str, pk: int, proposal: int, action: str
) -> HttpResponse:
    user = signed_in_user(request)
    run = access.run_for_coordinator(user, slug, pk)
    if action not in PROPOSAL_ACTIONS:
        raise Http404("No such action.")
    found = access.proposal_in_run(run, proposal)
    names = {"mentee": found.mentee.name, "mentor": found.mentor.name}
    try:
        if action in ("pin", "unpin"):
            services.proposal_pin(proposal=found, by=user, pinned=action == "pin")
            if action == "pin":
                done = _("Pinned %(mentee)s with %(mentor)s.") % names
            else:
                done = _("Unpinned %(mentee)s with %(mentor)s.") % names
        elif action == "forbid":
            services.proposal_forbid(proposal=found, by=user)
            done = (
                _("Ruled out %(mentee)s with %(mentor)s for good; %(mentee)s is now unmatched.")
                % names
            )
        else:
            services.proposal_unassign(proposal=found, by=user)
            if run.programme.is_peer:
                done = _("Unassigned %(mentee)s from %(mentor)s; both are now unmatched.") % names
            else:
                done = (
                    _("Unassigned %(mentee)s from %(mentor)s; %(mentee)s is now unmatched.") % names
                )
    except MatchingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect(_back(request, slug, pk))


def _back(request: HttpRequest, slug: str, pk: int) -> str:
    base = reverse("matching:run_detail", args=[slug, pk])
    query = request.POST.get("query", "")
    return f"{base}?{query}" if query and "\n" not in query else base


@login_required
@require_POST
def proposal_swap(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    run = access.run_for_coordinator(user, slug, pk)
    form = SwapForm(request.POST, run=run)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect(_back(request, slug, pk))
    first, second = form.cleaned_data["pair"]
    try:
        services.proposal_swap(first=first, second=second, by=user)
    except MatchingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _(
                "Swapped: %(first)s now with %(first_partner)s, %(second)s with "
                "%(second_partner)s. Both pairs are pinned."
            )
            % {
                "first": first.mentee.name,
                "first_partner": first.mentor.name,
                "second": second.mentee.name,
                "second_partner": second.mentor.name,
            },
        )
    return redirect(_back(request, slug, pk))


@login_required
def assign_mentor(request: HttpRequest, slug: str, pk: int, row: int) -> HttpResponse:
    """A paginated, searchable list of mentors with a free place, to pair one unmatched mentee."""
    run = access.run_for_coordinator(request.user, slug, pk)
    unmatched = access.unmatched_in_run(run, row)
    search = MentorPickerForm(request.GET or None, labels=run.programme.labels)
    q = search.cleaned_data.get("q", "") if search.is_valid() else ""
    if run.programme.is_peer:
        partners = selectors.unmatched_partners(run, unmatched, q)
        if not run.is_reviewable:
            partners = partners.none()
        peers = Paginator(partners, PAGE_SIZE).get_page(request.GET.get("page"))
        for other in peers.object_list:
            other.why = unmatched_reason_for(  # type: ignore[attr-defined]
                other.reason, "coordinator", other.mentee.name, run.programme.labels
            )
        return render(
            request,
            "matching/assign_peer.html",
            {
                "programme": run.programme,
                "run": run,
                "row": unmatched,
                "search": search,
                "q": q,
                "page": peers,
            },
        )
    mentors = selectors.mentors_with_free_places(run.programme, run, q)
    if not run.is_reviewable:
        mentors = mentors.none()
    page = Paginator(mentors, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "matching/assign_mentor.html",
        {
            "programme": run.programme,
            "run": run,
            "row": unmatched,
            "search": search,
            "q": q,
            "page": page,
        },
    )


@login_required
@require_POST
def proposal_assign(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    run = access.run_for_coordinator(user, slug, pk)
    form = AssignForm(request.POST, run=run)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect(_back(request, slug, pk))
    unmatched = form.cleaned_data["unmatched"]
    mentor = access.partner_in_programme(run.programme, form.cleaned_data["mentor"])
    try:
        services.proposal_assign(unmatched=unmatched, mentor=mentor, by=user)
    except MatchingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Paired %(mentee)s with %(mentor)s; pinned.")
            % {"mentee": unmatched.mentee.name, "mentor": mentor.name},
        )
        if mentor.not_taking_mentees_note:
            messages.warning(
                request,
                _("%(name)s said “%(note)s”; you paired them anyway.")
                % {"name": mentor.name, "note": mentor.not_taking_mentees_note},
            )
    return redirect(_back(request, slug, pk))


@login_required
@require_POST
def run_rerun(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    run = access.run_for_coordinator(user, slug, pk)
    new = services.match_run_rerun(run=run, created_by=user)
    return redirect("matching:run_detail", slug, new.pk)


@login_required
def run_publish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Ask before publishing: how many mentorships it creates and how many people it tells."""
    user = signed_in_user(request)
    run = access.run_for_coordinator(user, slug, pk)
    if request.method == "POST":
        try:
            services.match_run_publish(run=run, published_by=user)
        except MatchingError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _(
                    "Publishing has started: the mentorships are created in one go, then "
                    "everyone is notified. You can follow it here."
                ),
            )
        return redirect("matching:run_detail", slug, pk)
    return render(
        request,
        "matching/run_publish.html",
        {
            "programme": run.programme,
            "run": run,
            "counts": selectors.publish_counts(run),
            "problem": services.publish_refusal(run),
        },
    )
