from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tandem.accounts.tests.factories import UserFactory
from tandem.conftest import Personas
from tandem.people.models import ImportJob, Person, Skill
from tandem.people.tests.csvdata import org_chart, to_csv
from tandem.people.tests.factories import PersonFactory, PersonSkillFactory
from tandem.programmes.tests.factories import EnrolmentFactory


def names(response) -> set[str]:
    return {item["name"] for item in response.json()["results"]}


def test_people_list_is_scoped_to_the_viewers_programmes(personas: Personas) -> None:
    assert names(personas.client_for("alice").get("/api/people/")) == {
        "Alice Mentee",
        "Bob Mentor",
    }
    assert names(personas.client_for("oscar").get("/api/people/")) == set()


def test_people_api_refuses_anonymous_requests(personas: Personas) -> None:
    assert personas.client_for("anonymous").get("/api/people/").status_code in (401, 403)


def test_people_api_nulls_hidden_fields(personas: Personas) -> None:
    personas.bob.visible_fields = ["skills"]
    personas.bob.save()

    data = personas.client_for("alice").get(f"/api/people/{personas.bob.pk}/").json()

    assert data["name"] == "Bob Mentor"
    assert data["job_title"] is None
    assert data["department"] is None
    assert data["skills"] == []


def test_people_api_search_uses_aliases(personas: Personas) -> None:
    PersonSkillFactory(person=personas.bob, skill=Skill.objects.get(name="Machine learning"))

    response = personas.client_for("alice").get("/api/people/", {"search": "ML"})

    assert names(response) == {"Bob Mentor"}


def test_person_outside_scope_answers_404(personas: Personas) -> None:
    response = personas.client_for("oscar").get(f"/api/people/{personas.bob.pk}/")

    assert response.status_code == 404


def test_me_returns_the_full_own_profile(personas: Personas) -> None:
    personas.alice.visible_fields = []
    personas.alice.save()

    data = personas.client_for("alice").get("/api/people/me/").json()

    assert data["email"] == "alice@example.org"
    assert data["manager_email"] == "erin@example.org"
    assert data["job_title"] == "Analyst"


def test_me_patch_updates_the_profile_resolving_aliases(personas: Personas) -> None:
    response = personas.client_for("alice").patch(
        "/api/people/me/",
        {
            "timezone": "Asia/Tokyo",
            "languages": ["ja", "en"],
            "skills": [{"skill": "ML", "level": 4}],
        },
        content_type="application/json",
    )

    assert response.status_code == 200, response.json()
    alice = Person.objects.get(pk=personas.alice.pk)
    assert alice.timezone == "Asia/Tokyo"
    assert list(alice.person_skills.values_list("skill__name", "level")) == [
        ("Machine learning", 4)
    ]
    assert alice.profile_completed_at is not None
    assert response.json()["languages"] == ["en", "ja"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"timezone": "Atlantis/Capital"}, "timezone"),
        ({"languages": ["en", "xx"]}, "languages"),
        ({"skills": [{"skill": "SQL", "level": 9}]}, "skills"),
        ({"manager_email": "alice@example.org"}, "manager_email"),
        ({"manager_email": "nobody@example.org"}, "manager_email"),
        ({"visible_fields": ["salary"]}, "visible_fields"),
        ({"celebrate_birthday": True}, "birthday"),
        ({"name": ""}, "name"),
    ],
)
def test_me_patch_rejects_invalid_input_field_by_field(
    personas: Personas, payload: dict, field: str
) -> None:
    response = personas.client_for("alice").patch(
        "/api/people/me/", {"job_title": "Changed", **payload}, content_type="application/json"
    )

    assert response.status_code == 400
    assert field in response.json()
    assert Person.objects.get(pk=personas.alice.pk).job_title == "Analyst"


def test_me_patch_refuses_a_manager_cycle(personas: Personas) -> None:
    response = personas.client_for("erin").patch(
        "/api/people/me/", {"manager_email": "alice@example.org"}, content_type="application/json"
    )

    assert response.status_code == 400
    assert "reports to you" in response.json()["manager_email"][0]


def test_skills_can_be_searched_by_alias(personas: Personas) -> None:
    response = personas.client_for("alice").get("/api/skills/", {"search": "ml"})

    assert response.status_code == 200
    results = response.json()["results"]
    assert "Machine learning" in [skill["name"] for skill in results]
    ml = next(skill for skill in results if skill["name"] == "Machine learning")
    assert "ml" in ml["aliases"]


def test_skills_are_read_only(personas: Personas) -> None:
    response = personas.client_for("alice").post("/api/skills/", {"name": "Hacking"})

    assert response.status_code == 405


@pytest.mark.parametrize(
    ("who", "status"), [("superuser", 201), ("carol", 404), ("alice", 404), ("oscar", 404)]
)
def test_only_operators_can_start_an_import(
    personas: Personas, django_capture_on_commit_callbacks, who: str, status: int
) -> None:
    upload = SimpleUploadedFile("people.csv", to_csv(org_chart()).encode())

    with django_capture_on_commit_callbacks(execute=True):
        response = personas.client_for(who).post("/api/people-imports/", {"file": upload})

    assert response.status_code == status
    assert Person.objects.filter(email="ann@example.org").exists() == (status == 201)


def test_import_job_reports_errors_by_row_and_column(
    personas: Personas, django_capture_on_commit_callbacks
) -> None:
    rows = org_chart()
    rows[2]["skills"] = "sql:godlike"
    client = personas.client_for("superuser")
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(
            "/api/people-imports/", {"file": SimpleUploadedFile("p.csv", to_csv(rows).encode())}
        ).json()

    job = client.get(f"/api/people-imports/{created['id']}/").json()

    assert job["status"] == "invalid"
    assert job["errors"] == [{"row": 4, "column": "skills", "message": job["errors"][0]["message"]}]
    assert "godlike" in job["errors"][0]["message"]


def test_import_upload_without_file_is_a_field_error(personas: Personas) -> None:
    response = personas.client_for("superuser").post("/api/people-imports/", {})

    assert response.status_code == 400
    assert "file" in response.json()
    assert not ImportJob.objects.exists()


def test_import_jobs_of_others_answer_404(personas: Personas) -> None:
    other_operator = UserFactory(is_superuser=True)
    job = ImportJob.objects.create(created_by=other_operator, filename="x.csv")

    client = personas.client_for("superuser")
    assert client.get(f"/api/people-imports/{job.pk}/").status_code == 404
    assert client.get("/api/people-imports/").json()["results"] == []


def _queries_for_people_list(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/people/")
    assert response.status_code == 200
    return len(queries)


def test_people_api_runs_the_same_queries_however_many_people(personas: Personas) -> None:
    client = personas.client_for("alice")
    client.get("/api/people/")

    def add(count: int) -> None:
        for _ in range(count):
            person = PersonFactory()
            PersonSkillFactory(person=person)
            EnrolmentFactory(programme=personas.programme, person=person)

    add(2)
    small = _queries_for_people_list(client)
    add(30)

    assert _queries_for_people_list(client) == small


def test_schema_documents_the_people_endpoints(personas: Personas) -> None:
    schema = personas.client_for("alice").get("/api/schema/", {"format": "json"}).json()

    for path in ("/api/people/", "/api/people/me/", "/api/skills/", "/api/people-imports/"):
        assert path in schema["paths"]
