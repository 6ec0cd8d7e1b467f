"""Rules of the pair's content: who may write what, and when."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tandem.conftest import Personas
from tandem.mentorships import services
from tandem.mentorships.models import Goal, Mentorship
from tandem.mentorships.services import MentorshipError
from tandem.mentorships.signals import mentorship_event

from .conftest import World


def test_meetings_wait_for_an_active_mentorship(personas: Personas, proposed: Mentorship) -> None:
    with pytest.raises(MentorshipError, match="schedule meetings"):
        services.meeting_schedule(mentorship=proposed, by=personas.alice, starts_at=timezone.now())


def test_future_meeting_cannot_be_marked_held(personas: Personas, active: Mentorship) -> None:
    (meeting,) = services.meeting_schedule(
        mentorship=active, by=personas.alice, starts_at=timezone.now() + timedelta(days=2)
    )
    with pytest.raises(MentorshipError, match="once it has started"):
        services.meeting_set_status(meeting=meeting, by=personas.bob, status="held")
    with pytest.raises(MentorshipError, match="once the meeting has started"):
        services.attendance_record(
            meeting=meeting, by=personas.bob, person=personas.alice, status="late"
        )


def test_a_meeting_marked_held_is_announced_once(
    personas: Personas, active: Mentorship, django_capture_on_commit_callbacks
) -> None:
    heard: list[tuple[str, int]] = []

    def listen(sender, *, event, mentorship, **extra) -> None:
        if event == "meeting_held":
            heard.append((event, extra["meeting"].pk))

    (meeting,) = services.meeting_schedule(
        mentorship=active, by=personas.alice, starts_at=timezone.now() - timedelta(hours=2)
    )
    mentorship_event.connect(listen, dispatch_uid="test-meeting-held")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.meeting_set_status(meeting=meeting, by=personas.bob, status="held")
            services.meeting_set_status(meeting=meeting, by=personas.bob, status="held")
    finally:
        mentorship_event.disconnect(dispatch_uid="test-meeting-held")
    assert heard == [("meeting_held", meeting.pk)]


def test_attendance_is_for_the_pair_only(personas: Personas, world: World) -> None:
    with pytest.raises(MentorshipError, match="mentee and the mentor"):
        services.attendance_record(
            meeting=world.meeting, by=personas.bob, person=personas.oscar, status="late"
        )


def test_action_owner_must_be_in_the_pair(personas: Personas, active: Mentorship) -> None:
    with pytest.raises(MentorshipError) as info:
        services.action_item_add(
            mentorship=active, by=personas.alice, owner=personas.erin, text="Spy"
        )
    assert info.value.field == "owner"


def test_shared_note_is_one_per_meeting_and_private_notes_one_each(
    personas: Personas, world: World
) -> None:
    services.meeting_note_save(meeting=world.meeting, by=personas.bob, body="Edit", private=False)
    services.meeting_note_save(meeting=world.meeting, by=personas.bob, body="Mine", private=True)
    notes = world.meeting.notes.all()
    assert notes.filter(is_private=False).count() == 1
    assert notes.get(is_private=False).body == "Edit"
    assert notes.filter(is_private=True).count() == 2


def test_only_the_author_changes_or_shares_a_journal_entry(
    personas: Personas, world: World
) -> None:
    with pytest.raises(MentorshipError, match="Only the author"):
        services.journal_entry_share(entry=world.journal_private, by=personas.bob, share=True)
    with pytest.raises(MentorshipError, match="Only the author"):
        services.journal_entry_update(entry=world.journal_private, by=personas.bob, body="x")
    services.journal_entry_share(entry=world.journal_private, by=personas.alice, share=True)
    assert world.journal_private.is_shared


def test_a_closed_mentorships_journal_cannot_be_shared_or_unshared(
    personas: Personas, world: World
) -> None:
    Mentorship.objects.filter(pk=world.journal_private.mentorship_id).update(
        state=Mentorship.State.CLOSED
    )
    world.journal_private.mentorship.refresh_from_db()

    with pytest.raises(MentorshipError, match="closed"):
        services.journal_entry_share(entry=world.journal_private, by=personas.alice, share=True)

    world.journal_private.refresh_from_db()
    assert not world.journal_private.is_shared


def test_achieving_a_goal_sets_full_progress(personas: Personas, world: World) -> None:
    goal = services.goal_progress_update(
        goal=world.goal, by=personas.alice, progress=60, status=Goal.Status.ACHIEVED
    )
    assert goal.progress == 100
    assert goal.achieved_at is not None
    with pytest.raises(MentorshipError, match="percentage"):
        services.goal_progress_update(
            goal=goal, by=personas.alice, progress=120, status="in_progress"
        )


def test_feedback_must_look_forward(personas: Personas, active: Mentorship) -> None:
    with pytest.raises(MentorshipError) as info:
        services.feedback_give(mentorship=active, by=personas.bob, keep="Listening", try_next="")
    assert info.value.field == "try_next"


def test_check_in_marks_are_one_to_five(personas: Personas, active: Mentorship) -> None:
    with pytest.raises(MentorshipError, match="reciprocity"):
        services.check_in_submit(
            mentorship=active,
            by=personas.alice,
            engagement=3,
            flexibility=3,
            authenticity=3,
            reciprocity=6,
        )


def test_concern_needs_text_and_an_audience(personas: Personas, active: Mentorship) -> None:
    with pytest.raises(MentorshipError):
        services.concern_raise(mentorship=active, by=personas.alice, audience="hr", text="x")
    with pytest.raises(MentorshipError):
        services.concern_raise(mentorship=active, by=personas.alice, audience="both", text=" ")


def test_closed_mentorship_keeps_its_history_read_only(personas: Personas, world: World) -> None:
    services.mentorship_exit_early(mentorship=world.mentorship, by=personas.alice)
    with pytest.raises(MentorshipError, match="closed"):
        services.goal_create(
            mentorship=world.mentorship, by=personas.alice, title="More", success_criterion="x"
        )
    with pytest.raises(MentorshipError, match="closed"):
        services.agenda_item_add(meeting=world.meeting, by=personas.bob, text="More")


def test_coordinator_of_another_programme_cannot_edit_prompts(personas: Personas) -> None:
    with pytest.raises(MentorshipError, match="coordinators"):
        services.prompt_create(
            programme=personas.programme, by=personas.dave, purpose="reflecting", text="Why?"
        )


def test_health_weights_are_validated(personas: Personas) -> None:
    with pytest.raises(MentorshipError, match="At least one weight"):
        services.health_settings_update(
            programme=personas.programme,
            by=personas.carol,
            weights={k: 0 for k in ("regularity", "punctuality", "check_ins", "goals", "contact")},
            checkin_interval_days=30,
            contact_amber_days=21,
            contact_red_days=42,
        )
    with pytest.raises(MentorshipError, match="red threshold"):
        services.health_settings_update(
            programme=personas.programme,
            by=personas.carol,
            weights={"regularity": 1},
            checkin_interval_days=30,
            contact_amber_days=40,
            contact_red_days=30,
        )
