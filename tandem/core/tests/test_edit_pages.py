"""Every edit page loads its stored values back into the form and saves them unchanged.

Dates are the trap: the browser's date picker reads only ISO values, so a page that sends a
localised date ("14/12/1989") comes back with the field empty and the date lost on save.
"""

from __future__ import annotations

import datetime
import inspect
import pkgutil
from importlib import import_module

import pytest
from django import forms
from django.urls import reverse

import tandem
from tandem.accounts.models import User
from tandem.conftest import Personas
from tandem.core.testing.forms import form_values, submit_unchanged
from tandem.core.widgets import DateInput, DateTimeInput
from tandem.mentorships import services
from tandem.mentorships.models import Mentorship
from tandem.mentorships.tests.conftest import active, proposed  # noqa: F401
from tandem.people.models import Person
from tandem.programmes.models import Programme

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _clock(time_machine) -> None:
    time_machine.move_to(NOW, tick=False)


def _value(html: str, field: str, name: str) -> str:
    return dict(form_values(html, field))[name]


def test_programme_settings_save_unchanged_and_keep_both_dates(personas: Personas) -> None:
    programme = personas.programme
    Programme.objects.filter(pk=programme.pk).update(
        starts_on=datetime.date(2026, 1, 15), ends_on=datetime.date(2026, 12, 14)
    )
    client = personas.client_for("carol")
    url = reverse("programmes:edit", args=[programme.slug])

    html = client.get(url).content.decode()
    assert _value(html, "name", "starts_on") == "2026-01-15"
    assert _value(html, "name", "ends_on") == "2026-12-14"

    response = submit_unchanged(client, url, "name")

    assert response.status_code == 302
    programme.refresh_from_db()
    assert (programme.starts_on, programme.ends_on) == (
        datetime.date(2026, 1, 15),
        datetime.date(2026, 12, 14),
    )


def test_profile_with_birthday_celebrated_saves_unchanged(personas: Personas) -> None:
    Person.objects.filter(pk=personas.alice.pk).update(
        birthday=datetime.date(1989, 12, 14),
        celebrate_birthday=True,
        work_anniversary=datetime.date(2019, 4, 1),
        celebrate_work_anniversary=True,
    )
    client = personas.client_for("alice")
    url = reverse("people:profile_edit")

    assert _value(client.get(url).content.decode(), "name", "birthday") == "1989-12-14"
    response = submit_unchanged(client, url, "name")

    assert response.status_code == 302
    alice = Person.objects.get(pk=personas.alice.pk)
    assert alice.birthday == datetime.date(1989, 12, 14)
    assert alice.work_anniversary == datetime.date(2019, 4, 1)
    assert alice.celebrate_birthday
    assert alice.celebrate_work_anniversary


def test_profile_in_the_persons_own_language_saves_unchanged(personas: Personas) -> None:
    # French dates are written "14/12/1989": the page must still send ISO dates back.
    User.objects.filter(pk=personas.alice.user_id).update(language="fr")
    Person.objects.filter(pk=personas.alice.pk).update(
        birthday=datetime.date(1989, 12, 14), celebrate_birthday=True
    )
    client = personas.client_for("alice")
    url = reverse("people:profile_edit")

    html = client.get(url).content.decode()
    assert '<html lang="fr">' in html
    assert _value(html, "name", "language") == "fr"
    assert _value(html, "name", "birthday") == "1989-12-14"
    response = submit_unchanged(client, url, "name")

    assert response.status_code == 302
    assert User.objects.get(pk=personas.alice.user_id).language == "fr"
    assert Person.objects.get(pk=personas.alice.pk).birthday == datetime.date(1989, 12, 14)


def test_a_mentor_not_taking_mentees_saves_unchanged_with_the_last_day(
    personas: Personas,
) -> None:
    Person.objects.filter(pk=personas.bob.pk).update(
        not_taking_mentees=True, not_taking_mentees_until=datetime.date(2026, 4, 30)
    )
    client = personas.client_for("bob")
    url = reverse("people:profile_edit")

    html = client.get(url).content.decode()
    assert _value(html, "name", "not_taking_mentees_until") == "2026-04-30"
    response = submit_unchanged(client, url, "name")

    assert response.status_code == 302
    bob = Person.objects.get(pk=personas.bob.pk)
    assert bob.not_taking_mentees
    assert bob.not_taking_mentees_until == datetime.date(2026, 4, 30)


def test_a_pause_whose_last_day_passed_loads_as_off_and_saves(personas: Personas) -> None:
    Person.objects.filter(pk=personas.bob.pk).update(
        not_taking_mentees=True, not_taking_mentees_until=datetime.date(2026, 3, 1)
    )
    client = personas.client_for("bob")
    url = reverse("people:profile_edit")

    assert _value(client.get(url).content.decode(), "name", "not_taking_mentees_until") == ""
    response = submit_unchanged(client, url, "name")

    assert response.status_code == 302
    bob = Person.objects.get(pk=personas.bob.pk)
    assert (bob.not_taking_mentees, bob.not_taking_mentees_until) == (False, None)


def test_charter_edit_saves_unchanged_with_its_dates(
    personas: Personas,
    proposed: Mentorship,  # noqa: F811
) -> None:
    services.mentorship_start_agreeing(mentorship=proposed, by=personas.alice)
    services.charter_edit(
        mentorship=proposed,
        by=personas.alice,
        desired_outcomes="Lead the finance team.",
        confidentiality="Between us.",
        cadence="fortnightly",
        meeting_format="in_person",
        review_on=datetime.date(2026, 6, 1),
        ends_on=datetime.date(2026, 12, 1),
    )
    client = personas.client_for("alice")
    url = reverse("mentorships:charter_edit", args=[proposed.pk])

    response = submit_unchanged(client, url, "desired_outcomes")

    assert response.status_code == 302
    charter = proposed.current_charter()
    assert charter is not None
    assert (charter.review_on, charter.ends_on) == (
        datetime.date(2026, 6, 1),
        datetime.date(2026, 12, 1),
    )


def test_goal_edit_saves_unchanged_with_its_target(
    personas: Personas,
    active: Mentorship,  # noqa: F811
) -> None:
    goal = services.goal_create(
        mentorship=active,
        by=personas.alice,
        title="Lead the budget round",
        success_criterion="Budget signed off",
        target_on=datetime.date(2026, 9, 30),
    )
    client = personas.client_for("alice")
    url = reverse("mentorships:goal_detail", args=[active.pk, goal.pk])

    assert (
        _value(client.get(url).content.decode(), "success_criterion", "target_on") == "2026-09-30"
    )
    response = submit_unchanged(client, url, "success_criterion")

    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.target_on == datetime.date(2026, 9, 30)
    assert goal.title == "Lead the budget round"


def _all_forms() -> list[type[forms.BaseForm]]:
    found = []
    for module in pkgutil.walk_packages(tandem.__path__, "tandem."):
        if module.name.endswith(".forms"):
            for _name, cls in inspect.getmembers(import_module(module.name), inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__ == module.name:
                    found.append(cls)
    return found


def test_every_date_and_time_field_uses_the_iso_widgets() -> None:
    checked = 0
    for form_class in _all_forms():
        for name, field in form_class.base_fields.items():
            if isinstance(field, forms.DateTimeField):
                assert isinstance(field.widget, DateTimeInput), f"{form_class.__name__}.{name}"
                checked += 1
            elif isinstance(field, forms.DateField):
                assert isinstance(field.widget, DateInput), f"{form_class.__name__}.{name}"
                checked += 1
    assert checked >= 8
