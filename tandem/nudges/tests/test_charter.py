"""Proposals whose charter is not signed after 10 days."""

from __future__ import annotations

import pytest

from tandem.mentorships.models import Mentorship
from tandem.mentorships.tests.factories import MentorshipFactory
from tandem.nudges.services import charter_reminders_send

from .conftest import notices, switch

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("state", [Mentorship.State.PROPOSED, Mentorship.State.AGREEING])
def test_both_members_are_reminded_once_when_the_proposal_is_ten_days_old(programme, clock, state):
    pair = MentorshipFactory(programme=programme, state=state, started_at=None)

    charter_reminders_send(now=clock(days=9, hours=23))
    assert notices("nudge.charter") == []

    charter_reminders_send(now=clock(days=10))
    charter_reminders_send(now=clock(days=12))
    assert notices("nudge.charter", pair.mentee) == [f"Agree your charter with {pair.mentor.name}"]
    assert notices("nudge.charter", pair.mentor) == [f"Agree your charter with {pair.mentee.name}"]


@pytest.mark.parametrize(
    "state", [Mentorship.State.ACTIVE, Mentorship.State.PAUSED, Mentorship.State.CLOSED]
)
def test_pairs_past_the_charter_are_not_reminded(programme, clock, state):
    MentorshipFactory(programme=programme, state=state)

    charter_reminders_send(now=clock(days=20))

    assert notices("nudge.charter") == []


def test_a_programme_can_switch_charter_reminders_off_or_wait_longer(programme, clock):
    MentorshipFactory(programme=programme, state=Mentorship.State.PROPOSED, started_at=None)
    switch(programme, charter_reminders=False)
    charter_reminders_send(now=clock(days=15))
    assert notices("nudge.charter") == []

    switch(programme, charter_reminders=True, charter_days=20)
    charter_reminders_send(now=clock(days=19))
    assert notices("nudge.charter") == []
    charter_reminders_send(now=clock(days=20))
    assert len(notices("nudge.charter")) == 2
