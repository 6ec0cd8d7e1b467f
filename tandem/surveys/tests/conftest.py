from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest

from tandem.accounts.models import User
from tandem.accounts.tests.factories import UserFactory
from tandem.core.testing.clock import pinned_clock
from tandem.people.models import Person
from tandem.programmes.models import Enrolment, Programme
from tandem.programmes.tests.factories import EnrolmentFactory, ProgrammeFactory
from tandem.surveys import services
from tandem.surveys.models import Question, Survey

T0 = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
Kind = Question.Kind

# One question of every kind, with an answer each kind takes.
QUESTIONS: list[tuple[str, str, list[str]]] = [
    (Kind.RATING, "How useful were your meetings?", []),
    (Kind.NPS, "Would you recommend the programme to a colleague?", []),
    (Kind.SINGLE, "How often do you meet?", ["Weekly", "Monthly", "Rarely"]),
    (Kind.MULTIPLE, "What did you work on?", ["Career", "Skills", "Confidence"]),
    (Kind.TEXT, "Anything else?", []),
]


@pytest.fixture
def clock(time_machine: Any) -> Callable[..., datetime.datetime]:
    return pinned_clock(time_machine, T0)


@pytest.fixture
def coordinator(db: None) -> User:
    return UserFactory(name="Cora Ordinator")


@pytest.fixture
def programme(coordinator: User) -> Programme:
    return ProgrammeFactory(coordinators=[coordinator])


def enrol(programme: Programme, role: str, count: int = 1) -> list[Person]:
    return [
        EnrolmentFactory(programme=programme, role=role, status=Enrolment.Status.APPROVED).person
        for _ in range(count)
    ]


def build_survey(
    programme: Programme, *, kinds: tuple[str, ...] | None = None, **fields: Any
) -> Survey:
    survey = services.survey_create(programme=programme, title="How is it going?", **fields)
    for kind, text, choices in QUESTIONS:
        if kinds is None or kind in kinds:
            services.question_add(survey=survey, kind=kind, text=text, choices=choices)
    return survey
