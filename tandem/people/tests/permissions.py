"""Permission rows for the people pages and API (see tandem/core/testing/permissions.py)."""

from tandem.core.testing.permissions import (
    INVALID,
    NOT_FOUND,
    OK,
    REDIRECT,
    Case,
    api_signed_in,
    signed_in,
)
from tandem.people.models import ImportJob, Skill


def bob(p):
    return {"pk": p.bob.pk}


def first_skill(p):
    return {"id": Skill.objects.order_by("pk").first().pk}


def bob_with_photo(p):
    from tandem.people.services import person_photo_set
    from tandem.people.tests.test_photos import photo_upload

    person_photo_set(person=p.bob, upload=photo_upload((64, 64)))
    return {"pk": p.bob.pk}


def oscar(p):
    return {"pk": p.oscar.pk}


# Only an operator erases a person; to everyone else the page does not exist.
ERASER_ONLY = signed_in(NOT_FOUND, superuser=OK)


def operators_job(p):
    job = ImportJob.objects.create(created_by=p.superuser, filename="people.csv")
    return {"pk": job.pk}


CASES = [
    Case("people:directory", signed_in(OK, superuser=OK)),
    Case(
        "people:detail",
        signed_in(NOT_FOUND, alice=OK, bob=OK, carol=OK, other_pair=OK, superuser=OK),
        kwargs=bob,
    ),
    Case("people:profile_edit", signed_in(OK, superuser=OK)),
    Case("people:photo_edit", signed_in(REDIRECT, superuser=REDIRECT), method="post"),
    Case(
        "people:photo",
        signed_in(NOT_FOUND, alice=OK, bob=OK, carol=OK, other_pair=OK, superuser=OK),
        kwargs=bob_with_photo,
    ),
    Case("people:erase", ERASER_ONLY, kwargs=oscar),
    Case("people:erase", signed_in(NOT_FOUND, superuser=INVALID), method="post", kwargs=oscar),
    Case(
        "people:erase",
        signed_in(NOT_FOUND, superuser=REDIRECT),
        method="post",
        kwargs=oscar,
        data=lambda p: {"email": p.oscar.email},
        label="confirmed",
    ),
    Case("people:import", signed_in(NOT_FOUND, superuser=OK)),
    Case("people:import_template", signed_in(NOT_FOUND, superuser=OK)),
    Case("people:import_status", signed_in(NOT_FOUND, superuser=OK), kwargs=operators_job),
    Case("GET /api/people/", api_signed_in(OK, superuser=OK)),
    Case(
        "GET /api/people/{id}/",
        api_signed_in(NOT_FOUND, alice=OK, bob=OK, carol=OK, other_pair=OK, superuser=OK),
        kwargs=lambda p: {"id": p.bob.pk},
    ),
    Case("GET /api/people/me/", api_signed_in(OK, superuser=OK)),
    Case("PATCH /api/people/me/", api_signed_in(OK, superuser=OK)),
    Case("GET /api/skills/", api_signed_in(OK, superuser=OK)),
    Case("GET /api/skills/{id}/", api_signed_in(OK, superuser=OK), kwargs=first_skill),
    Case("GET /api/people-imports/", api_signed_in(NOT_FOUND, superuser=OK)),
    Case(
        "POST /api/people-imports/",
        api_signed_in(NOT_FOUND, superuser=INVALID),
        multipart=True,
    ),
    Case(
        "GET /api/people-imports/{id}/",
        api_signed_in(NOT_FOUND, superuser=OK),
        kwargs=lambda p: {"id": operators_job(p)["pk"]},
    ),
]
