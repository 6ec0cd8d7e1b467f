"""Permission rows for the programmes pages and API (see tandem/core/testing/permissions.py).

carol coordinates `programme`, where alice (mentee) and bob (mentor) are enrolled; dave
coordinates `other_programme`; erin and oscar have no part in either; other_pair is enrolled in
`programme` as the mentee of another pair, so it is treated as any enrolled participant."""

from tandem.core.testing.permissions import (
    INVALID,
    NOT_FOUND,
    OK,
    REDIRECT,
    Case,
    api_signed_in,
    everyone,
    signed_in,
)
from tandem.programmes.models import Invitation, InvitationBatch


def slug(p):
    return {"slug": p.programme.slug}


def question(p):
    return {"slug": p.programme.slug, "pk": p.programme.questions.filter(is_core=False)[0].pk}


def enrolment(p):
    return {"slug": p.programme.slug, "pk": p.alice_enrolment.pk}


def invitation(p):
    invite = Invitation.objects.create(programme=p.programme, email=p.oscar.email, role="mentee")
    return {"token": invite.token}


def batch(p):
    made = InvitationBatch.objects.create(
        programme=p.programme, role="mentee", description="Department Engineering"
    )
    return {"slug": p.programme.slug, "pk": made.pk}


COORDINATOR_ONLY = signed_in(NOT_FOUND, carol=OK, superuser=OK)
COORDINATOR_ONLY_POST = signed_in(NOT_FOUND, carol=REDIRECT, superuser=REDIRECT)
API_COORDINATOR = api_signed_in(NOT_FOUND, carol=OK, superuser=OK)

CASES = [
    Case("programmes:list", signed_in(OK, superuser=OK)),
    Case("programmes:create", signed_in(NOT_FOUND, carol=OK, dave=OK, superuser=OK)),
    Case("programmes:detail", signed_in(OK, superuser=OK), kwargs=slug),
    Case("programmes:edit", COORDINATOR_ONLY, kwargs=slug),
    Case(
        "programmes:apply",
        signed_in(OK, alice=REDIRECT, bob=REDIRECT, other_pair=REDIRECT, superuser=OK),
        kwargs=slug,
    ),
    Case(
        "programmes:withdraw",
        signed_in(
            NOT_FOUND, alice=REDIRECT, bob=REDIRECT, other_pair=REDIRECT, superuser=NOT_FOUND
        ),
        method="post",
        kwargs=slug,
    ),
    Case("programmes:questions", COORDINATOR_ONLY, kwargs=slug),
    Case("programmes:question_edit", COORDINATOR_ONLY, kwargs=question),
    Case("programmes:question_delete", COORDINATOR_ONLY_POST, method="post", kwargs=question),
    Case(
        "programmes:question_move",
        COORDINATOR_ONLY_POST,
        method="post",
        kwargs=lambda p: {**question(p), "direction": "up"},
    ),
    Case("programmes:enrolments", COORDINATOR_ONLY, kwargs=slug),
    Case("programmes:enrolments_bulk", COORDINATOR_ONLY_POST, method="post", kwargs=slug),
    Case("programmes:enrolment", COORDINATOR_ONLY, kwargs=enrolment),
    Case(
        "programmes:enrolment_decide",
        COORDINATOR_ONLY_POST,
        method="post",
        kwargs=lambda p: {**enrolment(p), "action": "approve"},
    ),
    Case("programmes:invite", COORDINATOR_ONLY, kwargs=slug),
    Case("programmes:invite_bulk", COORDINATOR_ONLY, kwargs=slug),
    Case(
        "programmes:invite_bulk",
        # An empty post is an unbound form: the page as first shown, nothing recorded.
        signed_in(NOT_FOUND, carol=OK, superuser=OK),
        method="post",
        kwargs=slug,
        label="empty post",
    ),
    Case("programmes:invitation_batch", COORDINATOR_ONLY, kwargs=batch),
    Case(
        "programmes:invitation_accept",
        everyone(OK, oscar=REDIRECT, superuser=OK),
        kwargs=invitation,
    ),
    # API
    Case("GET /api/programmes/", api_signed_in(OK, superuser=OK)),
    Case(
        "POST /api/programmes/",
        api_signed_in(NOT_FOUND, carol=INVALID, dave=INVALID, superuser=INVALID),
    ),
    Case("GET /api/programmes/{slug}/", api_signed_in(OK, superuser=OK), kwargs=slug),
    Case(
        "PUT /api/programmes/{slug}/",
        api_signed_in(NOT_FOUND, carol=INVALID, superuser=INVALID),
        kwargs=slug,
    ),
    Case("PATCH /api/programmes/{slug}/", API_COORDINATOR, kwargs=slug),
    Case("GET /api/programmes/{slug}/questions/", api_signed_in(OK, superuser=OK), kwargs=slug),
    Case("GET /api/questions/", api_signed_in(OK, superuser=OK)),
    Case("POST /api/questions/", api_signed_in(INVALID, superuser=INVALID)),
    Case(
        "GET /api/questions/{id}/",
        api_signed_in(OK, superuser=OK),
        kwargs=lambda p: {"id": question(p)["pk"]},
    ),
    Case(
        "PUT /api/questions/{id}/",
        api_signed_in(NOT_FOUND, carol=INVALID, superuser=INVALID),
        kwargs=lambda p: {"id": question(p)["pk"]},
    ),
    Case("PATCH /api/questions/{id}/", API_COORDINATOR, kwargs=lambda p: {"id": question(p)["pk"]}),
    Case(
        "DELETE /api/questions/{id}/",
        api_signed_in(NOT_FOUND, carol=OK, superuser=OK),
        kwargs=lambda p: {"id": question(p)["pk"]},
    ),
    Case("GET /api/enrolments/", api_signed_in(OK, superuser=OK)),
    Case("POST /api/enrolments/", api_signed_in(INVALID, superuser=INVALID)),
    Case(
        "GET /api/enrolments/{id}/",
        api_signed_in(NOT_FOUND, alice=OK, carol=OK, superuser=OK),
        kwargs=lambda p: {"id": p.alice_enrolment.pk},
    ),
    Case(
        "POST /api/enrolments/{id}/approve/",
        api_signed_in(NOT_FOUND, carol=OK, superuser=OK),
        kwargs=lambda p: {"id": p.alice_enrolment.pk},
    ),
    Case(
        "POST /api/enrolments/{id}/decline/",
        api_signed_in(NOT_FOUND, carol=OK, superuser=OK),
        kwargs=lambda p: {"id": p.alice_enrolment.pk},
    ),
    Case(
        "POST /api/enrolments/{id}/withdraw/",
        api_signed_in(NOT_FOUND, alice=OK, superuser=NOT_FOUND),
        kwargs=lambda p: {"id": p.alice_enrolment.pk},
    ),
    Case("GET /api/invitations/", api_signed_in(OK, superuser=OK)),
    Case("POST /api/invitations/", api_signed_in(INVALID, superuser=INVALID)),
    Case(
        "GET /api/invitations/{id}/",
        API_COORDINATOR,
        kwargs=lambda p: {
            "id": Invitation.objects.create(
                programme=p.programme, email="new@example.org", role="mentor"
            ).pk
        },
    ),
]
