from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.accounts.tests.factories import UserFactory
from tandem.conftest import Personas
from tandem.people.models import ImportJob, Skill


@pytest.fixture
def admin_client_for_operator(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_person_admin_lists_searches_and_filters_by_department(
    personas: Personas, admin_client_for_operator
) -> None:
    url = reverse("admin:people_person_changelist")
    department = personas.alice.department

    response = admin_client_for_operator.get(url, {"department__id__exact": department.pk})
    searched = admin_client_for_operator.get(url, {"q": "Alice"})

    assert response.status_code == 200
    assert "Alice Mentee" in response.content.decode()
    assert "Alice Mentee" in searched.content.decode()
    assert "Bob Mentor" not in searched.content.decode()


def test_skill_admin_edits_aliases_inline(admin_client_for_operator) -> None:
    skill = Skill.objects.get(name="Machine learning")

    response = admin_client_for_operator.get(reverse("admin:people_skill_change", args=[skill.pk]))

    assert response.status_code == 200
    assert 'value="ml"' in response.content.decode()


def test_import_job_admin_does_not_show_the_uploaded_data(
    personas: Personas, admin_client_for_operator
) -> None:
    job = ImportJob.objects.create(
        created_by=personas.carol, filename="x.csv", source="email,name\nsecret@x.org,Secret\n"
    )

    response = admin_client_for_operator.get(
        reverse("admin:people_importjob_change", args=[job.pk])
    )

    assert response.status_code == 200
    assert "secret@x.org" not in response.content.decode()
