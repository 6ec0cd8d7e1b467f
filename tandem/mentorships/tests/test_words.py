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


def test_a_prompt_can_be_picked_for_the_journal_or_the_next_agenda(
    personas: Personas, active: Mentorship
) -> None:
    from tandem.mentorships.models import AgendaItem
    from tandem.mentorships.selectors import prompt_library

    prompt = prompt_library(active.programme).first()
    assert prompt is not None
    (meeting,) = services.meeting_schedule(
        mentorship=active, by=personas.alice, starts_at=NOW + datetime.timedelta(days=5)
    )
    alice = personas.client_for("alice")
    page = alice.get(reverse("mentorships:prompts", args=[active.pk])).content.decode()
    journal_link = f"{reverse('mentorships:journal', args=[active.pk])}?prompt={prompt.pk}"
    assert journal_link in page
    agenda_url = reverse("mentorships:agenda_add", args=[active.pk, meeting.pk])
    assert f'action="{agenda_url}"' in page

    journal = alice.get(journal_link)
    assert journal.context["form"]["body"].value().startswith(prompt.text)

    alice.post(agenda_url, {"text": prompt.text})
    assert AgendaItem.objects.get(meeting=meeting).text == prompt.text
