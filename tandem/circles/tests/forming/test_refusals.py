"""Every refusal of a place in a circle, through each way of taking one: a mentee joining from
the browse page, the coordinator adding a member, a circle formed by hand. Each says why."""

from __future__ import annotations

import pytest

from tandem.circles.errors import CircleError
from tandem.circles.models import CircleMember, GroupSettings
from tandem.circles.services.forming import circle_form, circle_member_add, circle_member_remove
from tandem.circles.services.joining import circle_join
from tandem.conftest import Personas
from tandem.notifications.models import Notification
from tandem.programmes.models import Programme

from .world import circle, mentee, mentor, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_circle(group: Programme):
    lead = mentor(group, "Fay Facilitator")
    members = [mentee(group, f"Member {n}") for n in range(3)]
    return circle(group, "Budgeting circle", [lead], members)


def test_a_mentee_joins_a_circle_with_room_and_its_members_are_told(group, open_circle):
    newcomer = mentee(group, "Nia Newcomer")

    member = circle_join(circle=open_circle, mentee=newcomer, note="I plan budgets.")

    assert member.join_note == "I plan budgets."
    told = Notification.objects.filter(kind="circle_joined")
    assert told.count() == 4
    assert {n.title for n in told} == {"Nia Newcomer joined Budgeting circle"}


def test_a_full_circle_refuses_a_newcomer(group, open_circle):
    mentee_four = mentee(group, "Fourth")
    circle_join(circle=open_circle, mentee=mentee_four, note="")

    with pytest.raises(CircleError) as refused:
        circle_join(circle=open_circle, mentee=mentee(group, "Fifth"), note="")

    assert refused.value.message == "Budgeting circle is full: it takes 4 mentees at most."


def test_a_member_up_the_newcomers_chain_refuses_them(group: Programme):
    boss = mentee(group, "Bea Boss")
    lead = mentor(group, "Fay Facilitator")
    found = circle(group, "Chain circle", [lead], [boss, mentee(group, "M1"), mentee(group, "M2")])
    report = mentee(group, "Rae Report", manager=boss)

    with pytest.raises(CircleError) as refused:
        circle_join(circle=found, mentee=report, note="")

    assert refused.value.message == (
        "Someone in Chain circle is up your management chain, so you cannot join it."
    )


def test_a_facilitator_down_the_newcomers_chain_refuses_them(group: Programme):
    boss = mentee(group, "Bea Boss")
    lead = mentor(group, "Fay Facilitator", manager=boss)
    found = circle(group, "Chain circle", [lead], [mentee(group, f"M{n}") for n in range(3)])

    with pytest.raises(CircleError) as refused:
        circle_member_add(circle=found, person=boss, by=group.coordinators.get())

    assert refused.value.message == (
        "Bea Boss is up Fay Facilitator's management chain, so they cannot be in Chain circle "
        "together."
    )


def test_no_shared_language_refuses_the_newcomer(group, open_circle):
    loner = mentee(group, "Lou Lingua", languages=["fr"])

    with pytest.raises(CircleError) as refused:
        circle_join(circle=open_circle, mentee=loner, note="")

    assert refused.value.message == "You share no language with every member of Budgeting circle."


def test_outside_the_time_zone_window_refuses_the_newcomer(group, open_circle):
    far = mentee(group, "Tao Far", zone="Asia/Tokyo")

    with pytest.raises(CircleError) as refused:
        circle_join(circle=open_circle, mentee=far, note="")

    assert "outside the programme's time-zone window" in refused.value.message
    assert "the window is 6 hours" in refused.value.message


def test_a_mentee_already_in_a_circle_of_the_programme_cannot_join_another(group, open_circle):
    lead = mentor(group, "Gus Guide")
    other = circle(group, "Other circle", [lead], [mentee(group, f"O{n}") for n in range(3)])
    already = CircleMember.objects.filter(circle=open_circle, role="mentee").first().person

    with pytest.raises(CircleError) as refused:
        circle_join(circle=other, mentee=already, note="")

    assert refused.value.message == (
        "You are already in a circle of this programme: Budgeting circle."
    )


