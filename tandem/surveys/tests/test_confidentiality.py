"""Words a respondent did not share never reach the coordinator, the operator, the partner or
the logs: not on a page, in the results file or through the API."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.urls import reverse

from tandem.conftest import Personas
from tandem.mentorships import services as pairs
from tandem.mentorships.models import Mentorship
from tandem.mentorships.tests.conftest import make_active
from tandem.programmes.models import Enrolment
from tandem.surveys import services
from tandem.surveys.models import Delivery, Question, Survey

from .conftest import QUESTIONS, enrol

MARKER = "ZQX-SURVEY-MARKER-4417"
SHARED = "shared-words-2291"

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(personas: Personas, django_capture_on_commit_callbacks: Any) -> Mentorship:
    """alice and bob's pair closes; a closure survey asks them; four more mentees answer the
    same survey once, so that every total is shown. Only one of them shares."""
    pair = make_active(
        pairs.mentorship_create(
            programme=personas.programme, mentee=personas.alice, mentor=personas.bob
        )
    )
    survey = services.survey_create(
        programme=personas.programme, title="Closing", trigger=Survey.Trigger.CLOSURE
    )
    for kind, text, choices in QUESTIONS:
        services.question_add(survey=survey, kind=kind, text=text, choices=choices)
    services.survey_activate(survey=survey)
    with django_capture_on_commit_callbacks(execute=True):
        pairs.mentorship_exit_early(mentorship=pair, by=personas.alice)
    others = enrol(personas.programme, Enrolment.Role.MENTEE, 4)
    for person in others:
        Delivery.objects.create(
            survey=survey, person=person, occasion="extra", sent_at=pair.closed_at
        )
    questions = {q.kind: q for q in survey.questions.all()}
    for delivery in Delivery.objects.filter(survey=survey).order_by("pk"):
        shared = delivery.person == others[0]
        text = SHARED if shared else f"{MARKER} from {delivery.person.name}"
        services.delivery_answer(
            delivery=delivery,
            by=delivery.person,
            answers={
                questions[Question.Kind.RATING].pk: 3,
                questions[Question.Kind.NPS].pk: 8,
                questions[Question.Kind.SINGLE].pk: "Weekly",
                questions[Question.Kind.MULTIPLE].pk: ["Career"],
                questions[Question.Kind.TEXT].pk: text,
            },
            shared_with_coordinator=shared,
        )
    return pair


def _body(response: Any) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


@pytest.mark.parametrize("who", ["carol", "superuser"])
def test_unshared_answers_reach_no_coordinator_page_file_or_api(
    personas: Personas, answered: Mentorship, who: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    survey = Survey.objects.get(title="Closing")
    slug = personas.programme.slug
    client = personas.client_for(who)
    pages = [
        reverse("surveys:list", args=[slug]),
        reverse("surveys:detail", args=[slug, survey.pk]),
        reverse("surveys:edit", args=[slug, survey.pk]),
        reverse("surveys:results", args=[slug, survey.pk]),
        reverse("surveys:results_csv", args=[slug, survey.pk]),
        reverse("surveys:mine"),
        reverse("mentorships:coordinator_list", args=[slug]),
        reverse("mentorships:coordinator_detail", args=[slug, answered.pk]),
        reverse("reports:programme", args=[slug]),
        reverse("reports:programme_csv", args=[slug]),
        reverse("notifications:list"),
        reverse("home"),
        "/api/mentorships/",
        "/api/notifications/",
        "/api/people/",
        "/api/enrolments/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert MARKER not in _body(response), url
    results = _body(client.get(reverse("surveys:results", args=[slug, survey.pk])))
    assert SHARED in results  # the one respondent who shared is read, so the check can see
    assert "<svg" in results  # five answered: the totals are drawn
    for record in caplog.records:
        assert MARKER not in record.getMessage()


def test_the_partner_sees_only_their_own_answers(personas: Personas, answered: Mentorship) -> None:
    bob = personas.client_for("bob")
    alices = Delivery.objects.get(person=personas.alice)
    assert bob.get(reverse("surveys:respond", args=[alices.token])).status_code == 404
    for url in (reverse("home"), reverse("mentorships:overview", args=[answered.pk])):
        assert f"{MARKER} from {personas.alice.name}" not in bob.get(url).content.decode()
