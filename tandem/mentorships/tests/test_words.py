"""Words and numbers a person reads on the pair pages."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from tandem.conftest import Personas
from tandem.mentorships import services
from tandem.mentorships.models import Mentorship

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _clock(time_machine) -> None:
    time_machine.move_to(NOW, tick=False)


def test_plan_menus_name_goals_needs_and_opportunities_by_what_was_written(
    personas: Personas, active: Mentorship
) -> None:
    goal = services.goal_create(
        mentorship=active, by=personas.alice, title="Lead the budget round", success_criterion="x"
    )
    need = services.learning_need_add(
        mentorship=active, by=personas.alice, description="Reading a balance sheet", goal=goal
    )
    services.opportunity_add(
        mentorship=active, by=personas.bob, title="Finance for managers", kind="course", need=need
    )
    page = personas.client_for("alice").get(reverse("mentorships:plan", args=[active.pk]))
    options = re.findall(r"<option value=\"\d+\"[^>]*>([^<]+)</option>", page.content.decode())
    assert "Lead the budget round" in options
    assert "Reading a balance sheet" in options
    assert "Finance for managers" in options
    assert not [o for o in options if re.search(r"of mentorship \d", o)]


def test_the_health_panel_shows_no_raw_score(personas: Personas, active: Mentorship) -> None:
    page = personas.client_for("alice").get(reverse("mentorships:overview", args=[active.pk]))
    assert not re.search(r"score \d", page.content.decode())
