from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tandem.accounts.tests.factories import UserFactory
from tandem.conftest import Personas
from tandem.people.models import Department, Person, PersonSkill, Skill
from tandem.people.selectors import skill_resolve
from tandem.people.services import skill_get_or_create
from tandem.people.tests.factories import PersonFactory

URL = "people:profile_edit"


def valid_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "name": "Alice Mentee",
        "job_title": "Financial Analyst",
        "department": "Treasury",
        "location": "Leeds",
        "timezone": "Europe/London",
        "languages": "English, fr",
        "manager_email": "",
        "bio": "Ten years in audit.",
        "skills": "ML: expert\nbudgeting: 2\nQuantum knitting",
        "interests": "Cycling",
        "birthday": "",
        "work_anniversary": "2019-04-01",
        "celebrate_work_anniversary": "on",
        "visibility": ["job_title", "skills"],
    }
    data.update(overrides)
    return data


def test_profile_page_creates_the_person_of_a_new_user(client, db) -> None:
    user = UserFactory(email="new@example.org", name="New Person")
    client.force_login(user)

    response = client.get(reverse(URL))

    assert response.status_code == 200
    assert Person.objects.get(user=user).name == "New Person"


def test_anonymous_visitors_are_sent_to_sign_in(client, db) -> None:
    assert client.get(reverse(URL)).status_code == 302


def test_saving_a_valid_profile_stores_it_and_marks_it_complete(personas: Personas) -> None:
    response = personas.client_for("alice").post(reverse(URL), valid_data())

    assert response.status_code == 302
    alice = Person.objects.get(pk=personas.alice.pk)
    assert alice.job_title == "Financial Analyst"
    assert alice.department == Department.objects.get(name="Treasury")
    assert sorted(alice.languages.values_list("code", flat=True)) == ["en", "fr"]
    assert set(alice.person_skills.values_list("skill__name", "level")) == {
        ("Machine learning", PersonSkill.Level.EXPERT),
        ("Budgeting", PersonSkill.Level.WORKING),
        ("Quantum knitting", PersonSkill.Level.WORKING),
    }
    assert alice.visible_fields == ["job_title", "skills"]
    assert alice.celebrate_work_anniversary
    assert alice.profile_completed_at is not None


def test_existing_department_is_reused_whatever_its_case(personas: Personas) -> None:
    finance = Department.objects.create(name="Finance")

    personas.client_for("alice").post(reverse(URL), valid_data(department="finance"))

    assert Person.objects.get(pk=personas.alice.pk).department == finance
    assert Department.objects.filter(name__iexact="finance").count() == 1


def test_profile_without_a_language_is_not_complete(personas: Personas) -> None:
    personas.client_for("alice").post(reverse(URL), valid_data(languages=""))

    assert Person.objects.get(pk=personas.alice.pk).profile_completed_at is None


def test_invalid_time_zone_is_refused_and_nothing_is_saved(personas: Personas) -> None:
    response = personas.client_for("alice").post(
        reverse(URL), valid_data(timezone="Europe/Londn", job_title="Changed")
    )

    assert response.status_code == 400
    assert "not a known IANA time zone" in response.content.decode()
    alice = Person.objects.get(pk=personas.alice.pk)
    assert alice.job_title == "Analyst"
    assert alice.timezone == "Europe/London"


def test_unknown_language_is_refused(personas: Personas) -> None:
    response = personas.client_for("alice").post(reverse(URL), valid_data(languages="en, qq"))

    assert response.status_code == 400
    assert "Unknown language “qq”" in response.content.decode()


def test_bad_skill_level_is_refused(personas: Personas) -> None:
    response = personas.client_for("alice").post(reverse(URL), valid_data(skills="SQL: wizard"))

    assert response.status_code == 400
    assert "“wizard” is not a skill level" in response.content.decode()
    assert not Skill.objects.filter(name="SQL", person_skills__person=personas.alice).exists()


def test_manager_can_be_chosen_by_email(personas: Personas) -> None:
    response = personas.client_for("alice").post(
        reverse(URL), valid_data(manager_email="BOB@example.org")
    )

    assert response.status_code == 302
    assert Person.objects.get(pk=personas.alice.pk).manager == personas.bob


def test_choosing_someone_who_reports_to_you_as_manager_is_refused(personas: Personas) -> None:
    # alice reports to erin; erin may not pick alice, nor alice's report.
    report = PersonFactory(user=None, email="rita@example.org", name="Rita", manager=personas.alice)
    client = personas.client_for("erin")

    for email in ("alice@example.org", report.email):
        response = client.post(reverse(URL), valid_data(name="Erin", manager_email=email))

        assert response.status_code == 400
        assert "reports to you" in response.content.decode()
    assert Person.objects.get(pk=personas.erin.pk).manager is None


def test_choosing_yourself_as_manager_is_refused(personas: Personas) -> None:
    response = personas.client_for("alice").post(
        reverse(URL), valid_data(manager_email="alice@example.org")
    )

    assert response.status_code == 400
    assert "own manager" in response.content.decode()
    assert Person.objects.get(pk=personas.alice.pk).manager == personas.erin


def test_unknown_manager_email_is_refused(personas: Personas) -> None:
    response = personas.client_for("alice").post(
        reverse(URL), valid_data(manager_email="nobody@example.org")
    )

    assert response.status_code == 400
    assert "Nobody in the organisation" in response.content.decode()


def test_celebrating_a_birthday_needs_the_date(personas: Personas) -> None:
    response = personas.client_for("alice").post(
        reverse(URL), valid_data(celebrate_birthday="on", birthday="")
    )

    assert response.status_code == 400
    assert "Add your birthday" in response.content.decode()


def test_the_form_shows_the_current_profile(personas: Personas) -> None:
    personas.client_for("alice").post(reverse(URL), valid_data())

    page = personas.client_for("alice").get(reverse(URL)).content.decode()

    assert "Machine learning: expert" in page
    assert 'value="Treasury"' in page


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["ML", "ml", "Machine learning", "  machine   LEARNING "])
def test_aliases_and_names_resolve_to_one_skill(typed: str) -> None:
    skill = skill_resolve(typed)

    assert skill is not None
    assert skill.name == "Machine learning"


@pytest.mark.django_db
def test_unknown_skill_is_created_once() -> None:
    first = skill_get_or_create(name="Beekeeping")
    second = skill_get_or_create(name="beekeeping ")

    assert first == second
    assert Skill.objects.filter(name__iexact="beekeeping").count() == 1


@pytest.mark.django_db
def test_shared_lists_are_seeded() -> None:
    assert Skill.objects.count() >= 60
    assert skill_resolve("UX research") is not None
    assert skill_resolve("stakeholder engagement").name == "Stakeholder management"
