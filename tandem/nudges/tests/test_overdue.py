"""A weekly reminder to whoever owns actions and goals past their date."""

from __future__ import annotations

import datetime

import pytest

from tandem.mentorships.models import Goal, Mentorship
from tandem.mentorships.tests.factories import ActionItemFactory, GoalFactory
from tandem.nudges.services import overdue_reminders_send

from .conftest import notices, switch

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 3, 2)


def day(offset: int) -> datetime.date:
    return MONDAY + datetime.timedelta(days=offset)


def test_the_owner_hears_once_a_week_once_a_date_has_passed(pair, clock):
    ActionItemFactory(mentorship=pair, owner=pair.mentor, due_on=day(2))

    overdue_reminders_send(today=day(2))
    assert notices("nudge.overdue") == []

    overdue_reminders_send(today=day(3))
    overdue_reminders_send(today=day(6))
    assert notices("nudge.overdue", pair.mentor) == [
        f"1 action past due in your mentorship with {pair.mentee.name}"
    ]
    assert notices("nudge.overdue", pair.mentee) == []

    overdue_reminders_send(today=day(7))
    assert len(notices("nudge.overdue", pair.mentor)) == 2


def test_goals_are_the_mentees_and_are_counted_with_their_actions(pair, clock):
    ActionItemFactory(mentorship=pair, owner=pair.mentee, due_on=day(-1))
    ActionItemFactory(mentorship=pair, owner=pair.mentee, due_on=day(-3))
    GoalFactory(mentorship=pair, target_on=day(-1), status=Goal.Status.IN_PROGRESS)
    GoalFactory(mentorship=pair, target_on=day(-1), status=Goal.Status.ACHIEVED)
    ActionItemFactory(mentorship=pair, owner=pair.mentee, due_on=day(-1), done_at=clock(days=-1))

    overdue_reminders_send(today=day(0))

    assert notices("nudge.overdue", pair.mentee) == [
        f"2 actions and 1 goal past due in your mentorship with {pair.mentor.name}"
    ]


@pytest.mark.parametrize("state", [Mentorship.State.PAUSED, Mentorship.State.CLOSED])
def test_paused_and_closed_pairs_are_not_chased(pair, clock, state):
    ActionItemFactory(mentorship=pair, due_on=day(-1))
    Mentorship.objects.filter(pk=pair.pk).update(state=state)

    overdue_reminders_send(today=day(0))

    assert notices("nudge.overdue") == []


def test_a_programme_can_switch_overdue_reminders_off(pair, clock):
    switch(pair.programme, overdue_reminders=False)
    ActionItemFactory(mentorship=pair, due_on=day(-1))

    overdue_reminders_send(today=day(0))

    assert notices("nudge.overdue") == []
