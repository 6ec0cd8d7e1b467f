"""Who may see a survey: its programme's coordinators build it and read its results; only the
person it was sent to may open a delivery. Anything else answers 404."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from tandem.accounts.access import AnyUser
from tandem.people.access import person_of
from tandem.programmes.access import programme_for_coordinator
from tandem.surveys.models import Delivery, Question, Survey


def survey_for_coordinator(user: AnyUser, slug: str, pk: int) -> Survey:
    programme = programme_for_coordinator(user, slug)
    survey: Survey = get_object_or_404(
        Survey.objects.select_related("programme"), pk=pk, programme=programme
    )
    return survey


def question_for_coordinator(user: AnyUser, slug: str, pk: int, question_pk: int) -> Question:
    survey = survey_for_coordinator(user, slug, pk)
    question: Question = get_object_or_404(survey.questions.all(), pk=question_pk)
    question.survey = survey
    return question


def delivery_for_respondent(user: AnyUser, token: str) -> Delivery:
    person = person_of(user)
    if person is None:
        raise Http404
    delivery: Delivery = get_object_or_404(
        Delivery.objects.select_related("survey__programme"), token=token, person=person
    )
    return delivery
