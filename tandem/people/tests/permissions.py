"""Permission rows for the people pages and API (see tandem/core/testing/permissions.py)."""

from tandem.core.testing.permissions import (
    INVALID,
    NOT_FOUND,
    OK,
    Case,
    api_signed_in,
    signed_in,
)
from tandem.people.models import ImportJob, Skill


def bob(p):
    return {"pk": p.bob.pk}


def first_skill(p):
    return {"id": Skill.objects.order_by("pk").first().pk}


def carols_job(p):
    job = ImportJob.objects.create(created_by=p.carol, filename="people.csv")
    return {"pk": job.pk}


CASES = [
    Case("people:directory", signed_in(OK)),
    Case(
        "people:detail",
        signed_in(NOT_FOUND, alice=OK, bob=OK, carol=OK, other_pair=OK),
        kwargs=bob,
    ),
    Case("people:profile_edit", signed_in(OK)),
    Case("people:import", signed_in(NOT_FOUND, carol=OK, dave=OK)),
    Case("people:import_status", signed_in(NOT_FOUND, carol=OK), kwargs=carols_job),
    Case("GET /api/people/", api_signed_in(OK)),
    Case(
        "GET /api/people/{id}/",
        api_signed_in(NOT_FOUND, alice=OK, bob=OK, carol=OK, other_pair=OK),
        kwargs=lambda p: {"id": p.bob.pk},
    ),
    Case("GET /api/people/me/", api_signed_in(OK)),
    Case("PATCH /api/people/me/", api_signed_in(OK)),
    Case("GET /api/skills/", api_signed_in(OK)),
    Case("GET /api/skills/{id}/", api_signed_in(OK), kwargs=first_skill),
    Case("GET /api/people-imports/", api_signed_in(NOT_FOUND, carol=OK, dave=OK)),
    Case(
        "POST /api/people-imports/",
        api_signed_in(NOT_FOUND, carol=INVALID, dave=INVALID),
        multipart=True,
    ),
    Case(
        "GET /api/people-imports/{id}/",
        api_signed_in(NOT_FOUND, carol=OK),
        kwargs=lambda p: {"id": carols_job(p)["pk"]},
    ),
]
