"""A mentor's pause on new mentees: one rule, read the same in the database and on a person."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from tandem.conftest import Personas
from tandem.people.models import Person

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
URL = "people:profile_edit"


@pytest.fixture(autouse=True)
def _clock(time_machine: Any) -> None:
    time_machine.move_to(NOW, tick=False)


def _set(person: Person, on: bool, until: datetime.date | None) -> Person:
    Person.objects.filter(pk=person.pk).update(
        not_taking_mentees=on, not_taking_mentees_until=until
    )
    person.refresh_from_db()
    return person


@pytest.mark.parametrize(
    ("on", "until", "paused"),
    [
        (False, None, False),
        (False, datetime.date(2026, 4, 1), False),
        (True, None, True),
        (True, datetime.date(2026, 3, 2), True),  # the last day still holds
        (True, datetime.date(2026, 3, 1), False),  # the day after, they are back
        (True, datetime.date(2027, 1, 1), True),
    ],
)
def test_the_database_and_the_person_agree(
    personas: Personas, on: bool, until: datetime.date | None, paused: bool
) -> None:
    bob = _set(personas.bob, on, until)

    assert bob.is_not_taking_mentees is paused
    assert Person.objects.not_taking_mentees().filter(pk=bob.pk).exists() is paused
    assert Person.objects.taking_mentees().filter(pk=bob.pk).exists() is not paused


def test_the_note_names_the_last_day(personas: Personas) -> None:
    assert personas.bob.not_taking_mentees_note == ""
    assert (
        _set(personas.bob, True, datetime.date(2026, 4, 9)).not_taking_mentees_note
        == "Not taking new mentees until 9 April 2026"
    )
    assert _set(personas.bob, True, None).not_taking_mentees_note == "Not taking new mentees"


def _profile(person: Person, **changes: Any) -> dict[str, Any]:
    data = {
        "name": person.name,
        "timezone": "UTC",
        "visibility": ["job_title"],
    }
    data.update(changes)
    return data


def test_a_mentor_switches_it_on_with_a_last_day(personas: Personas) -> None:
    response = personas.client_for("bob").post(
        reverse(URL),
        _profile(personas.bob, not_taking_mentees="on", not_taking_mentees_until="2026-05-31"),
    )

    bob = Person.objects.get(pk=personas.bob.pk)
    assert response.status_code == 302
    assert (bob.not_taking_mentees, bob.not_taking_mentees_until) == (
        True,
        datetime.date(2026, 5, 31),
    )


def test_switching_it_off_forgets_the_date(personas: Personas) -> None:
    _set(personas.bob, True, datetime.date(2026, 5, 31))

    personas.client_for("bob").post(
        reverse(URL), _profile(personas.bob, not_taking_mentees_until="2026-05-31")
    )

    bob = Person.objects.get(pk=personas.bob.pk)
    assert (bob.not_taking_mentees, bob.not_taking_mentees_until) == (False, None)


def test_a_last_day_in_the_past_is_refused(personas: Personas) -> None:
    response = personas.client_for("bob").post(
        reverse(URL),
        _profile(personas.bob, not_taking_mentees="on", not_taking_mentees_until="2026-03-01"),
    )

    assert response.status_code == 400
    assert "Choose today or a later day" in response.content.decode()
    assert not Person.objects.get(pk=personas.bob.pk).not_taking_mentees


def test_only_mentors_are_asked_and_a_mentee_saving_changes_nothing(personas: Personas) -> None:
    client = personas.client_for("alice")

    page = client.get(reverse(URL)).content.decode()
    client.post(reverse(URL), _profile(personas.alice, not_taking_mentees="on"))

    assert "not_taking_mentees" not in page
    assert not Person.objects.get(pk=personas.alice.pk).not_taking_mentees
