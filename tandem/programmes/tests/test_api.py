from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from tandem.conftest import Personas
from tandem.programmes.models import Enrolment, Invitation, Programme, Question
from tandem.programmes.tests.factories import ProgrammeFactory, valid_answers

OnCommit = Callable[..., AbstractContextManager[list[Callable[[], object]]]]


def post(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data, content_type="application/json")


def new_programme(**overrides: Any) -> dict[str, Any]:
    return {
        "name": "Data Guild",
        "purpose": "Grow data skills.",
        "starts_on": "2026-02-01",
        "ends_on": "2026-10-01",
        **overrides,
    }


def test_programme_list_shows_only_visible_programmes(personas: Personas) -> None:
    ProgrammeFactory(name="Hidden draft", status=Programme.Status.DRAFT)
    response = personas.client_for("oscar").get("/api/programmes/")
    assert response.status_code == 200
    names = [p["name"] for p in response.json()["results"]]
    assert sorted(names) == ["Engineering Guild", "Leaders of Tomorrow"]


def test_anonymous_api_request_is_refused(personas: Personas) -> None:
    assert Client().get("/api/programmes/").status_code in (401, 403)


def test_coordinator_creates_programme_through_api(personas: Personas) -> None:
    response = post(personas.client_for("carol"), "/api/programmes/", new_programme())
    assert response.status_code == 201, response.json()
    programme = Programme.objects.get(slug=response.json()["slug"])
    assert response.json()["coordinators"] == ["carol@example.org"]
    assert programme.questions.filter(is_core=True).count() == 3
    assert "Mentoring is not line management" in programme.guidelines_what_mentoring_is


def test_programme_api_rejects_bad_dates_with_field_error(personas: Personas) -> None:
    response = post(
        personas.client_for("carol"), "/api/programmes/", new_programme(ends_on="2026-01-01")
    )
    assert response.status_code == 400
    assert "ends_on" in response.json()
    assert not Programme.objects.filter(name="Data Guild").exists()


def test_participant_cannot_create_programme(personas: Personas) -> None:
    response = post(personas.client_for("alice"), "/api/programmes/", new_programme())
    assert response.status_code == 404
    assert not Programme.objects.filter(name="Data Guild").exists()


@pytest.mark.parametrize(("who", "expected"), [("carol", 200), ("dave", 404), ("alice", 404)])
def test_only_the_programmes_coordinators_update_it(
    personas: Personas, who: str, expected: int
) -> None:
    response = personas.client_for(who).patch(
        f"/api/programmes/{personas.programme.slug}/",
        {"status": "running"},
        content_type="application/json",
    )
    assert response.status_code == expected
    personas.programme.refresh_from_db()
    assert (personas.programme.status == "running") == (expected == 200)


def test_programme_questions_are_listed_in_order(personas: Personas) -> None:
    response = personas.client_for("oscar").get(
        f"/api/programmes/{personas.programme.slug}/questions/"
    )
    assert response.status_code == 200
    assert [q["key"] for q in response.json()][:3] == list(Question.CORE_KEYS)


