"""A survey still unanswered its reminder days after it was sent is recalled once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from tandem.conftest import Personas
from tandem.notifications.models import Notification
from tandem.people.models import Person
from tandem.programmes.models import Enrolment, Programme
from tandem.surveys import services
from tandem.surveys.jobs import survey_reminders
from tandem.surveys.models import Delivery, Question, Survey

from .conftest import build_survey, enrol

pytestmark = pytest.mark.django_db


def reminders(person: Person | None = None) -> int:
    notices = Notification.objects.filter(kind="survey.reminder")
    if person is not None:
        notices = notices.filter(recipient=person.user)
    return notices.count()


def sent_once(programme: Programme, **fields: Any) -> tuple[Survey, list[Person]]:
    people = enrol(programme, Enrolment.Role.MENTEE, 2)
    survey = build_survey(programme, kinds=(Question.Kind.RATING,), **fields)
    services.survey_activate(survey=survey)
    services.survey_send_once(survey=survey)
    return survey, people


def test_one_reminder_at_the_threshold_and_never_before_or_twice(
    programme: Programme, clock: Callable[..., Any]
) -> None:
    survey, (first, second) = sent_once(programme)
    assert survey.remind_after_days == 7

    clock(days=6, hours=23)
    survey_reminders()
    assert reminders() == 0

    clock(days=7)
    survey_reminders()
    assert reminders(first) == 1
    assert reminders(second) == 1
    notice = Notification.objects.get(kind="survey.reminder", recipient=first.user)
    delivery = Delivery.objects.get(survey=survey, person=first)
    assert notice.url == reverse("surveys:respond", args=[delivery.token])
    assert notice.dedupe_key == f"survey.reminder:{delivery.pk}"
    assert "How is it going?" in notice.title

    for day in (8, 30):
        clock(days=day)
        survey_reminders()
    assert reminders() == 2
    # A second scheduler that read the list before the claim still reminds no one twice.
    assert services.survey_reminders_send() == 0


def test_no_reminder_once_answered(programme: Programme, clock: Callable[..., Any]) -> None:
    survey, (answered, waiting) = sent_once(programme, remind_after_days=3)
    delivery = Delivery.objects.get(survey=survey, person=answered)
    question = survey.questions.get()
    clock(days=1)
    services.delivery_answer(
        delivery=delivery, by=answered, answers={question.pk: 4}, shared_with_coordinator=False
    )

    clock(days=3)
    survey_reminders()

    assert reminders(answered) == 0
    assert reminders(waiting) == 1


def test_no_reminder_for_a_closed_survey(programme: Programme, clock: Callable[..., Any]) -> None:
    survey, _ = sent_once(programme)
    services.survey_close(survey=survey)

    clock(days=10)
    survey_reminders()

    assert reminders() == 0


def test_no_reminder_when_the_survey_asks_for_none(
    programme: Programme, clock: Callable[..., Any]
) -> None:
    sent_once(programme, remind_after_days=0)

    clock(days=60)
    survey_reminders()

    assert reminders() == 0
    assert not Delivery.objects.filter(reminded_at__isnull=False).exists()


def test_each_delivery_counts_its_own_days(programme: Programme, clock: Callable[..., Any]) -> None:
    survey, _ = sent_once(programme, remind_after_days=5)
    clock(days=3)
    # Approved later, so sent the survey three days after the others.
    (late,) = enrol(programme, Enrolment.Role.MENTEE)
    services.survey_send_once(survey=survey)

    clock(days=5)
    survey_reminders()
    assert reminders(late) == 0
    assert reminders() == 2

    clock(days=8)
    survey_reminders()
    assert reminders(late) == 1


def test_the_reminder_days_are_refused_out_of_range(programme: Programme) -> None:
    with pytest.raises(services.SurveyError) as info:
        services.survey_create(programme=programme, title="T", remind_after_days=91)
    assert info.value.field == "remind_after_days"


def test_the_reminder_can_change_after_sending_from_the_edit_page(personas: Personas) -> None:
    survey = services.survey_create(programme=personas.programme, title="Pulse")
    services.question_add(survey=survey, kind=Question.Kind.RATING, text="Good?")
    services.survey_activate(survey=survey)
    client = personas.client_for("carol")
    url = reverse("surveys:edit", args=[personas.programme.slug, survey.pk])

    assert 'name="remind_after_days"' in client.get(url).content.decode()
    response = client.post(
        url, {"title": "Pulse", "audience": "everyone", "trigger": "once", "remind_after_days": 0}
    )

    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.remind_after_days == 0
