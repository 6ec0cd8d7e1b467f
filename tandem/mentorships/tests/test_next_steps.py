"""Next steps of a pair's members: the table for every state and role, and the home page."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.conftest import Personas
from tandem.mentorships import services
from tandem.mentorships.models import Mentorship
from tandem.mentorships.next_steps import FACTS, MEMBER_STEPS, ROLES, member_step
from tandem.mentorships.tests.factories import CharterFactory, CheckInFactory, MentorshipFactory

State = Mentorship.State

# What each member is asked to do, written out independently of the table under test:
# (state, facts that hold) → the step's title, or None.
EXPECTED: list[tuple[str, set[str], str | None]] = [
    (State.PROPOSED, set(), "Get to know Sam"),
    (State.PROPOSED, {"signed", "check_in_due"}, "Get to know Sam"),
    (State.AGREEING, set(), "Agree your charter with Sam"),
    (State.AGREEING, {"signed"}, "Wait for Sam to sign the charter"),
    (State.ACTIVE, set(), "Your mentorship with Sam"),
    (State.ACTIVE, {"check_in_due"}, "Check in on your mentorship with Sam"),
    (State.PAUSED, set(), "Your mentorship with Sam is paused"),
    (State.PAUSED, {"check_in_due"}, "Your mentorship with Sam is paused"),
    (State.CLOSING, set(), "Write your closure reflection"),
    (State.CLOSING, {"check_in_due"}, "Write your closure reflection"),
    (State.CLOSING, {"reflected"}, "Wait for Sam's closure reflection"),
    (State.CLOSED, set(), None),
    (State.CLOSED, set(FACTS), None),
]


def test_the_table_covers_every_state_and_role():
    assert set(MEMBER_STEPS) == {(state, role) for state in State for role in ROLES}
    assert {state for state, _, _ in EXPECTED} == set(State)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("state", "holding", "title"), EXPECTED)
def test_each_state_and_role_gets_its_step(state, holding, title, role):
    mentorship = Mentorship(pk=7, state=state)
    facts = {fact: fact in holding for fact in FACTS}

    step = member_step(mentorship, role, facts, "Sam")

    assert (step.title if step else None) == title


def step_titles(client) -> list[str]:
    return [step.title for step in client.get(reverse("home")).context["steps"]]


@pytest.fixture
def personas(personas: Personas) -> Personas:
    # Leave the pair's own steps alone on the home page.
    for person in (personas.alice, personas.bob):
        person.profile_completed_at = timezone.now()
        person.save()
    return personas


@pytest.mark.django_db
def test_the_closure_reflection_step_goes_once_it_is_written(personas: Personas):
    mentorship = MentorshipFactory(
        programme=personas.programme,
        mentee=personas.alice,
        mentor=personas.bob,
        state=State.CLOSING,
    )
    client = personas.client_for("alice")
    closure = reverse("mentorships:closure", args=[mentorship.pk])
    before = client.get(reverse("home")).context["steps"]

    services.closure_submit(
        mentorship=mentorship,
        by=personas.alice,
        went_well="Steady meetings.",
        learnt="Delegating.",
        goals_achieved="most",
        confidence_before=2,
        confidence_after=4,
        would_recommend=9,
    )
    after = client.get(reverse("home")).context["steps"]

    assert [(s.title, s.url) for s in before if s.url == closure] == [
        ("Write your closure reflection", closure)
    ]
    assert [s.action for s in after if s.url == closure] == ["Open the closure"]
    assert "Write your closure reflection" not in [s.title for s in after]


@pytest.mark.django_db
def test_a_paused_pair_is_not_asked_to_check_in(personas: Personas, time_machine):
    time_machine.move_to(datetime.datetime(2026, 5, 4, 12, tzinfo=datetime.UTC))
    mentorship = MentorshipFactory(
        programme=personas.programme,
        mentee=personas.alice,
        mentor=personas.bob,
        state=State.PAUSED,
        started_at=timezone.now() - datetime.timedelta(days=200),
    )
    CheckInFactory(mentorship=mentorship, author=personas.alice)
    CheckInFactory._meta.model.objects.update(
        created_at=timezone.now() - datetime.timedelta(days=120)
    )
    client = personas.client_for("alice")

    overview = client.get(reverse("mentorships:overview", args=[mentorship.pk]))
    titles = step_titles(client)

    assert overview.status_code == 200
    assert "time for a check-in" not in overview.content.decode()
    assert titles == ["Your mentorship with Bob Mentor is paused"]


@pytest.mark.django_db
def test_an_active_pair_is_asked_to_check_in_when_it_is_due(personas: Personas, time_machine):
    time_machine.move_to(datetime.datetime(2026, 5, 4, 12, tzinfo=datetime.UTC))
    mentorship = MentorshipFactory(
        programme=personas.programme,
        mentee=personas.alice,
        mentor=personas.bob,
        state=State.ACTIVE,
        started_at=timezone.now() - datetime.timedelta(days=200),
    )
    client = personas.client_for("alice")

    overview = client.get(reverse("mentorships:overview", args=[mentorship.pk]))

    assert "time for a check-in" in overview.content.decode()
    assert step_titles(client) == ["Check in on your mentorship with Bob Mentor"]


@pytest.mark.django_db
def test_each_member_is_asked_to_sign_the_latest_charter_until_they_have(personas: Personas):
    mentorship = MentorshipFactory(
        programme=personas.programme,
        mentee=personas.alice,
        mentor=personas.bob,
        state=State.AGREEING,
    )
    # An older version Alice signed does not count: only the latest one does.
    CharterFactory(mentorship=mentorship, number=1, mentee_signed_at=timezone.now())
    latest = CharterFactory(mentorship=mentorship, number=2)
    alice, bob = personas.client_for("alice"), personas.client_for("bob")
    asked = "Agree your charter with {}"
    assert step_titles(alice) == [asked.format("Bob Mentor")]
    assert step_titles(bob) == [asked.format("Alice Mentee")]

    services.charter_sign(mentorship=mentorship, by=personas.alice, version=latest)

    assert step_titles(alice) == ["Wait for Bob Mentor to sign the charter"]
    assert step_titles(bob) == [asked.format("Alice Mentee")]
