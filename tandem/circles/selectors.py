"""Reads of a circle's life, each in a fixed number of queries whatever the circle's size."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tandem.accounts.access import AnyUser
from tandem.circles.access import concerns_for_coordinator
from tandem.circles.health import circle_health
from tandem.circles.models import (
    Circle,
    CircleAttendance,
    CircleCharterVersion,
    CircleConcern,
    CircleMeeting,
    CircleMember,
)
from tandem.core.shared_reads import shared_read
from tandem.mentorships.health import HealthReport


def with_health_data(circles: QuerySet[Circle]) -> QuerySet[Circle]:
    """What `circle_health` reads, prefetched: a fixed number of queries for any list."""
    return circles.select_related("programme", "programme__health_settings").prefetch_related(
        Prefetch("members", queryset=CircleMember.objects.select_related("person")),
        Prefetch("meetings", queryset=CircleMeeting.objects.prefetch_related("attendances")),
        "check_ins",
        "goals",
        Prefetch(
            "charter_versions",
            queryset=CircleCharterVersion.objects.prefetch_related("signatures"),
        ),
    )


@shared_read
def memberships_of(user: AnyUser) -> list[CircleMember]:
    """The user's current memberships with their circles, open circles first.

    The home page's circles panel and its match steps both ask, and share one read."""
    if not user.is_authenticated:
        return []
    memberships = (
        CircleMember.objects.current()
        .filter(person__user=user)
        .select_related("circle", "circle__programme")
        # Only what the lists show (the home page asks on every visit): each column of the
        # three tables costs the query's building more than the database its reading.
        .only(
            "role",
            "circle",
            "circle__name",
            "circle__state",
            "circle__programme",
            "circle__programme__name",
        )
        # Sorted below: an ORDER BY would only make the query dearer to build.
        .order_by()
    )
    return sorted(
        memberships, key=lambda m: (not m.circle.is_open, m.circle.name.lower(), m.circle.pk)
    )


def programmes_placed_in(user: AnyUser) -> set[int]:
    """The programmes where the user has a place in an open circle: matched there, so the
    match steps tell them to await nothing."""
    return {m.circle.programme_id for m in memberships_of(user) if m.circle.is_open}


@dataclass
class CharterState:
    version: CircleCharterVersion | None
    signed: list[CircleMember]
    unsigned: list[CircleMember]

    @property
    def label(self) -> str:
        if self.version is None:
            return _("Not written yet")
        if not self.unsigned:
            return _("Version %(number)s, signed by everyone") % {"number": self.version.number}
        return ngettext(
            "Version %(number)s, %(count)s still to sign",
            "Version %(number)s, %(count)s still to sign",
            len(self.unsigned),
        ) % {"number": self.version.number, "count": len(self.unsigned)}


def charter_state(circle: Circle, members: list[CircleMember]) -> CharterState:
    """Who has signed the current version, among the current members (from prefetches)."""
    version = circle.current_charter()
    if version is None:
        return CharterState(None, [], members)
    signed_ids = {s.member_id for s in version.signatures.all()}
    return CharterState(
        version,
        [m for m in members if m.pk in signed_ids],
        [m for m in members if m.pk not in signed_ids],
    )


def current_members(circle: Circle) -> list[CircleMember]:
    """Facilitators first, then the members, each by when they joined."""
    members = [m for m in circle.members.all() if m.left_at is None]
    return sorted(members, key=lambda m: (m.role != CircleMember.Role.MENTOR, m.joined_at, m.pk))


def circle_with_everything(pk: int) -> Circle:
    return with_health_data(Circle.objects.filter(pk=pk)).get()


def overview(
    circle: Circle, membership: CircleMember, *, now: datetime | None = None
) -> dict[str, Any]:
    """The overview page for a current member."""
    now = now or timezone.now()
    circle = circle_with_everything(circle.pk)
    members = current_members(circle)
    meetings = list(circle.meetings.all())
    upcoming = [m for m in meetings if m.starts_at >= now and m.status == m.Status.SCHEDULED]
    goals = list(circle.goals.all())
    return {
        "circle": circle,
        "members": members,
        "charter_state": charter_state(circle, members),
        "next_meeting": min(upcoming, key=lambda m: m.starts_at) if upcoming else None,
        "shared_goals": [g for g in goals if g.owner_id is None],
        "my_goals": [g for g in goals if g.owner_id == membership.person_id],
        "health": circle_health(circle, now=now),
    }


@dataclass
class MeetingRow:
    meeting: CircleMeeting
    counts: dict[str, int]


@dataclass
class CoordinatorView:
    circle: Circle
    members: list[CircleMember]
    former: list[CircleMember]
    charter_state: CharterState
    meetings: list[MeetingRow]
    health: HealthReport
    check_ins: list[tuple[datetime, str, dict[str, int]]]
    concerns: list[CircleConcern]


def coordinator_view(circle: Circle, *, now: datetime | None = None) -> CoordinatorView:
    """The circle's metadata: never its charter text, goals, notes or journal."""
    circle = circle_with_everything(circle.pk)
    names = {m.person_id: m.person for m in circle.members.all()}
    members = current_members(circle)
    rows = []
    for meeting in circle.meetings.all():
        counts = Counter(a.status for a in meeting.attendances.all())
        rows.append(
            MeetingRow(
                meeting,
                {status: counts.get(status, 0) for status in CircleAttendance.Status.values},
            )
        )
    # The scores are metadata; the comment is the members' and stays out of this view.
    check_ins = [
        (c.created_at, names[c.author_id].name, c.scores())
        for c in sorted(circle.check_ins.all(), key=lambda c: c.created_at, reverse=True)
    ]
    return CoordinatorView(
        circle=circle,
        members=members,
        former=[m for m in circle.members.all() if m.left_at is not None],
        charter_state=charter_state(circle, members),
        meetings=rows,
        health=circle_health(circle, now=now),
        check_ins=check_ins,
        concerns=list(concerns_for_coordinator(circle).select_related("raised_by")),
    )
