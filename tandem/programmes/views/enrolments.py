from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tandem.core.forms import add_service_error
from tandem.core.key_paging import KeysFirstPaginator
from tandem.people.access import signed_in_user
from tandem.programmes import access, selectors, services
from tandem.programmes.errors import ProgrammeError
from tandem.programmes.forms import (
    ApplicationForm,
    BulkDecisionForm,
    DecisionForm,
    EnrolmentFilterForm,
)
from tandem.programmes.models import Enrolment
from tandem.programmes.questionnaire import QuestionnaireForm
from tandem.programmes.views.common import is_htmx

PAGE_SIZE = 50
DECISION_BY_ACTION = {"approve": Enrolment.Status.APPROVED, "decline": Enrolment.Status.DECLINED}


@login_required
def apply(request: HttpRequest, slug: str) -> HttpResponse:
    user = signed_in_user(request)
    programme = access.programme_visible_to(user, slug)
    enrolment = access.own_enrolment(user, programme)
    if enrolment is not None and enrolment.status != Enrolment.Status.WITHDRAWN:
        messages.info(request, _("You have already applied to this programme."))
        return redirect("programmes:detail", programme.slug)
    if not access.can_apply(user, programme):
        messages.error(request, _("This programme is not taking applications."))
        return redirect("programmes:detail", programme.slug)
    questions = list(selectors.programme_questions(programme))
    role = request.GET.get("role")
    initial = {"role": role} if role in Enrolment.Role.values else {}
    form = ApplicationForm(request.POST or None, initial=initial, programme=programme)
    questionnaire = QuestionnaireForm(questions, request.POST or None)
    if request.method == "POST":
        forms_valid = form.is_valid() & questionnaire.is_valid()  # validate both, show all errors
        if forms_valid:
            try:
                services.enrolment_apply(
                    programme=programme,
                    user=user,
                    role=form.cleaned_data["role"],
                    answers=questionnaire.answers(),
                    goals=form.cleaned_data["goals"],
                    skill_terms=form.skill_terms(),
                    capacity=form.cleaned_data.get("capacity"),
                    offers=form.cleaned_data.get("offers", ""),
                )
            except ProgrammeError as exc:
                _show_application_errors(form, questionnaire, exc)
            else:
                messages.success(
                    request,
                    _("Thank you: your application to %(programme)s is in.")
                    % {"programme": programme.name},
                )
                return redirect("programmes:detail", programme.slug)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "programmes/apply.html",
        {"programme": programme, "form": form, "questionnaire": questionnaire},
        status=status,
    )


def _show_application_errors(
    form: ApplicationForm, questionnaire: QuestionnaireForm, error: ProgrammeError
) -> None:
    add_service_error(form, error)
    add_service_error(questionnaire, error, prefix="answers", field_name=lambda key: f"q_{key}")


@require_POST
@login_required
def withdraw(request: HttpRequest, slug: str) -> HttpResponse:
    user = signed_in_user(request)
    programme = access.programme_visible_to(user, slug)
    enrolment = access.own_enrolment(user, programme)
    if enrolment is None:
        raise Http404("No such application.")
    try:
        services.enrolment_withdraw(enrolment=enrolment)
    except ProgrammeError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("You have withdrawn from %(programme)s.") % {"programme": programme.name}
        )
    return redirect("programmes:detail", programme.slug)


@login_required
def enrolment_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme = access.programme_for_coordinator(signed_in_user(request), slug)
    filters = EnrolmentFilterForm(request.GET or None, programme=programme)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    enrolments = selectors.enrolments_for_programme(
        programme,
        role=criteria.get("role", ""),
        status=criteria.get("status", ""),
        search=criteria.get("q", "").strip(),
    )
    page = KeysFirstPaginator(enrolments, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "programmes/enrolments.html",
        {
            "programme": programme,
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "counts": selectors.programme_counts(programme),
            "note_form": DecisionForm(),
        },
    )


@login_required
def enrolment_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    programme = access.programme_for_coordinator(user, slug)
    enrolment = access.enrolment_for_coordinator(user, programme, pk)
    questions = list(selectors.programme_questions(programme))
    return render(
        request,
        "programmes/enrolment_detail.html",
        {
            "programme": programme,
            "enrolment": enrolment,
            "answers": selectors.answer_rows(questions, enrolment.answers),
            "skills": enrolment.skills_wanted.all(),
            "note_form": DecisionForm(),
        },
    )


@require_POST
@login_required
def enrolment_decide(request: HttpRequest, slug: str, pk: int, action: str) -> HttpResponse:
    user = signed_in_user(request)
    programme = access.programme_for_coordinator(user, slug)
    enrolment = access.enrolment_for_coordinator(user, programme, pk)
    if action not in DECISION_BY_ACTION:
        raise Http404("No such action.")

    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    error = ""
    if form.errors:
        error = " ".join(str(m) for msgs in form.errors.values() for m in msgs)
    else:
        try:
            services.enrolment_decide(
                enrolment=enrolment,
                decision=DECISION_BY_ACTION[action],
                decided_by=user,
                note=note,
            )
        except ProgrammeError as exc:
            error = " ".join(exc.messages)
    if is_htmx(request):
        enrolment = selectors.enrolments_for_programme(programme).get(pk=enrolment.pk)
        return render(
            request,
            "programmes/_enrolment_row.html",
            {"programme": programme, "enrolment": enrolment, "row_error": error},
        )
    if error:
        messages.error(request, error)
    else:
        text = (
            _("%(name)s's application approved.")
            if action == "approve"
            else _("%(name)s's application declined.")
        )
        messages.success(request, text % {"name": enrolment.person.name})
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = _list_url(programme.slug)
    return redirect(next_url)


def _list_url(slug: str) -> str:
    return reverse("programmes:enrolments", args=[slug])


@require_POST
@login_required
def enrolments_bulk(request: HttpRequest, slug: str) -> HttpResponse:
    user = signed_in_user(request)
    programme = access.programme_for_coordinator(user, slug)
    ids = list(programme.enrolments.values_list("pk", flat=True))
    form = BulkDecisionForm(request.POST, enrolment_ids=ids)
    if not form.is_valid():
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            text = " ".join(str(e) for e in errors)
            messages.error(
                request,
                _("%(label)s: %(errors)s") % {"label": label, "errors": text} if label else text,
            )
        return redirect(_list_url(programme.slug))
    changed = services.enrolments_decide(
        programme=programme,
        enrolment_ids=form.cleaned_data["enrolments"],
        decision=form.cleaned_data["decision"],
        decided_by=user,
        note=form.cleaned_data["note"],
    )
    # The English keeps "application(s)" in both forms; other languages get their plurals.
    count = len(changed)
    text = (
        ngettext("%(count)s application(s) approved.", "%(count)s application(s) approved.", count)
        if form.cleaned_data["decision"] == Enrolment.Status.APPROVED
        else ngettext(
            "%(count)s application(s) declined.", "%(count)s application(s) declined.", count
        )
    )
    messages.success(request, text % {"count": count})
    return redirect(_list_url(programme.slug))
