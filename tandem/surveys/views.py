"""The coordinator's survey pages, and the page where a participant answers."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.core import audit, charts
from tandem.core.forms import add_service_error
from tandem.csvsafe import csv_lines
from tandem.people.access import person_of
from tandem.programmes.access import programme_for_coordinator
from tandem.surveys import access, exports, selectors, services
from tandem.surveys.forms import QuestionForm, ResponseForm, SurveyForm
from tandem.surveys.models import MIN_RESPONDENTS, Survey


def _page(
    request: HttpRequest, template: str, context: dict[str, Any], *, invalid: bool = False
) -> HttpResponse:
    return render(request, f"surveys/{template}", context, status=400 if invalid else 200)


@login_required
def survey_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_for_coordinator(request.user, slug)
    surveys = selectors.surveys_of(programme)
    return _page(request, "list.html", {"programme": programme, "surveys": surveys})


@login_required
def survey_create(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_for_coordinator(request.user, slug)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(programme=programme, **form.cleaned_data)
        except services.SurveyError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Survey created: now add its questions."))
            return redirect("surveys:detail", slug=programme.slug, pk=survey.pk)
    context = {"programme": programme, "form": form}
    return _page(request, "survey_form.html", context, invalid=bool(form.errors))


@login_required
def survey_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    survey = access.survey_for_coordinator(request.user, slug, pk)
    context = {
        "programme": survey.programme,
        "survey": survey,
        "questions": list(survey.questions.all()),
        "form": QuestionForm(),
    }
    return _page(request, "detail.html", context)


@login_required
def survey_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    survey = access.survey_for_coordinator(request.user, slug, pk)
    form = SurveyForm(request.POST or None, instance=survey)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_update(survey=survey, **form.cleaned_data)
        except services.SurveyError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Survey saved."))
            return redirect("surveys:detail", slug=slug, pk=survey.pk)
    # A ModelForm changes its instance while validating: show the stored title above it.
    survey.refresh_from_db()
    context = {"programme": survey.programme, "survey": survey, "form": form}
    return _page(request, "survey_form.html", context, invalid=bool(form.errors))


@login_required
def question_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    survey = access.survey_for_coordinator(request.user, slug, pk)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_add(survey=survey, **form.service_values())
        except services.SurveyError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Question added."))
            return redirect("surveys:detail", slug=slug, pk=survey.pk)
    context = {"programme": survey.programme, "survey": survey, "form": form}
    return _page(request, "question_form.html", context, invalid=bool(form.errors))


@login_required
def question_edit(request: HttpRequest, slug: str, pk: int, question_pk: int) -> HttpResponse:
    question = access.question_for_coordinator(request.user, slug, pk, question_pk)
    survey = question.survey
    form = QuestionForm.for_question(question, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_update(question=question, **form.service_values())
        except services.SurveyError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Question saved."))
            return redirect("surveys:detail", slug=slug, pk=survey.pk)
    context = {
        "programme": survey.programme,
        "survey": survey,
        "question": question,
        "form": form,
    }
    return _page(request, "question_form.html", context, invalid=bool(form.errors))


def _act(request: HttpRequest, survey: Survey, action: Any, done: str) -> HttpResponse:
    try:
        action()
    except services.SurveyError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("surveys:detail", slug=survey.programme.slug, pk=survey.pk)


@login_required
@require_POST
def question_delete(request: HttpRequest, slug: str, pk: int, question_pk: int) -> HttpResponse:
    question = access.question_for_coordinator(request.user, slug, pk, question_pk)
    return _act(
        request,
        question.survey,
        lambda: services.question_delete(question=question),
        _("Question removed."),
    )


@login_required
@require_POST
def survey_send(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    survey = access.survey_for_coordinator(request.user, slug, pk)
    done = (
        _("The survey is on its way to the programme's participants.")
        if survey.trigger == Survey.Trigger.ONCE
        else _("The survey is active: it is sent on each occasion from now on.")
    )
    return _act(request, survey, lambda: services.survey_activate(survey=survey), done)


@login_required
@require_POST
def survey_close(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    survey = access.survey_for_coordinator(request.user, slug, pk)
    return _act(
        request,
        survey,
        lambda: services.survey_close(survey=survey),
        _("The survey is closed: it is no longer sent or answered."),
    )


def _chart(result: selectors.QuestionResult) -> str:
    items = [
        (label, float(count), charts.PALETTE[0 if result.question.scale else 3])
        for label, count in result.counts
    ]
    # The chart escapes every label it draws, the question text included.
    return mark_safe(charts.horizontal_bars(result.question.text, items))


@login_required
def survey_results(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    survey = access.survey_for_coordinator(request.user, slug, pk)
    results = selectors.survey_results(survey)
    rows = [(result, _chart(result) if result.has_chart else "") for result in results.questions]
    context = {
        "programme": survey.programme,
        "survey": survey,
        "results": results,
        "rows": rows,
        "minimum": MIN_RESPONDENTS,
    }
    return _page(request, "results.html", context)


@login_required
def survey_results_csv(request: HttpRequest, slug: str, pk: int) -> StreamingHttpResponse:
    survey = access.survey_for_coordinator(request.user, slug, pk)
    audit.record("export.survey_csv", actor=request.user, obj=survey, request=request)
    results = selectors.survey_results(survey)
    response = StreamingHttpResponse(
        csv_lines(exports.results_rows(results)), content_type="text/csv; charset=utf-8"
    )
    name = f"{survey.programme.slug}-survey-{survey.pk}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def my_surveys(request: HttpRequest) -> HttpResponse:
    person = person_of(request.user)
    deliveries = selectors.open_deliveries_for(person) if person else []
    return _page(request, "mine.html", {"deliveries": deliveries})


@login_required
def respond(request: HttpRequest, token: str) -> HttpResponse:
    delivery = access.delivery_for_respondent(request.user, token)
    survey = delivery.survey
    questions = list(survey.questions.all())
    form = ResponseForm(questions, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.delivery_answer(
                delivery=delivery,
                by=delivery.person,
                answers=form.answers(),
                shared_with_coordinator=form.cleaned_data["shared_with_coordinator"],
            )
        except services.SurveyError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Thank you: your answers are saved."))
            return redirect("surveys:respond", token=token)
    context = {"survey": survey, "delivery": delivery, "form": form}
    return _page(request, "respond.html", context, invalid=bool(form.errors))
