from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.core.forms import add_service_error
from tandem.people.access import signed_in_user
from tandem.programmes import access, selectors, services
from tandem.programmes.errors import ProgrammeError
from tandem.programmes.forms import QuestionForm
from tandem.programmes.models import Programme, Question
from tandem.programmes.views.common import is_htmx


def _editor(
    request: HttpRequest, programme: Programme, form: QuestionForm | None = None, status: int = 200
) -> HttpResponse:
    template = "programmes/_questionnaire.html" if is_htmx(request) else "programmes/questions.html"
    context = {
        "programme": programme,
        "questions": selectors.programme_questions(programme),
        "form": form or QuestionForm(programme=programme, prefix="new"),
    }
    return render(request, template, context, status=status)


@login_required
def question_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme = access.programme_for_coordinator(signed_in_user(request), slug)
    if request.method != "POST":
        return _editor(request, programme)
    form = QuestionForm(request.POST, programme=programme, prefix="new")
    if form.is_valid():
        try:
            question = services.question_create(programme=programme, **form.question_fields())
        except ProgrammeError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Question “%(text)s” added.") % {"text": question.text})
            if is_htmx(request):
                return _editor(request, programme)
            return redirect("programmes:questions", programme.slug)
    # HTMX swaps only successful responses by default; 200 keeps the errors visible.
    return _editor(request, programme, form, status=200 if is_htmx(request) else 400)


@login_required
def question_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme = access.programme_for_coordinator(signed_in_user(request), slug)
    question = get_object_or_404(Question, programme=programme, pk=pk)
    saved_text = question.text
    form = QuestionForm(request.POST or None, instance=question, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_update(question=question, **form.question_fields())
        except ProgrammeError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Question saved."))
            return redirect("programmes:questions", programme.slug)
    return render(
        request,
        "programmes/question_form.html",
        {"programme": programme, "question": question, "form": form, "saved_text": saved_text},
    )


@require_POST
@login_required
def question_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme = access.programme_for_coordinator(signed_in_user(request), slug)
    question = get_object_or_404(Question, programme=programme, pk=pk)
    try:
        services.question_delete(question=question)
    except ProgrammeError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Question “%(text)s” removed.") % {"text": question.text})
    if is_htmx(request):
        return _editor(request, programme)
    return redirect("programmes:questions", programme.slug)


@require_POST
@login_required
def question_move(request: HttpRequest, slug: str, pk: int, direction: str) -> HttpResponse:
    programme = access.programme_for_coordinator(signed_in_user(request), slug)
    question = get_object_or_404(Question, programme=programme, pk=pk)
    if direction not in ("up", "down"):
        raise Http404("No such direction.")
    services.question_move(question=question, offset=-1 if direction == "up" else 1)
    if is_htmx(request):
        return _editor(request, programme)
    return redirect("programmes:questions", programme.slug)