def test_coordinator_adds_question_and_cannot_delete_core_one(personas: Personas) -> None:
    client = personas.client_for("carol")
    response = post(
        client,
        "/api/questions/",
        {
            "programme": personas.programme.slug,
            "key": "sector",
            "text": "Which sector?",
            "kind": "choice",
            "choices": [["public", "Public"], ["private", "Private"]],
        },
    )
    assert response.status_code == 201, response.json()
    core = personas.programme.questions.get(key=Question.DEFINE_MENTORING)
    assert client.delete(f"/api/questions/{core.pk}/").status_code == 400
    assert Question.objects.filter(pk=core.pk).exists()
    response = client.patch(
        f"/api/questions/{core.pk}/", {"key": "other"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "key" in response.json()


def test_question_api_validates_choices_and_scope(personas: Personas) -> None:
    response = post(
        personas.client_for("carol"),
        "/api/questions/",
        {"programme": personas.programme.slug, "key": "x", "text": "X?", "kind": "choice"},
    )
    assert response.status_code == 400
    assert "choices" in response.json()
    response = post(
        personas.client_for("dave"),
        "/api/questions/",
        {"programme": personas.programme.slug, "key": "x", "text": "X?", "kind": "text"},
    )
    assert response.status_code == 400
    assert "programme" in response.json()
    question = personas.programme.questions.get(key="style")
    assert personas.client_for("dave").delete(f"/api/questions/{question.pk}/").status_code == 404
    assert personas.client_for("alice").delete(f"/api/questions/{question.pk}/").status_code == 404


def test_participant_applies_through_api(personas: Personas) -> None:
    response = post(
        personas.client_for("oscar"),
        "/api/enrolments/",
        {
            "programme": personas.other_programme.slug,
            "role": "mentor",
            "capacity": 2,
            "answers": valid_answers(),
        },
    )
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "applied"
    assert Enrolment.objects.get(person=personas.oscar).answers["style"] == "4"


@pytest.mark.parametrize(
    ("change", "error_path"),
    [
        ({"answers": {**valid_answers(), "frequency": "daily"}}, ("answers", "frequency")),
        (
            {"answers": {k: v for k, v in valid_answers().items() if k != "want_from_it"}},
            ("answers", "want_from_it"),
        ),
        ({"answers": {**valid_answers(), "shoe_size": "42"}}, ("answers", "shoe_size")),
        ({"answers": {**valid_answers(), "focus_areas": ["juggling"]}}, ("answers", "focus_areas")),
        ({"capacity": 0}, ("capacity",)),
        ({"capacity": None}, ("capacity",)),
        ({"role": "boss"}, ("role",)),
        ({"programme": "no-such-programme"}, ("programme",)),
    ],
)
def test_application_api_reports_field_errors_and_writes_nothing(
    personas: Personas, change: dict[str, Any], error_path: tuple[str, ...]
) -> None:
    body = {
        "programme": personas.other_programme.slug,
        "role": "mentor",
        "capacity": 2,
        "answers": valid_answers(),
        **change,
    }
    response = post(personas.client_for("oscar"), "/api/enrolments/", body)
    assert response.status_code == 400
    errors = response.json()
    for key in error_path:
        errors = errors[key]
    assert errors
    assert not Enrolment.objects.filter(person=personas.oscar).exists()


def test_second_application_through_api_is_refused(personas: Personas) -> None:
    response = post(
        personas.client_for("alice"),
        "/api/enrolments/",
        {
            "programme": personas.programme.slug,
            "role": "mentee",
            "goals": "Again",
            "answers": valid_answers(),
        },
    )
    assert response.status_code == 400
    assert "already applied" in response.json()["non_field_errors"][0]


def test_participants_see_their_own_enrolments_and_coordinators_their_programmes(
    personas: Personas,
) -> None:
    def people(who: str) -> list[str]:
        response = personas.client_for(who).get("/api/enrolments/")
        assert response.status_code == 200
        return [e["person"]["name"] for e in response.json()["results"]]

    assert people("alice") == ["Alice Mentee"]
    assert people("carol") == ["Alice Mentee", "Bob Mentor"]
    assert people("dave") == []
    assert people("oscar") == []
    alice_url = f"/api/enrolments/{personas.alice_enrolment.pk}/"
    assert personas.client_for("bob").get(alice_url).status_code == 404
    assert personas.client_for("dave").get(alice_url).status_code == 404


def test_coordinator_approves_through_api_and_applicant_is_emailed_once(
    personas: Personas, django_capture_on_commit_callbacks: OnCommit
) -> None:
    enrolment = personas.alice_enrolment
    enrolment.status = "applied"
    enrolment.save()
    url = f"/api/enrolments/{enrolment.pk}/approve/"
    assert post(personas.client_for("dave"), url, {}).status_code == 404
    assert post(personas.client_for("alice"), url, {}).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = post(personas.client_for("carol"), url, {"note": "Welcome"})
        post(personas.client_for("carol"), url, {})
    assert response.status_code == 200
    assert response.json()["status"] == "approved"
    assert len(mail.outbox) == 1


def test_decision_note_too_long_is_a_field_error(personas: Personas) -> None:
    url = f"/api/enrolments/{personas.alice_enrolment.pk}/decline/"
    response = post(personas.client_for("carol"), url, {"note": "x" * 501})
    assert response.status_code == 400
    assert "note" in response.json()
    personas.alice_enrolment.refresh_from_db()
    assert personas.alice_enrolment.status == "approved"


def test_applicant_withdraws_through_api(personas: Personas) -> None:
    url = f"/api/enrolments/{personas.alice_enrolment.pk}/withdraw/"
    assert post(personas.client_for("carol"), url, {}).status_code == 404
    response = post(personas.client_for("alice"), url, {})
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"


def test_invitations_api_is_idempotent_and_coordinator_only(
    personas: Personas, django_capture_on_commit_callbacks: OnCommit
) -> None:
    body = {"programme": personas.programme.slug, "email": "zoe@example.org", "role": "mentee"}
    client = personas.client_for("carol")
    with django_capture_on_commit_callbacks(execute=True):
        first = post(client, "/api/invitations/", body)
    with django_capture_on_commit_callbacks(execute=True):
        again = post(client, "/api/invitations/", body)
    with django_capture_on_commit_callbacks(execute=True):
        resent = post(client, "/api/invitations/", {**body, "resend": True})
    assert (first.status_code, again.status_code, resent.status_code) == (201, 200, 201)
    assert len(mail.outbox) == 2
    assert Invitation.objects.count() == 1

    outsider = post(personas.client_for("dave"), "/api/invitations/", body)
    assert outsider.status_code == 400
    assert "programme" in outsider.json()
    assert personas.client_for("dave").get("/api/invitations/").json()["results"] == []
    assert personas.client_for("alice").get("/api/invitations/").json()["results"] == []
    bad = post(client, "/api/invitations/", {**body, "email": "nope"})
    assert bad.status_code == 400
    assert "email" in bad.json()


def test_openapi_schema_generates(personas: Personas) -> None:
    response = personas.client_for("alice").get("/api/schema/")
    assert response.status_code == 200
    content = response.content.decode()
    for path in ("/api/programmes/", "/api/enrolments/{id}/approve/", "/api/invitations/"):
        assert path in content
