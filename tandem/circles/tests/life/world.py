"""Circles built directly with the ORM, and one of everything a circle holds, for the tests
of a circle's life (the permission matrix, the marker sweep, the pages)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from tandem.accounts.tests.factories import UserFactory
from tandem.circles import services
from tandem.circles.models import (
    Circle,
    CircleCharterSignature,
    CircleCharterVersion,
    CircleConcern,
    CircleGoal,
    CircleJournalEntry,
    CircleMeeting,
    CircleMember,
)
from tandem.people.models import Person
from tandem.people.tests.factories import PersonFactory
from tandem.programmes.models import Enrolment, Programme
from tandem.programmes.tests.factories import EnrolmentFactory

CHARTER = {
    "desired_outcomes": "Each of us leads a team with confidence by the summer.",
    "confidentiality": "What is said in the circle stays in the circle.",
    "cadence": "fortnightly",
    "meeting_format": "video",
}

# Who may read each marker on any page: everything else must never show it.
SHARED = "ZQX-CIRCLE-SHARED-5520"  # the circle's shared content: its current members
ALICE_PRIVATE = "ZQX-CIRCLE-ALICE-PRIVATE-5521"  # alice's private note and journal
BOB_PRIVATE = "ZQX-CIRCLE-BOB-PRIVATE-5522"  # bob's private note
TO_FACILITATORS = "ZQX-CIRCLE-TO-FACILITATORS-5523"  # alice's concern to the facilitators
TO_COORDINATOR = "ZQX-CIRCLE-TO-COORDINATOR-5524"  # alice's concern to the coordinator
OTHER_CIRCLE = "ZQX-CIRCLE-OTHER-5525"  # the other circle's shared content


def person(name: str, programme: Programme | None = None, role: str = "mentee") -> Person:
    email = name.lower().replace(" ", ".") + "@example.org"
    someone = PersonFactory(user=UserFactory(email=email, name=name))
    if programme is not None:
        EnrolmentFactory(programme=programme, person=someone, role=role)
    return someone


def make_circle(
    programme: Programme,
    *,
    facilitators: list[Person],
    mentees: list[Person],
    state: str = Circle.State.ACTIVE,
    name: str = "Finance leaders",
    started: datetime | None = None,
) -> Circle:
    """A circle as publishing would leave it; an active one with its charter signed by all."""
    now = timezone.now()
    joined = (started or now) - timedelta(days=1)
    circle = Circle.objects.create(
        programme=programme,
        name=name,
        topic="Leading a team for the first time.",
        state=state,
        started_at=(started or now) if state != Circle.State.FORMING else None,
    )
    for who, role in [
        *((f, CircleMember.Role.MENTOR) for f in facilitators),
        *((m, CircleMember.Role.MENTEE) for m in mentees),
    ]:
        CircleMember.objects.create(circle=circle, person=who, role=role, joined_at=joined)
    if state != Circle.State.FORMING:
        version = CircleCharterVersion.objects.create(circle=circle, number=1, **CHARTER)
        CircleCharterSignature.objects.bulk_create(
            CircleCharterSignature(version=version, member=m, signed_at=joined)
            for m in circle.members.all()
        )
    return circle


@dataclass
class World:
    circle: Circle
    other_circle: Circle
    mia: Person
    max: Person
    shared_goal: CircleGoal
    own_goal: CircleGoal
    held: CircleMeeting
    upcoming: CircleMeeting
    shared_entry: CircleJournalEntry
    private_entry: CircleJournalEntry
    to_facilitators: CircleConcern
    to_coordinator: CircleConcern


def build_world(p: Any) -> World:
    """alice and bob's circle with one of everything, marked; erin a member who left;
    other_pair's mentee in another circle of the same programme."""
    now = timezone.now()
    mia = person("Mia Member", p.programme)
    max_ = person("Max Member", p.programme)
    circle = make_circle(
        p.programme,
        facilitators=[p.bob],
        mentees=[p.alice, mia, max_],
        started=now - timedelta(days=20),
    )
    CircleMember.objects.create(
        circle=circle,
        person=p.erin,
        role=CircleMember.Role.MENTEE,
        joined_at=now - timedelta(days=21),
        left_at=now - timedelta(days=5),
    )
    charter = circle.current_charter()
    assert charter is not None
    CircleCharterVersion.objects.filter(pk=charter.pk).update(
        roles=f"Everyone prepares one question {SHARED}"
    )
    shared_goal = services.circle_goal_create(
        circle=circle, by=p.bob, title=f"Shared goal {SHARED}", success_criterion="All of us lead"
    )
    own_goal = services.circle_goal_create(
        circle=circle,
        by=p.alice,
        title=f"Alice's own goal {SHARED}",
        success_criterion="Run the budget round",
        own=True,
    )
    upcoming = services.circle_meeting_schedule(
        circle=circle, by=p.bob, starts_at=now + timedelta(days=3), location=f"Room {SHARED}"
    )
    held = CircleMeeting.objects.create(
        circle=circle, starts_at=now - timedelta(days=4), created_by=p.bob
    )
    services.circle_agenda_item_add(meeting=held, by=p.alice, text=f"Agenda {SHARED}")
    services.circle_meeting_note_save(
        meeting=held, by=p.bob, body=f"Shared note {SHARED}", private=False
    )
    services.circle_meeting_note_save(
        meeting=held, by=p.alice, body=f"Alice's private note {ALICE_PRIVATE}", private=True
    )
    services.circle_meeting_note_save(
        meeting=held, by=p.bob, body=f"Bob's private note {BOB_PRIVATE}", private=True
    )
    services.circle_meeting_record(
        meeting=held,
        by=p.bob,
        attendance={p.bob.pk: "present", p.alice.pk: "present", mia.pk: "apologies"},
    )
    shared_entry = services.circle_journal_entry_create(
        circle=circle, by=p.alice, title="What I learnt", body=f"Shared {SHARED}", share=True
    )
    private_entry = services.circle_journal_entry_create(
        circle=circle, by=p.alice, title="Just for me", body=f"Private {ALICE_PRIVATE}"
    )
    services.circle_check_in_submit(
        circle=circle,
        by=p.alice,
        engagement=4,
        flexibility=4,
        authenticity=5,
        reciprocity=3,
        comment=f"Check-in comment {SHARED}",
    )
    to_facilitators = services.circle_concern_raise(
        circle=circle, by=p.alice, audience="facilitators", text=f"Worry {TO_FACILITATORS}"
    )
    to_coordinator = services.circle_concern_raise(
        circle=circle, by=p.alice, audience="coordinator", text=f"Worry {TO_COORDINATOR}"
    )
    other_mentee = p.other_pair.mentee
    if not Enrolment.objects.filter(programme=p.programme, person=other_mentee).exists():
        EnrolmentFactory(programme=p.programme, person=other_mentee)
    other = make_circle(
        p.programme,
        facilitators=[person("Fay Facilitator", p.programme, "mentor")],
        mentees=[other_mentee, person("Olga Other"), person("Omar Other")],
        name="Engineering managers",
    )
    services.circle_goal_create(
        circle=other, by=other_mentee, title=f"Other goal {OTHER_CIRCLE}", success_criterion="x"
    )
    return World(
        circle=circle,
        other_circle=other,
        mia=mia,
        max=max_,
        shared_goal=shared_goal,
        own_goal=own_goal,
        held=held,
        upcoming=upcoming,
        shared_entry=shared_entry,
        private_entry=private_entry,
        to_facilitators=to_facilitators,
        to_coordinator=to_coordinator,
    )
