"""A circle's pages for every persona: alice (a member) and bob (its facilitator) read and
write; erin, a member who left, and other_pair's mentee, a member of another circle in the
same programme, get 404 like any outsider; carol, the coordinator, and the operator read the
coordinator's page of metadata only. Every page a persona is served is swept for the markers
it must not show."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from tandem.circles.models import (
    Circle,
    CircleAgendaItem,
    CircleConcern,
    CircleGoal,
    CircleJournalEntry,
    CircleMeeting,
)
from tandem.core.testing.permissions import NOT_FOUND, OK, REDIRECT, Case, signed_in

from .world import (
    ALICE_PRIVATE,
    BOB_PRIVATE,
    OTHER_CIRCLE,
    SHARED,
    TO_COORDINATOR,
    TO_FACILITATORS,
    build_world,
)

MARKERS = (SHARED, ALICE_PRIVATE, BOB_PRIVATE, TO_FACILITATORS, TO_COORDINATOR, OTHER_CIRCLE)
# Each marker, and who may ever read it on any page.
READERS = {
    SHARED: {"alice", "bob"},
    ALICE_PRIVATE: {"alice"},
    BOB_PRIVATE: {"bob"},
    TO_FACILITATORS: {"alice", "bob"},
    TO_COORDINATOR: {"alice", "carol", "superuser"},
    OTHER_CIRCLE: {"other_pair"},
}


def prepare(p: Any) -> None:
    build_world(p)


def sweep(p: Any, who: str, response: Any) -> None:
    """No page shows a persona a marker it may not read."""
    body = response.content.decode()
    leaked = [m for m in MARKERS if m in body and who not in READERS[m]]
    assert not leaked, f"{who} sees {leaked}"


def _circle() -> Circle:
    return Circle.objects.get(name="Finance leaders")


def circle(p: Any) -> dict[str, Any]:
    return {"pk": _circle().pk}


def coordinated(p: Any) -> dict[str, Any]:
    return {"slug": p.programme.slug, "pk": _circle().pk}


def concern(p: Any) -> dict[str, Any]:
    return {**coordinated(p), "concern_pk": CircleConcern.objects.get(audience="coordinator").pk}


def held(p: Any) -> dict[str, Any]:
    meeting = CircleMeeting.objects.get(circle=_circle(), status="held")
    return {"pk": meeting.circle_id, "meeting_pk": meeting.pk}


def upcoming(p: Any) -> dict[str, Any]:
    meeting = CircleMeeting.objects.get(circle=_circle(), status="scheduled")
    return {"pk": meeting.circle_id, "meeting_pk": meeting.pk}


def goal(p: Any) -> dict[str, Any]:
    return {"pk": _circle().pk, "goal_pk": CircleGoal.objects.get(circle=_circle(), owner=None).pk}


def own_goal(p: Any) -> dict[str, Any]:
    return {"pk": _circle().pk, "goal_pk": CircleGoal.objects.get(owner=p.alice).pk}


def entry(shared: bool) -> Any:
    def kwargs(p: Any) -> dict[str, Any]:
        found = CircleJournalEntry.objects.get(circle=_circle(), shared_at__isnull=not shared)
        return {"pk": found.circle_id, "entry_pk": found.pk}

    return kwargs


def agenda_item(p: Any) -> dict[str, Any]:
    return {**held(p), "item_pk": CircleAgendaItem.objects.get().pk}


def meeting_data(p: Any) -> dict[str, Any]:
    later = timezone.localtime(timezone.now() + timedelta(days=9)).replace(tzinfo=None)
    return {
        "starts_at": later.strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": 60,
        "meeting_format": "video",
        "location": "https://video.example.org/circle",
    }


MEMBERS = signed_in(NOT_FOUND, alice=OK, bob=OK, superuser=NOT_FOUND)
MEMBERS_WRITE = signed_in(NOT_FOUND, alice=REDIRECT, bob=REDIRECT, superuser=NOT_FOUND)
FACILITATOR = signed_in(NOT_FOUND, bob=OK, superuser=NOT_FOUND)
AUTHOR = signed_in(NOT_FOUND, alice=OK, superuser=NOT_FOUND)
COORDINATORS = signed_in(NOT_FOUND, carol=OK, superuser=OK)
COORDINATORS_WRITE = signed_in(NOT_FOUND, carol=REDIRECT, superuser=REDIRECT)

CASES = [
    Case("circles:mine", signed_in(OK, superuser=OK), check=sweep),
    Case("circles:overview", MEMBERS, kwargs=circle, check=sweep),
    Case("circles:leave", MEMBERS, kwargs=circle, check=sweep),
    # alice leaves (the circle keeps two members); bob, its only facilitator, is refused.
    Case("circles:leave", MEMBERS_WRITE, method="post", kwargs=circle),
    Case("circles:close", FACILITATOR, kwargs=circle, check=sweep),
    Case(
        "circles:close",
        signed_in(NOT_FOUND, bob=REDIRECT, superuser=NOT_FOUND),
        method="post",
        kwargs=circle,
        data=lambda p: {"outcome": "completed"},
    ),
    Case("circles:charter", MEMBERS, kwargs=circle, check=sweep),
    Case(
        "circles:charter_version",
        MEMBERS,
        kwargs=lambda p: {**circle(p), "number": 1},
        check=sweep,
    ),
    Case("circles:charter_edit", MEMBERS, kwargs=circle, check=sweep),
    Case(
        "circles:charter_edit",
        MEMBERS_WRITE,
        method="post",
        kwargs=circle,
        data=lambda p: {
            "desired_outcomes": "Lead well.",
            "confidentiality": "Stays here.",
            "cadence": "monthly",
            "meeting_format": "video",
        },
    ),
    Case(
        "circles:charter_sign",
        MEMBERS_WRITE,
        method="post",
        kwargs=circle,
        data=lambda p: {"version": 1},
    ),
    Case("circles:goals", MEMBERS, kwargs=circle, check=sweep),
    Case(
        "circles:goals",
        MEMBERS_WRITE,
        method="post",
        kwargs=circle,
        data=lambda p: {"title": "Read", "success_criterion": "Two books", "whose": "own"},
    ),
    Case("circles:goal_detail", MEMBERS, kwargs=goal, check=sweep),
    Case("circles:goal_detail", MEMBERS, kwargs=own_goal, label="own", check=sweep),
    Case(
        "circles:goal_detail",
        MEMBERS_WRITE,
        method="post",
        kwargs=goal,
        data=lambda p: {"title": "Meet", "success_criterion": "Met"},
    ),
    Case(
        "circles:goal_progress",
        MEMBERS_WRITE,
        method="post",
        kwargs=own_goal,
        data=lambda p: {"progress": 40, "status": "in_progress"},
    ),
    Case("circles:meetings", MEMBERS, kwargs=circle, check=sweep),
    Case("circles:meetings", MEMBERS_WRITE, method="post", kwargs=circle, data=meeting_data),
    Case("circles:meeting_detail", MEMBERS, kwargs=held, check=sweep),
    Case("circles:meeting_detail", MEMBERS, kwargs=upcoming, label="upcoming", check=sweep),
    Case("circles:meeting_edit", MEMBERS, kwargs=upcoming, check=sweep),
    Case("circles:meeting_edit", MEMBERS_WRITE, method="post", kwargs=upcoming, data=meeting_data),
    Case("circles:meeting_cancel", MEMBERS_WRITE, method="post", kwargs=upcoming),
    Case(
        "circles:meeting_record",
        MEMBERS_WRITE,
        method="post",
        kwargs=held,
        data=lambda p: {f"person_{p.alice.pk}": "present", f"person_{p.bob.pk}": "present"},
    ),
    Case(
        "circles:agenda_add",
        MEMBERS_WRITE,
        method="post",
        kwargs=upcoming,
        data=lambda p: {"text": "Introductions"},
    ),
    Case("circles:agenda_remove", MEMBERS_WRITE, method="post", kwargs=agenda_item),
    Case(
        "circles:note_save",
        MEMBERS_WRITE,
        method="post",
        kwargs=lambda p: {**held(p), "kind": "private"},
        data=lambda p: {"private-body": "Mine"},
    ),
    Case("circles:meeting_ics", MEMBERS, kwargs=upcoming, check=sweep),
    Case("circles:journal", MEMBERS, kwargs=circle, check=sweep),
    Case(
        "circles:journal",
        MEMBERS_WRITE,
        method="post",
        kwargs=circle,
        data=lambda p: {"title": "Today", "body": "I learnt."},
    ),
    Case("circles:journal_entry", MEMBERS, kwargs=entry(shared=True), check=sweep),
    Case("circles:journal_entry", AUTHOR, kwargs=entry(shared=False), label="private"),
    Case(
        "circles:journal_share",
        signed_in(NOT_FOUND, alice=REDIRECT, superuser=NOT_FOUND),
        method="post",
        kwargs=entry(shared=False),
        data=lambda p: {"share": "yes"},
    ),
    Case("circles:check_ins", MEMBERS, kwargs=circle, check=sweep),
    Case(
        "circles:check_ins",
        MEMBERS_WRITE,
        method="post",
        kwargs=circle,
        data=lambda p: {
            "engagement": 4,
            "flexibility": 4,
            "authenticity": 4,
            "reciprocity": 4,
            "comment": "",
        },
    ),
    Case("circles:concerns", MEMBERS, kwargs=circle, check=sweep),
    Case(
        "circles:concerns",
        MEMBERS_WRITE,
        method="post",
        kwargs=circle,
        data=lambda p: {"audience": "both", "text": "A worry."},
    ),
    Case("circles:coordinator_detail", COORDINATORS, kwargs=coordinated, check=sweep),
    Case("circles:coordinator_close", COORDINATORS, kwargs=coordinated, check=sweep),
    Case(
        "circles:coordinator_close",
        COORDINATORS_WRITE,
        method="post",
        kwargs=coordinated,
        data=lambda p: {"outcome": "ended_early"},
    ),
    Case("circles:concern_acknowledge", COORDINATORS_WRITE, method="post", kwargs=concern),
    # A member's home lists their circle; nobody else's home shows what it wrote.
    Case("home", signed_in(OK, superuser=OK), label="circles", check=sweep),
]
