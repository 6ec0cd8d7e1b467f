from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest

from tandem.accounts.models import User
from tandem.accounts.tests.factories import UserFactory
from tandem.core.testing.clock import pinned_clock
from tandem.mentorships.models import Mentorship
from tandem.mentorships.tests.factories import CharterFactory, MeetingFactory, MentorshipFactory
from tandem.notifications.models import Notification
from tandem.nudges.models import NudgeSettings
from tandem.people.models import Person
from tandem.programmes.models import Programme
from tandem.programmes.tests.factories import ProgrammeFactory

# A Monday, so that ISO weeks in the tests start on the first day.
T0 = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def clock(time_machine: Any) -> Callable[..., datetime.datetime]:
    """Move the pinned clock to T0 plus the given offset, and return that moment."""
    return pinned_clock(time_machine, T0)


@pytest.fixture
def coordinator(db: None) -> User:
    return UserFactory(name="Cora Ordinator")


@pytest.fixture
def programme(coordinator: User) -> Programme:
    return ProgrammeFactory(coordinators=[coordinator])


@pytest.fixture
def pair(programme: Programme, clock: Any) -> Mentorship:
    """Active since T0 with a fortnightly charter and a meeting held at T0."""
    mentorship = MentorshipFactory(programme=programme, started_at=T0)
    CharterFactory(mentorship=mentorship, cadence="fortnightly")
    MeetingFactory(mentorship=mentorship, starts_at=T0)
    return mentorship


def switch(programme: Programme, **values: Any) -> NudgeSettings:
    settings, _ = NudgeSettings.objects.update_or_create(programme=programme, defaults=values)
    return settings


def notices(kind: str, to: Person | User | None = None) -> list[str]:
    """Titles of the notices of one kind, oldest first, to one person or to everyone."""
    found = Notification.objects.filter(kind=kind)
    if isinstance(to, Person):
        found = found.filter(recipient=to.user)
    elif to is not None:
        found = found.filter(recipient=to)
    return list(found.order_by("created_at", "pk").values_list("title", flat=True))
