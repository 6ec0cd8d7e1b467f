"""Big or odd actions need a safety: reversing a closure is confirmed, and dates still to come
cannot be set in the past."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from tandem.conftest import Personas
from tandem.mentorships import services
from tandem.mentorships.models import ActionItem, Goal, Mentorship

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
PAST = "2019-06-30"


@pytest.fixture(autouse=True)
def _clock(time_machine) -> None:
    time_machine.move_to(NOW, tick=False)


def test_carrying_on_after_a_closure_proposal_asks_first(
    personas: Personas, active: Mentorship
) -> None:
    services.closure_propose(mentorship=active, by=personas.alice)
    bob = personas.client_for("bob")
    closure_page = bob.get(reverse("mentorships:closure", args=[active.pk])).content.decode()
    url = reverse("mentorships:closure_withdraw", args=[active.pk])
    assert f'href="{url}"' in closure_page

    # The old one-click form posted without a confirmation: nothing happens now.
    assert bob.post(url).status_code == 302
    active.refresh_from_db()
    assert active.state == Mentorship.State.CLOSING

    confirm = bob.get(url)
    assert "Carry on instead of closing?" in confirm.content.decode()
    assert bob.post(url, {"confirm": "yes"}).status_code == 302
    active.refresh_from_db()
    assert active.state == Mentorship.State.ACTIVE


def test_a_planned_end_in_the_past_is_a_field_error(
    personas: Personas, proposed: Mentorship
) -> None:
    services.mentorship_start_agreeing(mentorship=proposed, by=personas.alice)
    response = personas.client_for("alice").post(
        reverse("mentorships:charter_edit", args=[proposed.pk]),
        {
            "desired_outcomes": "Lead the team.",
            "confidentiality": "Between us.",
            "cadence": "fortnightly",
            "meeting_format": "in_person",
            "ends_on": PAST,
        },
    )
    assert response.status_code == 400
    assert "The planned end cannot be in the past." in str(
        response.context["form"]["ends_on"].errors
    )


def test_a_goal_target_in_the_past_is_a_field_error(personas: Personas, active: Mentorship) -> None:
    response = personas.client_for("alice").post(
        reverse("mentorships:goal_create", args=[active.pk]),
        {"title": "Budget", "success_criterion": "Signed off", "target_on": PAST},
    )
    assert response.status_code == 400
    assert "cannot be in the past" in str(response.context["form"]["target_on"].errors)
    assert not Goal.objects.exists()


def test_a_goal_keeps_a_target_that_has_since_passed_when_edited(
    personas: Personas, active: Mentorship
) -> None:
    goal = services.goal_create(
        mentorship=active, by=personas.alice, title="Budget", success_criterion="Signed off"
    )
    Goal.objects.filter(pk=goal.pk).update(target_on=datetime.date(2026, 2, 1))
    goal.refresh_from_db()
    services.goal_update(
        goal=goal,
        by=personas.alice,
        title="Budget round",
        success_criterion="Signed off",
        target_on=datetime.date(2026, 2, 1),
    )
    goal.refresh_from_db()
    assert goal.title == "Budget round"


def test_an_action_due_in_the_past_is_refused(personas: Personas, active: Mentorship) -> None:
    with pytest.raises(services.MentorshipError) as refusal:
        services.action_item_add(
            mentorship=active,
            by=personas.bob,
            owner=personas.alice,
            text="Draft",
            due_on=datetime.date(1999, 1, 1),
        )
    assert refusal.value.field == "due_on"
    services.action_item_add(
        mentorship=active,
        by=personas.bob,
        owner=personas.alice,
        text="Draft",
        due_on=datetime.date(2026, 3, 2),
    )
    assert ActionItem.objects.count() == 1
