"""The coordinator builds, sends and reads a survey; the participant finds and answers it."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tandem.conftest import Personas
from tandem.core.personal_data import erase, personal_data_for
from tandem.core.testing.forms import submit_unchanged
from tandem.surveys import services
from tandem.surveys.models import Delivery, Question, Survey

pytestmark = pytest.mark.django_db


def test_a_coordinator_builds_and_sends_a_survey_and_a_mentee_answers(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    carol = personas.client_for("carol")
    slug = personas.programme.slug

    response = carol.post(
        reverse("surveys:create", args=[slug]),
        {"title": "Mid-point", "intro": "Two minutes.", "audience": "mentees", "trigger": "once"},
    )
    survey = Survey.objects.get(title="Mid-point")
    assert response.url == reverse("surveys:detail", args=[slug, survey.pk])
    response = carol.post(
        reverse("surveys:question_add", args=[slug, survey.pk]),
        {"kind": "single", "text": "Pace?", "choices": "Too slow\nRight\n\nToo fast"},
    )
    assert response.status_code == 302
    assert survey.questions.get().choices == ["Too slow", "Right", "Too fast"]
    refused = carol.post(
        reverse("surveys:question_add", args=[slug, survey.pk]),
        {"kind": "single", "text": "Only one?", "choices": "Alone"},
    )
    assert refused.status_code == 400
    assert "Give between 2 and 12 choices" in refused.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        carol.post(reverse("surveys:send", args=[slug, survey.pk]))
    delivery = Delivery.objects.get(survey=survey)
    assert delivery.person == personas.alice  # mentees only: bob is not asked

    alice = personas.client_for("alice")
    home = alice.get(reverse("home")).content.decode()
    assert "Answer the survey “Mid-point”" in home
    url = reverse("surveys:respond", args=[delivery.token])
    question = survey.questions.get()
    response = alice.post(url, {f"q{question.pk}": "Right", "shared_with_coordinator": "on"})
    assert response.status_code == 302
    assert "Mid-point" not in alice.get(reverse("home")).content.decode()
    assert "You answered this survey" in alice.get(url).content.decode()
    # Someone else's link, even the partner's, is not found.
    assert personas.client_for("bob").get(url).status_code == 404

    results = carol.get(reverse("surveys:results", args=[slug, survey.pk])).content.decode()
    assert "Withheld: fewer than 5 people" in results
    assert "Alice" in results  # she let the coordinator read her answers


def test_a_sent_survey_keeps_its_questions(personas: Personas) -> None:
    survey = services.survey_create(programme=personas.programme, title="Fixed")
    question = services.question_add(survey=survey, kind=Question.Kind.RATING, text="Good?")
    services.survey_activate(survey=survey)
    with pytest.raises(services.SurveyError, match="has been sent"):
        services.question_update(question=question, kind="nps", text="Good?", required=True)
    with pytest.raises(services.SurveyError, match="has been sent"):
        services.survey_update(survey=survey, title="Fixed", audience="mentors", trigger="once")
    services.survey_update(survey=survey, title="Renamed", audience="everyone", trigger="once")


@pytest.mark.parametrize("sent", [False, True])
def test_the_edit_pages_save_unchanged(personas: Personas, sent: bool) -> None:
    survey = services.survey_create(
        programme=personas.programme,
        title="Monthly",
        intro="A line.",
        audience="mentors",
        trigger="after_matching",
        days_after_matching=30,
        repeat_every_days=60,
    )
    question = services.question_add(
        survey=survey, kind="multiple", text="Which?", choices=["A", "B"], required=False
    )
    if sent:
        services.survey_activate(survey=survey)
    client = personas.client_for("carol")
    slug = personas.programme.slug

    response = submit_unchanged(client, reverse("surveys:edit", args=[slug, survey.pk]), "title")
    assert response.status_code == 302
    if not sent:
        url = reverse("surveys:question_edit", args=[slug, survey.pk, question.pk])
        assert submit_unchanged(client, url, "text").status_code == 302
    survey.refresh_from_db()
    question.refresh_from_db()
    assert (survey.days_after_matching, survey.repeat_every_days, survey.audience) == (
        30,
        60,
        "mentors",
    )
    assert (question.choices, question.required) == (["A", "B"], False)


def test_answers_are_in_the_personal_data_and_erased_with_the_person(
    personas: Personas,
) -> None:
    survey = services.survey_create(programme=personas.programme, title="Exit")
    question = services.question_add(survey=survey, kind="text", text="Why?")
    services.survey_activate(survey=survey)
    services.survey_send_once(survey=survey)
    delivery = Delivery.objects.get(survey=survey, person=personas.alice)
    services.delivery_answer(
        delivery=delivery,
        by=personas.alice,
        answers={question.pk: "My own words"},
        shared_with_coordinator=False,
    )

    (row,) = personal_data_for(personas.alice.user)["survey_answers"]
    assert row["survey"] == "Exit"
    assert row["answers"] == [{"question": "Why?", "answer": "My own words"}]
    assert personal_data_for(personas.bob.user)["survey_answers"][0]["answers"] == []

    erase(personas.alice)
    assert not Delivery.objects.filter(person=personas.alice).exists()
