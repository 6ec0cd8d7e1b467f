"""What the circles hold about a person: their memberships, their attendance, and everything
they wrote in a circle (charters, goals, notes, journal entries, check-ins, concerns). Never
what a fellow member wrote for themselves alone."""

from __future__ import annotations

from typing import Any

from tandem.circles.models import (
    CircleAttendance,
    CircleCharterVersion,
    CircleCheckIn,
    CircleConcern,
    CircleGoal,
    CircleJournalEntry,
    CircleMeetingNote,
    CircleMember,
)
from tandem.circles.services.erasure import circles_erase_person
from tandem.core.personal_data import erases, fields, personal_data

erases(order=22)(circles_erase_person)


@personal_data(section="circles", order=52)
def circles(user: Any) -> dict[str, list[dict[str, Any]]]:
    memberships = CircleMember.objects.filter(person__user=user).select_related("circle__programme")
    return {
        "memberships": [
            {"circle": m.circle.name, "programme": m.circle.programme.name}
            | fields(m, "role", "joined_at", "left_at", "join_note")
            for m in memberships.order_by("joined_at", "pk")
        ],
        "attendance": [
            {"circle": a.meeting.circle.name, "meeting_starts_at": a.meeting.starts_at}
            | fields(a, "status")
            for a in CircleAttendance.objects.filter(person__user=user)
            .select_related("meeting__circle")
            .order_by("meeting__starts_at", "pk")
        ],
        "charter_versions_written": [
            {"circle": v.circle.name}
            | fields(v, "number", *CircleCharterVersion.EDITABLE_FIELDS, "created_at")
            for v in CircleCharterVersion.objects.filter(written_by__user=user)
            .select_related("circle")
            .order_by("created_at", "pk")
        ],
        "goals": [
            {"circle": g.circle.name, "own_goal": g.owner_id is not None}
            | fields(g, "title", "description", "status", "progress", "target_on")
            for g in CircleGoal.objects.filter(created_by__user=user)
            .select_related("circle")
            .order_by("created_at", "pk")
        ],
        "meeting_notes": [
            {"circle": n.meeting.circle.name, "meeting_starts_at": n.meeting.starts_at}
            | fields(n, "is_private", "body", "updated_at")
            for n in CircleMeetingNote.objects.filter(author__user=user)
            .select_related("meeting__circle")
            .order_by("meeting__starts_at", "pk")
        ],
        "journal_entries": [
            {"circle": e.circle.name} | fields(e, "title", "body", "shared_at", "created_at")
            for e in CircleJournalEntry.objects.filter(author__user=user)
            .select_related("circle")
            .order_by("created_at", "pk")
        ],
        "check_ins": [
            {"circle": c.circle.name}
            | fields(
                c,
                "engagement",
                "flexibility",
                "authenticity",
                "reciprocity",
                "comment",
                "created_at",
            )
            for c in CircleCheckIn.objects.filter(author__user=user)
            .select_related("circle")
            .order_by("created_at", "pk")
        ],
        "concerns_raised": [
            {"circle": c.circle.name} | fields(c, "audience", "text", "created_at")
            for c in CircleConcern.objects.filter(raised_by__user=user)
            .select_related("circle")
            .order_by("created_at", "pk")
        ],
    }
