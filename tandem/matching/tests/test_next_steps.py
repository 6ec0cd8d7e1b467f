"""What an approved participant is told until they are paired: the table and the home page."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tandem.circles.models import Circle, CircleMember
from tandem.circles.tests.life import world
from tandem.conftest import Personas
from tandem.matching.models import MentorRequest
from tandem.matching.next_steps import (
    ASKED,
    ASKED_BY,
    MATCH_STEPS,
    MAY_CHOOSE,
    PAIRED,
    WAITING,
    situation,
)
from tandem.mentorships.tests.factories import MentorshipFactory
from tandem.people.models import Person
from tandem.programmes.models import Enrolment, Programme
from tandem.programmes.tests.factories import ProgrammeFactory

MENTEE, MENTOR, PEER = Enrolment.Role.MENTEE, Enrolment.Role.MENTOR, Enrolment.Role.PEER

# (role, facts) → the situation and the step's title, written out independently of the table.
EXPECTED = [
    (MENTEE, {}, WAITING, "Await a match in {programme}"),
    (MENTEE, {"may_choose": True}, MAY_CHOOSE, "Find a mentor in {programme}"),
    (MENTEE, {"may_choose": True, "asked": 1}, ASKED, "Await your mentor's answer in {programme}"),
    (MENTEE, {"asked": 2}, ASKED, "Await your mentor's answer in {programme}"),
    (MENTEE, {"paired": True, "may_choose": True}, PAIRED, None),
    (MENTOR, {}, WAITING, "Await a match in {programme}"),
    (MENTOR, {"asked_by": 1}, ASKED_BY, "Answer {requests} in {programme}"),
    (MENTOR, {"asked_by": 1, "paired": True}, ASKED_BY, "Answer {requests} in {programme}"),
    (MENTOR, {"paired": True, "may_choose": True}, PAIRED, None),
    # Peers are paired by the coordinator's runs only: nobody asks and nobody chooses.
    (PEER, {}, WAITING, "Await a match in {programme}"),
    (PEER, {"paired": True}, PAIRED, None),
]


@pytest.mark.parametrize(("role", "facts", "where", "title"), EXPECTED)
def test_each_situation_and_role_gets_its_step(role, facts, where, title):
    given = {"paired": False, "asked": 0, "asked_by": 0, "may_choose": False, **facts}

    found = situation(role, **given)
    step = MATCH_STEPS[(found, role)]

    assert found == where
    assert (step.title if step else None) == title


def test_every_situation_a_role_can_reach_has_a_rule():
    reachable = {
        (situation(role, paired=p, asked=a, asked_by=b, may_choose=c), role)
        for role in (MENTEE, MENTOR, PEER)
        for p in (False, True)
        for a in (0, 1)
        for b in (0, 1)
        for c in (False, True)
    }

    assert reachable == set(MATCH_STEPS)


@pytest.fixture
def personas(personas: Personas) -> Personas:
    for person in (personas.alice, personas.bob):
        person.profile_completed_at = timezone.now()
        person.save()
    return personas


def home_steps(personas: Personas, who: str) -> list[tuple[str, str]]:
    response = personas.client_for(who).get(reverse("home"))
    return [(step.title, step.url) for step in response.context["steps"]]


def ask(personas: Personas) -> MentorRequest:
    return MentorRequest.objects.create(
        programme=personas.programme,
        mentee=personas.alice,
        mentor=personas.bob,
        hope_to_gain="Confidence with budgets.",
        why_this_mentor="Bob runs the finance team.",
        expires_at=timezone.now() + datetime.timedelta(days=14),
    )


@pytest.mark.django_db
def test_a_mentor_with_a_request_waiting_is_asked_to_answer_it(personas: Personas):
    ask(personas)

    steps = home_steps(personas, "bob")

    assert steps == [
        ("Answer 1 mentee request in Leaders of Tomorrow", reverse("matching:requests"))
    ]


@pytest.mark.django_db
def test_a_mentee_who_may_choose_is_told_to_find_a_mentor(personas: Personas):
    Programme.objects.filter(pk=personas.programme.pk).update(
        matching_mode=Programme.MatchingMode.SELF_SELECT
    )

    steps = home_steps(personas, "alice")

    assert steps == [
        (
            "Find a mentor in Leaders of Tomorrow",
            reverse("matching:find_mentor", args=[personas.programme.slug]),
        )
    ]
    assert personas.client_for("alice").get(steps[0][1]).status_code == 200


@pytest.mark.django_db
def test_a_mentee_who_asked_awaits_the_answer_and_then_the_pair(personas: Personas):
    Programme.objects.filter(pk=personas.programme.pk).update(
        matching_mode=Programme.MatchingMode.SELF_SELECT
    )
    ask(personas)

    asked = home_steps(personas, "alice")
    MentorshipFactory(
        programme=personas.programme,
        mentee=personas.alice,
        mentor=personas.bob,
        state=MentorshipFactory._meta.model.State.PROPOSED,
        started_at=None,
    )
    MentorRequest.objects.update(status=MentorRequest.Status.ACCEPTED)
    paired = [title for title, _ in home_steps(personas, "alice")]

    assert asked == [
        ("Await your mentor's answer in Leaders of Tomorrow", reverse("matching:requests"))
    ]
    assert paired == ["Get to know Bob Mentor"]


@pytest.mark.django_db
def test_an_approved_mentor_without_requests_awaits_a_match(personas: Personas):
    steps = home_steps(personas, "bob")

    assert [title for title, _ in steps] == ["Await a match in Leaders of Tomorrow"]


NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def await_titles(person: Person) -> list[str]:
    client = Client()
    client.force_login(person.user)
    steps = client.get(reverse("home")).context["steps"]
    return [step.title for step in steps if step.title.startswith("Await a match")]


@pytest.mark.django_db
def test_circle_members_await_no_match_and_an_unplaced_mentee_still_does(
    personas: Personas, time_machine
):
    time_machine.move_to(NOW)
    Programme.objects.filter(pk=personas.programme.pk).update(kind=Programme.Kind.GROUP)
    mia = world.person("Mia Member", personas.programme)
    unplaced = world.person("Una Waiting", personas.programme)
    circle = world.make_circle(
        personas.programme,
        facilitators=[personas.bob],
        mentees=[personas.alice, mia, world.person("Max Member", personas.programme)],
        state=Circle.State.FORMING,
    )
    await_match = ["Await a match in Leaders of Tomorrow"]

    placed = {who: await_titles(who) for who in (personas.alice, personas.bob, mia)}
    CircleMember.objects.filter(circle=circle, person=mia).update(left_at=NOW)
    Circle.objects.filter(pk=circle.pk).update(state=Circle.State.ACTIVE)

    active = await_titles(personas.alice)
    Circle.objects.filter(pk=circle.pk).update(state=Circle.State.CLOSED)

    assert placed == {personas.alice: [], personas.bob: [], mia: []}
    assert active == []
    # Out of the circle, never placed, or once the circle closed (as once a pair closed), the
    # person waits for a match as before.
    assert await_titles(mia) == await_match
    assert await_titles(unplaced) == await_match
    assert await_titles(personas.alice) == await_match


@pytest.mark.django_db
def test_peers_of_a_pair_await_no_match_and_an_unpaired_peer_still_does(time_machine):
    time_machine.move_to(NOW)
    programme = ProgrammeFactory(name="Peer Learning", kind=Programme.Kind.PEER)
    ana, ben, cy = (world.person(f"{name} Peer", programme, PEER) for name in ("Ana", "Ben", "Cy"))
    MentorshipFactory(programme=programme, mentee=ana, mentor=ben)

    assert await_titles(ana) == []
    assert await_titles(ben) == []
    assert await_titles(cy) == ["Await a match in Peer Learning"]
