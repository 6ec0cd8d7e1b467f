from __future__ import annotations

from typing import Any

import pytest

from tandem.matching.models import MatchRun
from tandem.matching.services import match_run_start
from tandem.matching.tests.factories import mentee, mentor


@pytest.fixture
def cohort(personas: Any) -> Any:
    """The personas' programme with two more mentors and three more mentees."""
    programme = personas.programme
    personas.cara = mentor(
        programme,
        name="Cara Mentor",
        bio="Runs the data science team; machine learning and statistics.",
        skills=("Machine learning",),
        capacity=1,
    )
    personas.dan = mentor(
        programme,
        name="Dan Mentor",
        bio="Sales director; negotiation and key accounts.",
        skills=("Negotiation",),
        capacity=1,
    )
    personas.mia = mentee(programme, name="Mia Mentee", goals="Learn machine learning.")
    personas.ned = mentee(programme, name="Ned Mentee", goals="Negotiate better deals.")
    personas.ola = mentee(programme, name="Ola Mentee", goals="Plan budgets and forecasts.")
    return personas


@pytest.fixture
def finished_run(cohort: Any, django_capture_on_commit_callbacks: Any) -> MatchRun:
    with django_capture_on_commit_callbacks(execute=True):
        run = match_run_start(
            programme=cohort.programme,
            created_by=cohort.carol,
            mode="optimal",
            weights={"goals": 0.65, "expectations": 0.2, "preferences": 0.15},
        )
    run.refresh_from_db()
    return run
