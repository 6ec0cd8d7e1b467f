"""Permission rows for the survey pages (see tandem/core/testing/permissions.py).

carol's programme has a sent survey with a question, and alice was sent it; a draft survey
stands beside it for the pages that change questions. Only carol and the operator reach the
coordinator's pages; only alice opens her delivery.
"""

from __future__ import annotations

from typing import Any

from tandem.core.testing.permissions import NOT_FOUND, OK, REDIRECT, Case, signed_in
from tandem.surveys import services
from tandem.surveys.models import Delivery, Question, Survey

COORDINATOR_PAGE = signed_in(NOT_FOUND, carol=OK, superuser=OK)
COORDINATOR_POST = signed_in(NOT_FOUND, carol=REDIRECT, superuser=REDIRECT)
EVERYONE_SIGNED_IN = signed_in(OK, superuser=OK)


def prepare(p: Any) -> None:
    sent = services.survey_create(programme=p.programme, title="Sent")
    services.question_add(survey=sent, kind=Question.Kind.RATING, text="How useful?")
    services.survey_activate(survey=sent)
    services.survey_send_once(survey=sent)
    draft = services.survey_create(programme=p.programme, title="Draft")
    services.question_add(survey=draft, kind=Question.Kind.TEXT, text="Anything else?")


def _sent(p: Any) -> Survey:
    return Survey.objects.get(programme=p.programme, title="Sent")


def _draft(p: Any) -> Survey:
    return Survey.objects.get(programme=p.programme, title="Draft")


def slug(p: Any) -> dict[str, Any]:
    return {"slug": p.programme.slug}


def sent(p: Any) -> dict[str, Any]:
    return {"slug": p.programme.slug, "pk": _sent(p).pk}


def draft(p: Any) -> dict[str, Any]:
    return {"slug": p.programme.slug, "pk": _draft(p).pk}


def draft_question(p: Any) -> dict[str, Any]:
    survey = _draft(p)
    return {"slug": p.programme.slug, "pk": survey.pk, "question_pk": survey.questions.get().pk}


def alices(p: Any) -> dict[str, Any]:
    return {"token": Delivery.objects.get(survey=_sent(p), person=p.alice).token}


QUESTION = {"kind": "single", "text": "Which?", "choices": "One\nTwo", "required": "on"}
SURVEY = {"title": "Draft", "intro": "", "audience": "everyone", "trigger": "once"}

CASES = [
    Case("surveys:mine", EVERYONE_SIGNED_IN),
    Case("surveys:respond", signed_in(NOT_FOUND, alice=OK, superuser=NOT_FOUND), kwargs=alices),
    Case(
        "surveys:respond",
        signed_in(NOT_FOUND, alice=REDIRECT, superuser=NOT_FOUND),
        method="post",
        kwargs=alices,
        data=lambda p: {f"q{_sent(p).questions.get().pk}": "4"},
    ),
    Case("surveys:list", COORDINATOR_PAGE, kwargs=slug),
    Case("surveys:create", COORDINATOR_PAGE, kwargs=slug),
    Case(
        "surveys:create",
        COORDINATOR_POST,
        method="post",
        kwargs=slug,
        data=lambda p: {**SURVEY, "title": "New"},
    ),
    Case("surveys:detail", COORDINATOR_PAGE, kwargs=sent),
    Case("surveys:edit", COORDINATOR_PAGE, kwargs=draft),
    Case("surveys:edit", COORDINATOR_POST, method="post", kwargs=draft, data=lambda p: SURVEY),
    Case("surveys:send", COORDINATOR_POST, method="post", kwargs=draft),
    Case("surveys:close", COORDINATOR_POST, method="post", kwargs=sent),
    Case("surveys:results", COORDINATOR_PAGE, kwargs=sent),
    Case("surveys:results_csv", COORDINATOR_PAGE, kwargs=sent),
    Case("surveys:question_add", COORDINATOR_PAGE, kwargs=draft),
    Case(
        "surveys:question_add",
        COORDINATOR_POST,
        method="post",
        kwargs=draft,
        data=lambda p: QUESTION,
    ),
    Case("surveys:question_edit", COORDINATOR_PAGE, kwargs=draft_question),
    Case(
        "surveys:question_edit",
        COORDINATOR_POST,
        method="post",
        kwargs=draft_question,
        data=lambda p: QUESTION,
    ),
    Case("surveys:question_delete", COORDINATOR_POST, method="post", kwargs=draft_question),
]
