"""The rules of a circle's life, service by service, with each refusal."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tandem.circles import services
from tandem.circles.models import Circle, CircleAttendance, CircleMeeting, CircleMember
from tandem.circles.services import CircleError
from tandem.conftest import Personas
from tandem.notifications.models import Notification

from .world import CHARTER, person

pytestmark = pytest.mark.django_db(transaction=False)


def _member(circle: Circle, name: str) -> CircleMember:
    return CircleMember.objects.current().get(circle=circle, person__name=name)


def _titles(user: object) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def _sign_all(circle: Circle) -> None:
    version = circle.current_charter()
    assert version is not None
    for m in CircleMember.objects.current().filter(circle=circle).select_related("person"):
        services.circle_charter_sign(circle=circle, by=m.person, version=version)


# -- charter -------------------------------------------------------------------------------


def test_the_circle_starts_when_every_current_member_has_signed(
    personas: Personas, forming: Circle, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        version = services.circle_charter_edit(circle=forming, by=personas.alice, **CHARTER)
        members = list(CircleMember.objects.current().filter(circle=forming))
        for m in members[:-1]:
            services.circle_charter_sign(circle=forming, by=m.person, version=version)
        forming.refresh_from_db()
        assert forming.state == Circle.State.FORMING
        services.circle_charter_sign(circle=forming, by=members[-1].person, version=version)

    forming.refresh_from_db()
    assert forming.state == Circle.State.ACTIVE
    assert forming.started_at is not None
    assert any("is active" in t for t in _titles(personas.bob.user))
    assert "changed the charter" in " ".join(_titles(personas.bob.user))


def test_an_edit_after_a_signature_is_a_new_version_that_clears_the_signatures(
    personas: Personas, forming: Circle
) -> None:
    first = services.circle_charter_edit(circle=forming, by=personas.alice, **CHARTER)
    # Before anyone signs, an edit changes the draft in place.
    same = services.circle_charter_edit(
        circle=forming, by=personas.bob, **{**CHARTER, "roles": "We all prepare."}
    )
    assert (same.pk, same.number) == (first.pk, 1)
    services.circle_charter_sign(circle=forming, by=personas.bob, version=first)

    second = services.circle_charter_edit(
        circle=forming, by=personas.alice, **{**CHARTER, "roles": "Bob chairs."}
    )

    assert second.number == 2
    assert not second.signatures.exists()
    with pytest.raises(CircleError, match="replaced"):
        services.circle_charter_sign(circle=forming, by=personas.alice, version=first)
    services.circle_charter_sign(circle=forming, by=personas.bob, version=second)
    with pytest.raises(CircleError, match="Nothing changed"):
        services.circle_charter_edit(
            circle=forming, by=personas.alice, **{**CHARTER, "roles": "Bob chairs."}
        )


def test_a_member_who_joins_later_signs_too_and_the_active_circle_stays_active(
    personas: Personas, circle: Circle
) -> None:
    newcomer = person("Nina Newcomer", personas.programme)
    CircleMember.objects.create(
        circle=circle, person=newcomer, role="mentee", joined_at=timezone.now()
    )
    version = circle.current_charter()

    assert [m.person for m in services.unsigned_members(circle, version)] == [newcomer]
    services.circle_charter_sign(circle=circle, by=newcomer, version=version)
    circle.refresh_from_db()
    assert circle.state == Circle.State.ACTIVE
    assert services.unsigned_members(circle, version) == []


def test_the_charter_needs_outcomes_and_confidentiality(
    personas: Personas, forming: Circle
) -> None:
    with pytest.raises(CircleError) as refused:
        services.circle_charter_edit(
            circle=forming, by=personas.alice, **{**CHARTER, "confidentiality": " "}
        )
    assert refused.value.field == "confidentiality"


# -- goals ---------------------------------------------------------------------------------


def test_own_goals_are_changed_by_their_owner_only(personas: Personas, circle: Circle) -> None:
    own = services.circle_goal_create(
        circle=circle,
        by=personas.alice,
        title="Run a meeting",
        success_criterion="Ran it",
        own=True,
    )
    shared = services.circle_goal_create(
        circle=circle, by=personas.alice, title="Meet monthly", success_criterion="12 meetings"
    )

    with pytest.raises(CircleError, match="whose goal it is"):
        services.circle_goal_progress_update(
            goal=own, by=personas.bob, progress=50, status="in_progress"
        )
    services.circle_goal_progress_update(
        goal=shared, by=personas.bob, progress=30, status="not_started"
    )
    services.circle_goal_progress_update(
        goal=own, by=personas.alice, progress=10, status="achieved"
    )

    shared.refresh_from_db()
    own.refresh_from_db()
    assert (shared.status, shared.progress) == ("in_progress", 30)
    assert (own.status, own.progress, own.owner) == ("achieved", 100, personas.alice)


# -- meetings ------------------------------------------------------------------------------


def test_scheduling_moving_and_cancelling_tell_the_other_members(
    personas: Personas, circle: Circle, django_capture_on_commit_callbacks
) -> None:
    start = timezone.now() + datetime.timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.circle_meeting_schedule(
            circle=circle, by=personas.bob, starts_at=start, location="https://video.example/c"
        )
        services.circle_meeting_move(
            meeting=meeting,
            by=personas.bob,
            starts_at=start + datetime.timedelta(hours=2),
            duration_minutes=90,
            meeting_format="video",
            location="https://video.example/c",
        )
        services.circle_meeting_cancel(meeting=meeting, by=personas.alice)

    alice, bob = _titles(personas.alice.user), _titles(personas.bob.user)
    assert any("scheduled a meeting" in t for t in alice)
    assert any("changed a meeting" in t for t in alice)
    assert not any("scheduled" in t or "changed" in t for t in bob)
    assert any("cancelled the meeting" in t for t in bob)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.sequence) == ("cancelled", 2)
    with pytest.raises(CircleError, match="Only a scheduled meeting"):
        services.circle_meeting_cancel(meeting=meeting, by=personas.bob)


def test_a_meeting_is_held_with_attendance_for_each_current_member(
    personas: Personas, circle: Circle
) -> None:
    meeting = CircleMeeting.objects.create(
        circle=circle, starts_at=timezone.now() - datetime.timedelta(hours=1)
    )
    mia = _member(circle, "Mia Member").person

    services.circle_meeting_record(
        meeting=meeting,
        by=personas.bob,
        attendance={personas.bob.pk: "present", personas.alice.pk: "absent", mia.pk: "apologies"},
    )

    meeting.refresh_from_db()
    assert meeting.status == CircleMeeting.Status.HELD
    assert dict(CircleAttendance.objects.values_list("person__name", "status")) == {
        "Bob Mentor": "present",
        "Alice Mentee": "absent",
        "Mia Member": "apologies",
    }
    with pytest.raises(CircleError, match="current members"):
        services.circle_meeting_record(
            meeting=meeting, by=personas.bob, attendance={personas.oscar.pk: "present"}
        )


def test_attendance_waits_for_the_meeting_to_start(personas: Personas, circle: Circle) -> None:
    meeting = services.circle_meeting_schedule(
        circle=circle, by=personas.bob, starts_at=timezone.now() + datetime.timedelta(days=1)
    )
    with pytest.raises(CircleError, match="once the meeting has started"):
        services.circle_meeting_record(
            meeting=meeting, by=personas.bob, attendance={personas.bob.pk: "present"}
        )


def test_a_meeting_cannot_be_scheduled_in_the_past(personas: Personas, circle: Circle) -> None:
    with pytest.raises(CircleError) as refused:
        services.circle_meeting_schedule(
            circle=circle, by=personas.bob, starts_at=timezone.now() - datetime.timedelta(hours=1)
        )
    assert refused.value.field == "starts_at"


def test_only_current_members_act(personas: Personas, circle: Circle) -> None:
    with pytest.raises(CircleError, match="current members"):
        services.circle_goal_create(
            circle=circle, by=personas.oscar, title="x", success_criterion="y"
        )


# -- journal, check-ins, concerns ----------------------------------------------------------


def test_only_the_author_changes_or_shares_a_journal_entry(
    personas: Personas, circle: Circle
) -> None:
    entry = services.circle_journal_entry_create(circle=circle, by=personas.alice, body="Mine")
    assert not entry.is_shared
    with pytest.raises(CircleError, match="Only the author"):
        services.circle_journal_entry_share(entry=entry, by=personas.bob, share=True)
    services.circle_journal_entry_share(entry=entry, by=personas.alice, share=True)
    entry.refresh_from_db()
    assert entry.is_shared


def test_check_ins_wait_for_the_charter(personas: Personas, forming: Circle) -> None:
    with pytest.raises(CircleError, match="check in only when the circle is active"):
        services.circle_check_in_submit(
            circle=forming,
            by=personas.alice,
            engagement=4,
            flexibility=4,
            authenticity=4,
            reciprocity=4,
        )


def test_a_concern_reaches_exactly_whom_it_is_sent_to(
    personas: Personas, circle: Circle, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.circle_concern_raise(
            circle=circle, by=personas.alice, audience="facilitators", text="To the facilitators"
        )
        services.circle_concern_raise(
            circle=circle, by=personas.alice, audience="coordinator", text="To the coordinator"
        )

    bodies = {
        who: list(Notification.objects.filter(recipient=user).values_list("body", flat=True))
        for who, user in (("bob", personas.bob.user), ("carol", personas.carol))
    }
    assert bodies == {"bob": ["To the facilitators"], "carol": ["To the coordinator"]}
    mia = _member(circle, "Mia Member").person
    assert not Notification.objects.filter(recipient=mia.user, kind="concern.circle").exists()


# -- leaving and closing -------------------------------------------------------------------


def test_a_member_leaves_without_blame_and_everyone_is_told(
    personas: Personas, circle: Circle, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.circle_leave(circle=circle, by=personas.alice)

    assert membership.left_at is not None
    assert not CircleMember.objects.current().filter(circle=circle, person=personas.alice).exists()
    assert "Alice Mentee left Finance leaders" in _titles(personas.bob.user)
    assert any(t.startswith("Alice Mentee left Finance leaders") for t in _titles(personas.carol))
    assert _titles(personas.alice.user) == []


def test_leaving_that_would_drop_below_two_mentees_is_refused(
    personas: Personas, circle: Circle
) -> None:
    services.circle_leave(circle=circle, by=_member(circle, "Max Member").person)

    with pytest.raises(CircleError, match="at least 2 members"):
        services.circle_leave(circle=circle, by=personas.alice)
    assert CircleMember.objects.current().filter(circle=circle, person=personas.alice).exists()


def test_the_last_facilitator_cannot_leave(personas: Personas, circle: Circle) -> None:
    with pytest.raises(CircleError, match="only facilitator"):
        services.circle_leave(circle=circle, by=personas.bob)

    second = person("Sue Second", personas.programme, "mentor")
    CircleMember.objects.create(
        circle=circle, person=second, role="mentor", joined_at=timezone.now()
    )
    services.circle_leave(circle=circle, by=personas.bob)
    assert not CircleMember.objects.current().filter(circle=circle, person=personas.bob).exists()


def test_a_forming_circle_starts_when_the_one_who_had_not_signed_leaves(
    personas: Personas, forming: Circle
) -> None:
    CircleMember.objects.create(
        circle=forming, person=person("Lee Later"), role="mentee", joined_at=timezone.now()
    )
    version = services.circle_charter_edit(circle=forming, by=personas.alice, **CHARTER)
    for m in (
        CircleMember.objects.current().filter(circle=forming).exclude(person__name="Max Member")
    ):
        services.circle_charter_sign(circle=forming, by=m.person, version=version)
    forming.refresh_from_db()
    assert forming.state == Circle.State.FORMING

    services.circle_leave(circle=forming, by=_member(forming, "Max Member").person)

    forming.refresh_from_db()
    assert forming.state == Circle.State.ACTIVE


@pytest.mark.parametrize("who", ["bob", "carol", "superuser"])
def test_a_facilitator_or_a_coordinator_closes_the_circle(
    personas: Personas, circle: Circle, who: str, django_capture_on_commit_callbacks
) -> None:
    upcoming = services.circle_meeting_schedule(
        circle=circle, by=personas.bob, starts_at=timezone.now() + datetime.timedelta(days=4)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.circle_close(circle=circle, by=personas.user_for(who), outcome="completed")

    circle.refresh_from_db()
    upcoming.refresh_from_db()
    assert (circle.state, circle.outcome) == ("closed", "completed")
    assert circle.closed_at is not None
    assert upcoming.status == "cancelled"
    assert any("is closed" in t for t in _titles(personas.alice.user))


@pytest.mark.parametrize("who", ["alice", "dave", "oscar"])
def test_members_and_strangers_cannot_close_the_circle(
    personas: Personas, circle: Circle, who: str
) -> None:
    with pytest.raises(CircleError, match="facilitator of the circle or its coordinator"):
        services.circle_close(circle=circle, by=personas.user_for(who), outcome="ended_early")


def test_a_closed_circle_takes_no_new_content(personas: Personas, circle: Circle) -> None:
    meeting = CircleMeeting.objects.create(
        circle=circle, starts_at=timezone.now() - datetime.timedelta(days=1)
    )
    services.circle_close(circle=circle, by=personas.bob.user, outcome="ended_early")

    attempts = [
        lambda: services.circle_goal_create(
            circle=circle, by=personas.alice, title="x", success_criterion="y"
        ),
        lambda: services.circle_meeting_schedule(
            circle=circle, by=personas.alice, starts_at=timezone.now() + datetime.timedelta(days=1)
        ),
        lambda: services.circle_meeting_note_save(
            meeting=meeting, by=personas.alice, body="x", private=True
        ),
        lambda: services.circle_agenda_item_add(meeting=meeting, by=personas.alice, text="x"),
        lambda: services.circle_journal_entry_create(circle=circle, by=personas.alice, body="x"),
        lambda: services.circle_concern_raise(
            circle=circle, by=personas.alice, audience="both", text="x"
        ),
        lambda: services.circle_charter_edit(circle=circle, by=personas.alice, **CHARTER),
        lambda: services.circle_check_in_submit(
            circle=circle,
            by=personas.alice,
            engagement=3,
            flexibility=3,
            authenticity=3,
            reciprocity=3,
        ),
        lambda: services.circle_leave(circle=circle, by=personas.alice),
    ]
    for attempt in attempts:
        with pytest.raises(CircleError):
            attempt()