def test_joining_is_refused_where_the_programme_does_not_allow_it(group, open_circle):
    GroupSettings.objects.filter(programme=group).update(mentees_may_join=False)

    with pytest.raises(CircleError) as refused:
        circle_join(circle=open_circle, mentee=mentee(group, "Nia"), note="")

    assert refused.value.message == "In this programme your coordinator places mentees in circles."


def test_a_circle_formed_by_hand_keeps_every_rule_across_its_members(personas: Personas, group):
    lead = mentor(group, "Fay Facilitator")
    members = [mentee(group, f"Member {n}") for n in range(3)]
    far = mentee(group, "Tao Far", zone="Asia/Tokyo")

    with pytest.raises(CircleError) as refused:
        circle_form(
            programme=group,
            name="Hand made",
            topic="",
            facilitators=[lead],
            mentees=[*members, far],
            max_mentees=4,
            by=personas.carol,
        )
    assert "Tao Far" in refused.value.message
    assert refused.value.field == "mentees"

    made = circle_form(
        programme=group,
        name="Hand made",
        topic="Budgets",
        facilitators=[lead],
        mentees=members,
        max_mentees=4,
        by=personas.carol,
    )
    assert made.origin == "coordinator"
    assert made.state == "forming"
    assert made.members.filter(role="mentee").count() == 3
    assert Notification.objects.filter(kind="circle_placed").count() == 4


@pytest.mark.parametrize(
    ("facilitators", "mentees", "message"),
    [
        (0, 3, "A circle has one or two facilitators."),
        (3, 3, "A circle has one or two facilitators."),
        (1, 2, "A circle forms with at least 3 mentees."),
        (1, 5, "5 mentees is more than the 4 this circle takes."),
    ],
)
def test_a_circle_by_hand_has_one_or_two_facilitators_and_enough_mentees(
    personas: Personas, group, facilitators, mentees, message
):
    with pytest.raises(CircleError) as refused:
        circle_form(
            programme=group,
            name="Hand made",
            topic="",
            facilitators=[mentor(group, f"F{n}") for n in range(facilitators)],
            mentees=[mentee(group, f"M{n}") for n in range(mentees)],
            max_mentees=4,
            by=personas.carol,
        )

    assert refused.value.message == message


def test_someone_not_approved_in_the_programme_cannot_be_placed(personas: Personas, group):
    outsider = person("Otto Outside")
    with pytest.raises(CircleError) as refused:
        circle_form(
            programme=group,
            name="Hand made",
            topic="",
            facilitators=[mentor(group, "Fay")],
            mentees=[outsider, mentee(group, "M1"), mentee(group, "M2")],
            max_mentees=4,
            by=personas.carol,
        )

    assert refused.value.message == "Otto Outside is not an approved mentee of the programme."


def test_the_coordinator_cannot_take_a_circle_below_two_mentees(personas: Personas, group):
    lead = mentor(group, "Fay")
    members = [mentee(group, f"M{n}") for n in range(3)]
    found = circle(group, "Small circle", [lead], members)
    rows = list(found.members.filter(role="mentee").order_by("pk"))

    circle_member_remove(member=rows[0], by=personas.carol)
    with pytest.raises(CircleError) as refused:
        circle_member_remove(member=rows[1], by=personas.carol)

    assert refused.value.message == (
        "Small circle would keep 1 mentee; a circle needs at least 2 to go on. Close the "
        "circle instead."
    )
    assert found.members.current().filter(role="mentee").count() == 2


def test_the_only_facilitator_cannot_be_taken_out(personas: Personas, group):
    lead = mentor(group, "Fay")
    found = circle(group, "Small circle", [lead], [mentee(group, f"M{n}") for n in range(3)])

    with pytest.raises(CircleError) as refused:
        circle_member_remove(member=found.members.get(role="mentor"), by=personas.carol)

    assert (
        refused.value.message == "Fay is the only facilitator of Small circle: add another first."
    )
