import pytest
from django.urls import reverse

from tandem.mentorships import services

pytestmark = pytest.mark.django_db


def step_titles(response) -> list[str]:
    return [step.title for step in response.context["steps"]]


def test_a_newcomer_is_asked_to_complete_the_profile_and_apply(client, personas):
    client.force_login(personas.oscar.user)
    personas.oscar.profile_completed_at = None
    personas.oscar.save()

    titles = step_titles(client.get(reverse("home")))

    assert titles == ["Complete your profile", "Apply to a programme"]


def test_an_approved_mentee_awaits_a_match_until_paired(client, personas):
    personas.alice.profile_completed_at = personas.alice.created_at
    personas.alice.save()
    client.force_login(personas.alice.user)

    before = step_titles(client.get(reverse("home")))
    services.mentorship_create(
        programme=personas.programme, mentee=personas.alice, mentor=personas.bob
    )
    after = step_titles(client.get(reverse("home")))

    assert before == ["Await a match in Leaders of Tomorrow"]
    assert after == ["Get to know Bob Mentor"]


def test_a_coordinator_is_pointed_at_their_programmes(client, personas):
    client.force_login(personas.carol)

    titles = step_titles(client.get(reverse("home")))

    assert "Run your programmes" in titles
