"""Every API operation for a member of another pair: out of scope is 404, lists stay empty."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from tandem.conftest import Personas
from tandem.mentorships.models import Mentorship

from .conftest import World, client_for

# The seven standard personas run through tandem/core/tests/test_permission_matrix.py with
# the rows of tests/permissions.py; these tables add the member of another pair.
PERSONAS = ["other_pair"]

MEMBERS = {"alice", "bob"}
AUTHOR = {"alice"}
METADATA = {"alice", "bob", "carol"}

# (resource, object in the world, who may read it)
READS: list[tuple[str, Callable[[World], Any], set[str]]] = [
    ("mentorships", lambda w: w.mentorship, METADATA),
    ("mentorship-charters", lambda w: w.charter, MEMBERS),
    ("mentorship-goals", lambda w: w.goal, MEMBERS),
    ("mentorship-goal-comments", lambda w: w.comment, MEMBERS),
    ("mentorship-milestones", lambda w: w.milestone, MEMBERS),
    ("mentorship-learning-needs", lambda w: w.need, MEMBERS),
    ("mentorship-opportunities", lambda w: w.opportunity, MEMBERS),
    ("mentorship-teach-backs", lambda w: w.teach_back, MEMBERS),
    ("mentorship-meetings", lambda w: w.meeting, MEMBERS),
    ("mentorship-agenda-items", lambda w: w.agenda_item, MEMBERS),
    ("mentorship-meeting-notes", lambda w: w.shared_note, MEMBERS),
    ("mentorship-meeting-notes", lambda w: w.private_note, AUTHOR),
    ("mentorship-action-items", lambda w: w.action, MEMBERS),
    ("mentorship-journal-entries", lambda w: w.journal_private, AUTHOR),
    ("mentorship-journal-entries", lambda w: w.journal_shared, MEMBERS),
    ("mentorship-feedback", lambda w: w.feedback, MEMBERS),
    ("mentorship-check-ins", lambda w: w.check_in, MEMBERS),
    ("mentorship-concerns", lambda w: w.concern_partner, MEMBERS),
    ("mentorship-concerns", lambda w: w.concern_coordinator, {"bob"}),
]


@pytest.mark.parametrize("who", PERSONAS)
@pytest.mark.parametrize(
    ("resource", "obj", "allowed"), READS, ids=[f"{r[0]}-{i}" for i, r in enumerate(READS)]
)
def test_api_read_access(
    personas: Personas,
    world: World,
    other_pair: Mentorship,
    who: str,
    resource: str,
    obj: Callable[[World], Any],
    allowed: set[str],
) -> None:
    client = client_for(personas, who, other_pair)
    pk = obj(world).pk
    listing = client.get(f"/api/{resource}/")
    detail = client.get(f"/api/{resource}/{pk}/")
    if who == "anonymous":
        assert listing.status_code in (401, 403)
        assert detail.status_code in (401, 403)
        return
    assert listing.status_code == 200
    ids = {item["id"] for item in listing.json()["results"]}
    assert (pk in ids) == (who in allowed)
    assert detail.status_code == (200 if who in allowed else 404)


def _bodies(w: World) -> dict[str, dict[str, Any]]:
    m = w.mentorship.pk
    return {
        "mentorship-charters": {
            "mentorship": m,
            "desired_outcomes": "Lead well",
            "confidentiality": "Between us",
            "cadence": "monthly",
            "meeting_format": "video",
        },
        "mentorship-goals": {"mentorship": m, "title": "Speak up", "success_criterion": "Twice"},
        "mentorship-goal-comments": {"goal": w.goal.pk, "text": "Good"},
        "mentorship-milestones": {"goal": w.goal.pk, "title": "First talk"},
        "mentorship-learning-needs": {"mentorship": m, "description": "Public speaking"},
        "mentorship-opportunities": {"mentorship": m, "kind": "course", "title": "Toastmasters"},
        "mentorship-teach-backs": {
            "mentorship": m,
            "description": "Showed the team",
            "taught_on": str(timezone.localdate()),
        },
        "mentorship-meetings": {
            "mentorship": m,
            "starts_at": (timezone.now() + timezone.timedelta(days=7)).isoformat(),
            "duration_minutes": 45,
            "meeting_format": "video",
        },
        "mentorship-agenda-items": {"meeting": w.meeting.pk, "text": "Budget"},
        "mentorship-meeting-notes": {"meeting": w.meeting.pk, "body": "Notes", "is_private": True},
        "mentorship-action-items": {"mentorship": m, "owner": w.mentorship.mentee_id, "text": "Do"},
        "mentorship-journal-entries": {"mentorship": m, "body": "Today I learnt"},
        "mentorship-feedback": {"mentorship": m, "keep": "Listening", "try_next": "Challenge me"},
        "mentorship-check-ins": {
            "mentorship": m,
            "engagement": 4,
            "flexibility": 4,
            "authenticity": 4,
            "reciprocity": 4,
        },
        "mentorship-concerns": {"mentorship": m, "audience": "partner", "text": "Busy month"},
    }


CREATES = [
    "mentorship-charters",
    "mentorship-goals",
    "mentorship-goal-comments",
    "mentorship-milestones",
    "mentorship-learning-needs",
    "mentorship-opportunities",
    "mentorship-teach-backs",
    "mentorship-meetings",
    "mentorship-agenda-items",
    "mentorship-meeting-notes",
    "mentorship-action-items",
    "mentorship-journal-entries",
    "mentorship-feedback",
    "mentorship-check-ins",
    "mentorship-concerns",
]


@pytest.mark.parametrize("who", PERSONAS)
@pytest.mark.parametrize("resource", CREATES)
def test_api_create_access(
    personas: Personas, world: World, other_pair: Mentorship, who: str, resource: str
) -> None:
    client = client_for(personas, who, other_pair)
    response = client.post(
        f"/api/{resource}/", _bodies(world)[resource], content_type="application/json"
    )
    if who == "anonymous":
        assert response.status_code in (401, 403)
    elif who in MEMBERS:
        assert response.status_code == 201, response.content
    else:
        assert response.status_code == 404


# (action URL, body, who may act, their status)
ACTIONS: list[tuple[str, Callable[[World], str], dict[str, Any], set[str], int]] = [
    (
        "start-agreeing",
        lambda w: f"/api/mentorships/{w.mentorship.pk}/start-agreeing/",
        {},
        MEMBERS,
        400,
    ),
    ("activate", lambda w: f"/api/mentorships/{w.mentorship.pk}/activate/", {}, MEMBERS, 400),
    ("pause", lambda w: f"/api/mentorships/{w.mentorship.pk}/pause/", {}, MEMBERS, 200),
    ("resume", lambda w: f"/api/mentorships/{w.mentorship.pk}/resume/", {}, MEMBERS, 400),
    (
        "maturity",
        lambda w: f"/api/mentorships/{w.mentorship.pk}/maturity/",
        {"maturity": "cultivation"},
        MEMBERS,
        200,
    ),
    (
        "look-elsewhere",
        lambda w: f"/api/mentorships/{w.mentorship.pk}/look-elsewhere/",
        {},
        MEMBERS,
        400,
    ),
    (
        "propose-closure",
        lambda w: f"/api/mentorships/{w.mentorship.pk}/propose-closure/",
        {},
        MEMBERS,
        200,
    ),
    (
        "withdraw-closure",
        lambda w: f"/api/mentorships/{w.mentorship.pk}/withdraw-closure/",
        {},
        MEMBERS,
        400,
    ),
    (
        "closure",
        lambda w: f"/api/mentorships/{w.mentorship.pk}/closure/",
        {
            "went_well": "a",
            "learnt": "b",
            "goals_achieved": "some",
            "confidence_before": 3,
            "confidence_after": 7,
            "would_recommend": 8,
        },
        MEMBERS,
        400,
    ),
    ("exit-early", lambda w: f"/api/mentorships/{w.mentorship.pk}/exit-early/", {}, MEMBERS, 200),
    (
        "stay-in-touch",
        lambda w: f"/api/mentorships/{w.mentorship.pk}/stay-in-touch/",
        {"stay": True},
        MEMBERS,
        400,
    ),
    ("charter-sign", lambda w: f"/api/mentorship-charters/{w.charter.pk}/sign/", {}, MEMBERS, 200),
    (
        "goal-progress",
        lambda w: f"/api/mentorship-goals/{w.goal.pk}/progress/",
        {"progress": 40, "status": "in_progress"},
        {"alice"},
        200,
    ),
    (
        "milestone-reached",
        lambda w: f"/api/mentorship-milestones/{w.milestone.pk}/reached/",
        {"reached": True},
        MEMBERS,
        200,
    ),
    (
        "opportunity-status",
        lambda w: f"/api/mentorship-opportunities/{w.opportunity.pk}/status/",
        {"status": "taken"},
        MEMBERS,
        200,
    ),
    (
        "meeting-status",
        lambda w: f"/api/mentorship-meetings/{w.meeting.pk}/status/",
        {"status": "held"},
        MEMBERS,
        200,
    ),
    (
        "meeting-attendance",
        lambda w: f"/api/mentorship-meetings/{w.meeting.pk}/attendance/",
        {"status": "late"},
        MEMBERS,
        200,
    ),
    (
        "action-done",
        lambda w: f"/api/mentorship-action-items/{w.action.pk}/done/",
        {"done": True},
        MEMBERS,
        200,
    ),
]


@pytest.mark.parametrize("who", PERSONAS)
@pytest.mark.parametrize(
    ("name", "url", "body", "allowed", "ok"), ACTIONS, ids=[a[0] for a in ACTIONS]
)
def test_api_action_access(
    personas: Personas,
    world: World,
    other_pair: Mentorship,
    who: str,
    name: str,
    url: Callable[[World], str],
    body: dict[str, Any],
    allowed: set[str],
    ok: int,
) -> None:
    client = client_for(personas, who, other_pair)
    if name == "meeting-attendance":
        body = {**body, "person": world.mentorship.mentee_id}
    response = client.post(url(world), body, content_type="application/json")
    if who == "anonymous":
        assert response.status_code in (401, 403)
    elif who in MEMBERS:
        # Members reach the rule; the mentor's refusal to update progress is a 400 with a reason.
        expected = ok if who in allowed else 400
        assert response.status_code == expected, response.content
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("who", PERSONAS)
def test_api_check_in_scores_for_metadata_readers(
    personas: Personas, world: World, other_pair: Mentorship, who: str
) -> None:
    client = client_for(personas, who, other_pair)
    response = client.get(f"/api/mentorships/{world.mentorship.pk}/check-in-scores/")
    if who == "anonymous":
        assert response.status_code in (401, 403)
    elif who in METADATA:
        assert response.status_code == 200
        assert response.json()[0]["engagement"] == 4
        assert "comment" not in response.json()[0]
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("who", PERSONAS)
def test_api_coordinator_pairs_by_hand(
    personas: Personas, other_pair: Mentorship, who: str
) -> None:
    client = client_for(personas, who, other_pair)
    body = {
        "programme": personas.programme.slug,
        "mentee": personas.alice.pk,
        "mentor": personas.bob.pk,
    }
    response = client.post("/api/mentorships/", body, content_type="application/json")
    if who == "anonymous":
        assert response.status_code in (401, 403)
    elif who == "carol":
        assert response.status_code == 201
        assert response.json()["state"] == "proposed"
    else:
        assert response.status_code == 400
        assert not Mentorship.objects.filter(mentee=personas.alice).exists()


def test_api_private_note_is_its_authors_alone(personas: Personas, world: World) -> None:
    bob = personas.client_for("bob")
    notes = bob.get(f"/api/mentorship-meeting-notes/?mentorship={world.mentorship.pk}").json()
    assert [n["id"] for n in notes["results"]] == [world.shared_note.pk]
