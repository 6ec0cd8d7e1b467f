"""What the API answers to requests it cannot serve: never a server error, always documented."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tandem.conftest import Personas
from tandem.mentorships import services
from tandem.mentorships.models import Goal
from tandem.people.models import Person
from tandem.people.tests.csvdata import org_chart, to_csv


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/people/abc/"),
        ("post", "/api/mentorships/abc/pause/"),
        ("post", "/api/mentorships/1x/propose-closure/"),
        ("get", "/api/mentorship-goals/abc/"),
        ("get", "/api/no-such-resource/"),
    ],
)
def test_a_non_numeric_id_or_unknown_path_is_a_json_404(
    personas: Personas, method: str, path: str
) -> None:
    response = getattr(personas.client_for("alice"), method)(path)

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_a_nul_in_the_query_string_is_a_400(personas: Personas) -> None:
    client = personas.client_for("alice")

    api = client.get("/api/people/", {"search": "al\x00ice"})
    page = client.get("/people/", {"q": "\x00"})

    assert api.status_code == 400
    assert "NUL" in api.json()["detail"]
    assert page.status_code == 400


def test_a_nul_in_a_json_body_is_a_400_and_nothing_is_stored(personas: Personas) -> None:
    mentorship = services.mentorship_create(
        programme=personas.programme, mentee=personas.alice, mentor=personas.bob
    )
    body = {"mentorship": mentorship.pk, "title": "Speak\x00up", "success_criterion": "Twice"}

    response = personas.client_for("alice").post(
        "/api/mentorship-goals/", body, content_type="application/json"
    )

    assert response.status_code == 400
    assert not Goal.objects.exists()


def test_a_csv_with_a_nul_is_refused_and_nothing_is_imported(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    before = Person.objects.count()
    text = to_csv(org_chart()).replace("Leaders", "Lead\x00ers", 1).replace(",", ",\x00", 1)
    client = personas.client_for("superuser")
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(
            "/api/people-imports/", {"file": SimpleUploadedFile("p.csv", text.encode())}
        ).json()

    job = client.get(f"/api/people-imports/{created['id']}/").json()

    assert job["status"] == "invalid"
    assert "NUL" in job["errors"][0]["message"]
    assert Person.objects.count() == before


def test_a_charter_without_cadence_is_a_field_error(personas: Personas) -> None:
    mentorship = services.mentorship_create(
        programme=personas.programme, mentee=personas.alice, mentor=personas.bob
    )
    services.mentorship_start_agreeing(mentorship=mentorship, by=personas.alice)
    body = {
        "mentorship": mentorship.pk,
        "desired_outcomes": "Lead",
        "confidentiality": "Ours",
        "meeting_format": "video",
    }

    response = personas.client_for("alice").post(
        "/api/mentorship-charters/", body, content_type="application/json"
    )

    assert response.status_code == 400
    assert "cadence" in response.json()


def test_an_open_mentorship_has_no_outcome_rather_than_an_empty_one(personas: Personas) -> None:
    mentorship = services.mentorship_create(
        programme=personas.programme, mentee=personas.alice, mentor=personas.bob
    )

    body = personas.client_for("alice").get(f"/api/mentorships/{mentorship.pk}/").json()

    assert body["outcome"] is None


def test_every_operation_documents_its_error_answers(openapi_schema: dict[str, Any]) -> None:
    undocumented = [
        f"{method.upper()} {path} {status}"
        for path, operations in openapi_schema["paths"].items()
        for method, operation in operations.items()
        for status in ("400", "401", "403", "404")
        if status not in operation["responses"]
    ]

    assert not undocumented
    assert "cadence" in openapi_schema["components"]["schemas"]["CharterRequest"]["required"]


def test_a_post_to_an_unknown_path_with_a_session_is_a_404_not_a_csrf_failure(
    personas: Personas,
) -> None:
    client = personas.client_for("alice")
    client.handler.enforce_csrf_checks = True

    response = client.post("/api/mentorships/abc/pause/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize(
    "query",
    [{"page_size": "1.5"}, {"page_size": ["2", "3"]}, {"page_size": "0"}, {"state": "lost"}],
)
def test_a_filter_or_page_size_outside_the_schema_is_a_400(
    personas: Personas, query: dict[str, Any]
) -> None:
    response = personas.client_for("alice").get("/api/mentorships/", query)

    assert response.status_code == 400
    assert set(response.json()) == set(query)


def test_an_enrolment_filter_outside_its_choices_is_a_400(personas: Personas) -> None:
    response = personas.client_for("carol").get("/api/enrolments/", {"role": "boss"})

    assert response.status_code == 400
    assert "role" in response.json()
