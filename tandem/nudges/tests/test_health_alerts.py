"""Coordinators hear on the day a pair's health turns amber or red, once."""

from __future__ import annotations

import pytest

from tandem.mentorships.models import Mentorship
from tandem.mentorships.tests.factories import MeetingFactory
from tandem.nudges.models import HealthWatch
from tandem.nudges.services import health_alerts_send

from .conftest import notices, switch

pytestmark = pytest.mark.django_db


def test_a_pair_turning_red_alerts_its_coordinators_once(pair, coordinator, clock):
    health_alerts_send(now=clock(days=2))
    assert HealthWatch.objects.get(mentorship=pair).status == "green"

    health_alerts_send(now=clock(days=17))
    assert notices("alert.health") == []

    # No meeting for more than a cadence and a quarter: amber; for two cadences: red.
    health_alerts_send(now=clock(days=18))
    health_alerts_send(now=clock(days=18, hours=6))
    health_alerts_send(now=clock(days=29))
    health_alerts_send(now=clock(days=30))
    pair_name = f"{pair.mentee.name} and {pair.mentor.name}"
    assert notices("alert.health", coordinator) == [
        f"{pair_name}: health turned amber ({pair.programme.name})",
        f"{pair_name}: health turned red ({pair.programme.name})",
    ]


def test_a_pair_that_recovers_and_worsens_again_alerts_again(pair, coordinator, clock):
    health_alerts_send(now=clock(days=1))
    health_alerts_send(now=clock(days=45))
    MeetingFactory(mentorship=pair, starts_at=clock(days=46))
    health_alerts_send(now=clock(days=46))
    assert HealthWatch.objects.get(mentorship=pair).status != "red"

    health_alerts_send(now=clock(days=100))

    assert [title.split(": health ")[1] for title in notices("alert.health", coordinator)] == [
        f"turned red ({pair.programme.name})",
        f"turned red ({pair.programme.name})",
    ]


def test_a_pair_seen_first_while_amber_is_recorded_without_an_alert(pair, clock):
    health_alerts_send(now=clock(days=45))

    assert notices("alert.health") == []
    assert HealthWatch.objects.get(mentorship=pair).status == "red"


@pytest.mark.parametrize("state", [Mentorship.State.PAUSED, Mentorship.State.CLOSED])
def test_paused_and_closed_pairs_raise_no_alert(pair, clock, state):
    health_alerts_send(now=clock(days=1))
    Mentorship.objects.filter(pk=pair.pk).update(state=state)

    health_alerts_send(now=clock(days=60))

    assert notices("alert.health") == []


def test_a_programme_can_switch_health_alerts_off(pair, clock):
    switch(pair.programme, health_alerts=False)
    health_alerts_send(now=clock(days=1))

    health_alerts_send(now=clock(days=60))

    assert notices("alert.health") == []
