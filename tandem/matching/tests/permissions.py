"""Permission rows for the matching pages and API (see tandem/core/testing/permissions.py).

carol coordinates `programme`, where alice (mentee) and bob (mentor) are enrolled; dave
coordinates `other_programme`; erin and oscar have no part in either. Match runs belong to the
programme's coordinators; a mentor request to the mentee who sent it and the mentor asked."""

from django.utils import timezone

from tandem.core.testing.permissions import (
    INVALID,
    NOT_FOUND,
    OK,
    REDIRECT,
    Case,
    api_signed_in,
    signed_in,
)
from tandem.matching.models import (
    MatchProposal,
    MatchRun,
    MentorRequest,
    PairRule,
    UnmatchedMentee,
)
from tandem.programmes.models import Programme


def slug(p):
    return {"slug": p.programme.slug}


def _run(p):
    run = MatchRun.objects.create(
        programme=p.programme,
        created_by=p.carol,
        mode="optimal",
        weights={"goals": 1.0, "expectations": 0.0, "preferences": 0.0, "cross_department": 0.0},
        status=MatchRun.Status.DONE,
        progress=100,
    )
    return run


def run(p):
    return {"slug": p.programme.slug, "pk": _run(p).pk}


def _proposal(p):
    return MatchProposal.objects.create(
        run=_run(p), mentee=p.alice, mentor=p.bob, score=0.5, reasons=["shared skill: budgeting"]
    )


def proposal(p, action="pin"):
    found = _proposal(p)
    return {"slug": p.programme.slug, "pk": found.run_id, "proposal": found.pk, "action": action}


def unmatched_row(p):
    found = UnmatchedMentee.objects.create(run=_run(p), mentee=p.alice, reason="no mentor")
    return {"slug": p.programme.slug, "pk": found.run_id, "row": found.pk}


def rule(p):
    found = PairRule.objects.create(
        programme=p.programme, mentee=p.alice, mentor=p.bob, kind=PairRule.Kind.FORBID
    )
    return {"slug": p.programme.slug, "pk": found.pk}


def choosing(p):
    p.programme.matching_mode = Programme.MatchingMode.BOTH
    p.programme.save()
    return {"slug": p.programme.slug}


def _request(p):
    choosing(p)
    return MentorRequest.objects.create(
        programme=p.programme,
        mentee=p.alice,
        mentor=p.bob,
        hope_to_gain="Confidence.",
        why_this_mentor="Experience.",
        expires_at=timezone.now() + timezone.timedelta(days=14),
    )


def request_id(p):
    return {"id": _request(p).pk}


COORDINATOR_ONLY = signed_in(NOT_FOUND, carol=OK, superuser=OK)
COORDINATOR_ONLY_POST = signed_in(NOT_FOUND, carol=REDIRECT, superuser=REDIRECT)
API_COORDINATOR = api_signed_in(NOT_FOUND, carol=OK, superuser=OK)
PAIR_ONLY = signed_in(NOT_FOUND, alice=OK, bob=OK, superuser=NOT_FOUND)

CASES = [
    Case("matching:runs", COORDINATOR_ONLY, kwargs=slug),
    Case("matching:run_create", COORDINATOR_ONLY, kwargs=slug),
    Case("matching:rule_create", COORDINATOR_ONLY, kwargs=slug),
    Case("matching:rule_delete", COORDINATOR_ONLY_POST, method="post", kwargs=rule),
    Case("matching:settings", COORDINATOR_ONLY, kwargs=slug),
    Case("matching:run_detail", COORDINATOR_ONLY, kwargs=run),
    Case("matching:run_progress", COORDINATOR_ONLY, kwargs=run),
    Case("matching:run_export", COORDINATOR_ONLY, kwargs=run),
    Case("matching:proposal_action", COORDINATOR_ONLY_POST, method="post", kwargs=proposal),
    Case("matching:proposal_swap", COORDINATOR_ONLY_POST, method="post", kwargs=run),
    Case("matching:proposal_assign", COORDINATOR_ONLY_POST, method="post", kwargs=run),
    Case("matching:run_rerun", COORDINATOR_ONLY_POST, method="post", kwargs=run),
    Case("matching:run_publish", COORDINATOR_ONLY, kwargs=run),
    Case("matching:run_publish", COORDINATOR_ONLY_POST, method="post", kwargs=run),
    Case("matching:assign_mentor", COORDINATOR_ONLY, kwargs=unmatched_row),
    Case(
        "matching:find_mentor",
        signed_in(NOT_FOUND, alice=OK, other_pair=OK, superuser=NOT_FOUND),
        kwargs=choosing,
    ),
    Case(
        "matching:request_create",
        signed_in(NOT_FOUND, alice=OK, other_pair=OK, superuser=NOT_FOUND),
        kwargs=lambda p: {**choosing(p), "mentor": p.bob.pk},
    ),
    Case("matching:requests", signed_in(OK, superuser=OK)),
    Case("matching:request_detail", PAIR_ONLY, kwargs=lambda p: {"pk": _request(p).pk}),
    Case(
        "matching:request_respond",
        signed_in(NOT_FOUND, bob=REDIRECT, superuser=NOT_FOUND),
        method="post",
        kwargs=lambda p: {"pk": _request(p).pk, "action": "decline"},
    ),
    # API
    Case("GET /api/match-runs/", api_signed_in(OK, superuser=OK)),
    Case("POST /api/match-runs/", api_signed_in(INVALID, superuser=INVALID)),
    Case("GET /api/match-runs/{id}/", API_COORDINATOR, kwargs=lambda p: {"id": _run(p).pk}),
    Case(
        "POST /api/match-runs/{id}/publish/",
        api_signed_in(NOT_FOUND, carol=INVALID, superuser=INVALID),
        kwargs=lambda p: {"id": _run(p).pk},
    ),
    Case("POST /api/match-runs/{id}/rerun/", API_COORDINATOR, kwargs=lambda p: {"id": _run(p).pk}),
    Case("GET /api/match-proposals/", api_signed_in(OK, superuser=OK)),
    Case(
        "GET /api/match-proposals/{id}/",
        API_COORDINATOR,
        kwargs=lambda p: {"id": _proposal(p).pk},
    ),
    Case(
        "PATCH /api/match-proposals/{id}/",
        API_COORDINATOR,
        kwargs=lambda p: {"id": _proposal(p).pk},
    ),
    Case(
        "GET /api/mentor-recommendations/",
        api_signed_in(NOT_FOUND, alice=OK, other_pair=OK, superuser=NOT_FOUND),
        kwargs=choosing,
        data=lambda p: {"programme": p.programme.slug},
    ),
    Case("GET /api/mentor-requests/", api_signed_in(OK, superuser=OK)),
    Case("POST /api/mentor-requests/", api_signed_in(INVALID, superuser=INVALID)),
    Case(
        "GET /api/mentor-requests/{id}/",
        api_signed_in(NOT_FOUND, alice=OK, bob=OK, superuser=NOT_FOUND),
        kwargs=request_id,
    ),
    Case(
        "POST /api/mentor-requests/{id}/accept/",
        api_signed_in(NOT_FOUND, bob=OK, superuser=NOT_FOUND),
        kwargs=request_id,
    ),
    Case(
        "POST /api/mentor-requests/{id}/decline/",
        api_signed_in(NOT_FOUND, bob=OK, superuser=NOT_FOUND),
        kwargs=request_id,
    ),
    Case(
        "POST /api/mentor-requests/{id}/withdraw/",
        api_signed_in(NOT_FOUND, alice=OK, superuser=NOT_FOUND),
        kwargs=request_id,
    ),
]
