"""Someone who leaves the organisation leaves their circles at once; the circle goes on."""

from __future__ import annotations

from typing import Any

import pytest

from tandem.circles.models import Circle, CircleMember
from tandem.conftest import Personas
from tandem.matching.services.departure import person_leave
from tandem.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_a_leaver_leaves_their_circle_and_the_coordinator_is_warned_when_it_runs_short(
    personas: Personas, circle: Circle, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        person_leave(person=personas.alice)

    assert not CircleMember.objects.current().filter(circle=circle, person=personas.alice)
    assert CircleMember.objects.filter(circle=circle, person=personas.alice).exists()
    circle.refresh_from_db()
    assert circle.state == Circle.State.ACTIVE
    told = Notification.objects.filter(recipient=personas.bob.user, kind="circle.member_left")
    assert told.get().title == f"Alice Mentee left the organisation and so {circle.name}"
    # Two mentees remain: the circle can go on, and the coordinator is told without a warning.
    warned = Notification.objects.get(recipient=personas.carol, kind="circle.member_left")
    assert "needs a facilitator" not in warned.title


def test_the_last_facilitator_leaving_warns_the_coordinator(
    personas: Personas, circle: Circle, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        person_leave(person=personas.bob)

    warned = Notification.objects.get(recipient=personas.carol, kind="circle.member_left")
    assert warned.title.startswith("Bob Mentor left the organisation and so ")
    assert "it needs a facilitator or more members, or closing" in warned.title
