"""Answers to each kind of question, the results they make, and the totals withheld below five."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tandem.accounts.models import User
from tandem.programmes.models import Enrolment, Programme
from tandem.surveys import services
from tandem.surveys.models import MIN_RESPONDENTS, Answer, Delivery, Question, Survey
from tandem.surveys.selectors import survey_results

from .conftest import build_survey, enrol

pytestmark = pytest.mark.django_db
Kind = Question.Kind


def sent_survey(programme: Programme, people: int, **fields: Any) -> Survey:
    enrol(programme, Enrolment.Role.MENTEE, people)
    survey = build_survey(programme, **fields)
    services.survey_activate(survey=survey)
    services.survey_send_once(survey=survey)
    return survey


def answer_all(survey: Survey, values: dict[str, Any], *, count: int, shared: bool = False) -> None:
    questions = {q.kind: q for q in survey.questions.all()}
    deliveries = Delivery.objects.filter(survey=survey, answered_at__isnull=True)[:count]
    for delivery in deliveries:
        services.delivery_answer(
            delivery=delivery,
            by=delivery.person,
            answers={questions[kind].pk: value for kind, value in values.items()},
            shared_with_coordinator=shared,
        )


ANSWERS = {
    Kind.RATING: 4,
    Kind.NPS: 9,
    Kind.SINGLE: "Monthly",
    Kind.MULTIPLE: ["Skills", "Career"],
    Kind.TEXT: "It helped.",
}


@pytest.mark.parametrize(
    ("kind", "good", "stored", "bad"),
    [
        (Kind.RATING, "5", 5, "6"),
        (Kind.NPS, 0, 0, 11),
        (Kind.SINGLE, "Weekly", "Weekly", "Daily"),
        (Kind.MULTIPLE, ["Confidence", "Career"], ["Career", "Confidence"], ["Career", "Golf"]),
        (Kind.TEXT, "  Good  ", "Good", "x" * 5001),
    ],
)
def test_each_kind_of_question_takes_its_answers_and_refuses_others(
    programme: Programme, kind: str, good: Any, stored: Any, bad: Any
) -> None:
    survey = sent_survey(programme, 1, kinds=(kind,))
    (question,) = survey.questions.all()
    delivery = Delivery.objects.get(survey=survey)

    with pytest.raises(services.SurveyError) as info:
        services.delivery_answer(
            delivery=delivery,
            by=delivery.person,
            answers={question.pk: bad},
            shared_with_coordinator=False,
        )
    assert f"q{question.pk}" in info.value.errors
    with pytest.raises(services.SurveyError, match="Please answer"):
        services.delivery_answer(
            delivery=delivery, by=delivery.person, answers={}, shared_with_coordinator=False
        )

    services.delivery_answer(
        delivery=delivery,
        by=delivery.person,
        answers={question.pk: good},
        shared_with_coordinator=False,
    )
    assert Answer.objects.get(delivery=delivery).value == stored
    with pytest.raises(services.SurveyError, match="answered this survey already"):
        services.delivery_answer(
            delivery=delivery,
            by=delivery.person,
            answers={question.pk: good},
            shared_with_coordinator=False,
        )


def test_only_the_person_it_was_sent_to_may_answer(programme: Programme) -> None:
    survey = sent_survey(programme, 2, kinds=(Kind.RATING,))
    first, second = Delivery.objects.filter(survey=survey)
    with pytest.raises(services.SurveyError, match="someone else"):
        services.delivery_answer(
            delivery=first, by=second.person, answers={}, shared_with_coordinator=False
        )


def test_results_total_each_kind_with_five_respondents(programme: Programme) -> None:
    survey = sent_survey(programme, 6)
    answer_all(survey, ANSWERS, count=MIN_RESPONDENTS)

    results = survey_results(survey)
    by_kind = {r.question.kind: r for r in results.questions}
    assert (results.sent, results.answered, results.response_rate) == (6, 5, 83)
    assert not any(r.withheld for r in results.questions)
    assert dict(by_kind[Kind.RATING].counts)["4"] == 5
    assert by_kind[Kind.RATING].mean == 4.0
    assert by_kind[Kind.NPS].nps == 100
    assert dict(by_kind[Kind.SINGLE].counts) == {"Weekly": 0, "Monthly": 5, "Rarely": 0}
    assert dict(by_kind[Kind.MULTIPLE].counts) == {"Career": 5, "Skills": 5, "Confidence": 0}
    assert by_kind[Kind.TEXT].respondents == 5
    assert results.shared == []


def test_totals_over_fewer_than_five_respondents_are_withheld(
    programme: Programme, coordinator: User
) -> None:
    survey = sent_survey(programme, 6)
    answer_all(survey, ANSWERS, count=MIN_RESPONDENTS - 1)

    results = survey_results(survey)
    assert all(r.withheld for r in results.questions)
    client = _client(coordinator)
    page = client.get(reverse("surveys:results", args=[programme.slug, survey.pk]))
    html = page.content.decode()
    assert "Withheld: fewer than 5 people have answered this question" in html
    assert "<svg" not in html
    rows = list(csv.reader(io.StringIO(_csv(client, survey))))
    rating = [row for row in rows if row and row[0] == "How useful were your meetings?"]
    assert rating == [
        [
            "How useful were your meetings?",
            "Rating from 1 to 5",
            "4",
            "withheld: fewer than 5 respondents",
            "",
            "",
        ]
    ]


def test_the_page_draws_a_chart_and_the_file_carries_the_totals(
    programme: Programme, coordinator: User
) -> None:
    survey = sent_survey(programme, 5)
    answer_all(survey, ANSWERS, count=5)
    client = _client(coordinator)

    html = client.get(reverse("surveys:results", args=[programme.slug, survey.pk])).content
    assert html.decode().count('<svg class="chart"') == 4
    rows = list(csv.reader(io.StringIO(_csv(client, survey))))
    assert ["response rate (%)", "100"] in rows
    assert [
        "Would you recommend the programme to a colleague?",
        "From 0 to 10 (would recommend)",
        "5",
        "net promoter score",
        "100",
        "",
    ] in rows
    assert not any("It helped." in cell for row in rows for cell in row)


def test_shared_answers_are_shown_with_the_name_and_pair(
    programme: Programme, coordinator: User
) -> None:
    survey = sent_survey(programme, 2, kinds=(Kind.TEXT,))
    answer_all(survey, {Kind.TEXT: "Shared words"}, count=1, shared=True)
    answer_all(survey, {Kind.TEXT: "Private words"}, count=1)
    html = (
        _client(coordinator)
        .get(reverse("surveys:results", args=[programme.slug, survey.pk]))
        .content.decode()
    )
    assert "Shared words" in html
    assert "Private words" not in html


def test_the_results_page_runs_the_same_queries_however_many_answered(
    programme: Programme, coordinator: User
) -> None:
    client = _client(coordinator)

    def queries_for(size: int) -> int:
        survey = sent_survey(programme, size)
        answer_all(survey, ANSWERS, count=size - 2, shared=True)
        answer_all(survey, ANSWERS, count=2)
        url = reverse("surveys:results", args=[programme.slug, survey.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    assert queries_for(5) == queries_for(25)


def _client(user: User) -> Any:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def _csv(client: Any, survey: Survey) -> str:
    response = client.get(reverse("surveys:results_csv", args=[survey.programme.slug, survey.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()
