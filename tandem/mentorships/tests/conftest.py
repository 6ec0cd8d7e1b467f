from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from tandem.conftest import Personas
from tandem.mentorships import services
from tandem.mentorships.models import Mentorship

CHARTER = {
    "desired_outcomes": "Lead the finance team through the reorganisation.",
    "confidentiality": "What we say stays between us unless we both agree.",
    "cadence": "fortnightly",
    "meeting_format": "in_person",
}


def make_active(mentorship: Mentorship) -> Mentorship:
    services.mentorship_start_agreeing(mentorship=mentorship, by=mentorship.mentee)
    version = services.charter_edit(mentorship=mentorship, by=mentorship.mentee, **CHARTER)
    services.charter_sign(mentorship=mentorship, by=mentorship.mentee, version=version)
    services.charter_sign(mentorship=mentorship, by=mentorship.mentor, version=version)
    mentorship.refresh_from_db()
    return mentorship


@pytest.fixture
def proposed(personas: Personas) -> Mentorship:
    return services.mentorship_create(
        programme=personas.programme,
        mentee=personas.alice,
        mentor=personas.bob,
        created_by=personas.carol,
    )


@pytest.fixture
def active(proposed: Mentorship) -> Mentorship:
    return make_active(proposed)


@pytest.fixture
def other_pair(personas: Personas) -> Mentorship:
    """Another active pair in the same programme: its members are "another pair"."""
    return personas.other_pair


@dataclass
class World:
    """One of everything in alice and bob's mentorship, for permission and leak tests."""

    mentorship: Mentorship
    charter: object
    goal: object
    milestone: object
    comment: object
    need: object
    opportunity: object
    teach_back: object
    meeting: object
    agenda_item: object
    shared_note: object
    private_note: object
    action: object
    journal_private: object
    journal_shared: object
    feedback: object
    check_in: object
    concern_partner: object
    concern_coordinator: object


def build_world(personas: Personas, mentorship: Mentorship, marker: str = "") -> World:
    """Content written through the services; `marker` is put into every text a person writes."""
    alice, bob = personas.alice, personas.bob
    m = marker

    def text(label: str) -> str:
        return f"{label} {m}".strip()

    charter = services.charter_edit(
        mentorship=mentorship,
        by=bob,
        desired_outcomes=text("outcomes"),
        confidentiality=text("confidentiality"),
        agenda_habits=text("habits"),
        cadence="fortnightly",
        meeting_format="in_person",
        location=text("location"),
        roles=text("roles"),
        ending=text("ending"),
    )
    goal = services.goal_create(
        mentorship=mentorship,
        by=alice,
        title=text("Lead budget round"),
        success_criterion=text("criterion"),
        description=text("description"),
    )
    milestone = services.milestone_add(goal=goal, by=alice, title=text("milestone"))
    comment = services.goal_comment_add(goal=goal, by=bob, text=text("comment"))
    need = services.learning_need_add(mentorship=mentorship, by=alice, description=text("need"))
    opportunity = services.opportunity_add(
        mentorship=mentorship, by=bob, title=text("course"), kind="course", details=text("d")
    )
    teach_back = services.teach_back_add(
        mentorship=mentorship,
        by=alice,
        description=text("teach"),
        audience=text("audience"),
        taught_on=timezone.localdate(),
    )
    (meeting,) = services.meeting_schedule(
        mentorship=mentorship,
        by=alice,
        starts_at=timezone.now() - timedelta(days=3),
        location=text("meeting place"),
    )
    services.meeting_set_status(meeting=meeting, by=alice, status="held")
    agenda_item = services.agenda_item_add(meeting=meeting, by=bob, text=text("agenda"))
    shared_note = services.meeting_note_save(
        meeting=meeting, by=alice, body=text("shared note"), private=False
    )
    private_note = services.meeting_note_save(
        meeting=meeting, by=alice, body=text("private note"), private=True
    )
    action = services.action_item_add(
        mentorship=mentorship, by=bob, owner=alice, text=text("action"), meeting=meeting
    )
    journal_private = services.journal_entry_create(
        mentorship=mentorship, by=alice, title=text("jt"), body=text("journal private")
    )
    journal_shared = services.journal_entry_create(
        mentorship=mentorship, by=bob, title=text("js"), body=text("journal shared"), share=True
    )
    feedback = services.feedback_give(
        mentorship=mentorship, by=bob, keep=text("keep"), try_next=text("try")
    )
    check_in = services.check_in_submit(
        mentorship=mentorship,
        by=alice,
        engagement=4,
        flexibility=3,
        authenticity=5,
        reciprocity=4,
        comment=text("check-in comment"),
    )
    concern_partner = services.concern_raise(
        mentorship=mentorship, by=alice, audience="partner", text=text("concern to partner")
    )
    concern_coordinator = services.concern_raise(
        mentorship=mentorship, by=bob, audience="coordinator", text="Please call me."
    )
    return World(
        mentorship,
        charter,
        goal,
        milestone,
        comment,
        need,
        opportunity,
        teach_back,
        meeting,
        agenda_item,
        shared_note,
        private_note,
        action,
        journal_private,
        journal_shared,
        feedback,
        check_in,
        concern_partner,
        concern_coordinator,
    )


@pytest.fixture
def world(personas: Personas, active: Mentorship, other_pair: Mentorship) -> World:
    return build_world(personas, active)
