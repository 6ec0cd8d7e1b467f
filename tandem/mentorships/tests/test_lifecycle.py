from __future__ import annotations

import pytest

from tandem.conftest import Personas
from tandem.mentorships import services
from tandem.mentorships.models import MentorExclusion, Mentorship
from tandem.mentorships.selectors import excluded_mentor_ids, mentees_awaiting_match
from tandem.mentorships.services import MentorshipError
from tandem.people.tests.factories import PersonFactory
from tandem.programmes.models import Enrolment
from tandem.programmes.tests.factories import EnrolmentFactory

from .conftest import make_active

State = Mentorship.State


def test_coordinator_pairs_two_approved_people(personas: Personas) -> None:
    mentorship = services.mentorship_create(
        programme=personas.programme,
        mentee=personas.alice,
        mentor=personas.bob,
        created_by=personas.carol,
    )
    assert mentorship.state == State.PROPOSED
    assert mentorship.created_by == personas.carol


def test_coordinator_of_another_programme_cannot_pair(personas: Personas) -> None:
    with pytest.raises(MentorshipError, match="Only a coordinator"):
        services.mentorship_create(
            programme=personas.programme,
            mentee=personas.alice,
            mentor=personas.bob,
            created_by=personas.dave,
        )
    assert not Mentorship.objects.exists()


def test_nobody_mentors_themselves(personas: Personas) -> None:
    with pytest.raises(MentorshipError, match="themselves"):
        services.mentorship_create(
            programme=personas.programme, mentee=personas.alice, mentor=personas.alice
        )


def test_pairing_refuses_someone_not_enrolled_as_mentor(personas: Personas) -> None:
    with pytest.raises(MentorshipError, match="not an approved mentor"):
        services.mentorship_create(
            programme=personas.programme, mentee=personas.alice, mentor=personas.oscar
        )


def test_pairing_refuses_a_second_open_mentorship_for_the_mentee(
    personas: Personas, proposed: Mentorship
) -> None:
    other = PersonFactory()
    EnrolmentFactory(programme=personas.programme, person=other, role=Enrolment.Role.MENTOR)
    with pytest.raises(MentorshipError, match="already has an open mentorship"):
        services.mentorship_create(
            programme=personas.programme, mentee=personas.alice, mentor=other
        )


def test_pairing_refuses_a_mentor_without_capacity(personas: Personas) -> None:
    personas.bob_enrolment.capacity = 0
    personas.bob_enrolment.save()
    with pytest.raises(MentorshipError, match="no capacity"):
        services.mentorship_create(
            programme=personas.programme, mentee=personas.alice, mentor=personas.bob
        )


def test_mentor_in_management_chain_needs_a_recorded_exception(personas: Personas) -> None:
    EnrolmentFactory(programme=personas.programme, person=personas.erin, role="mentor")
    with pytest.raises(MentorshipError, match="management chain"):
        services.mentorship_create(
            programme=personas.programme, mentee=personas.alice, mentor=personas.erin
        )
    with pytest.raises(MentorshipError, match="Say why"):
        services.mentorship_create(
            programme=personas.programme,
            mentee=personas.alice,
            mentor=personas.erin,
            reporting_line_exception=True,
        )
    mentorship = services.mentorship_create(
        programme=personas.programme,
        mentee=personas.alice,
        mentor=personas.erin,
        reporting_line_exception=True,
        reporting_line_reason="Only finance lead in a team of four.",
    )
    assert mentorship.reporting_line_exception


def test_exception_flag_is_dropped_when_mentor_is_outside_the_chain(personas: Personas) -> None:
    mentorship = services.mentorship_create(
        programme=personas.programme,
        mentee=personas.alice,
        mentor=personas.bob,
        reporting_line_exception=True,
        reporting_line_reason="Not needed",
    )
    assert not mentorship.reporting_line_exception
    assert mentorship.reporting_line_reason == ""


def test_either_member_starts_agreeing_from_proposed(
    personas: Personas, proposed: Mentorship
) -> None:
    services.mentorship_start_agreeing(mentorship=proposed, by=personas.bob)
    assert proposed.state == State.AGREEING
    with pytest.raises(MentorshipError, match="only when the mentorship is proposed"):
        services.mentorship_start_agreeing(mentorship=proposed, by=personas.alice)


def test_outsider_cannot_start_agreeing(personas: Personas, proposed: Mentorship) -> None:
    with pytest.raises(MentorshipError, match="Only the mentee and the mentor"):
        services.mentorship_start_agreeing(mentorship=proposed, by=personas.oscar)


def test_activating_without_a_charter_is_refused(personas: Personas, proposed: Mentorship) -> None:
    services.mentorship_start_agreeing(mentorship=proposed, by=personas.alice)
    with pytest.raises(MentorshipError, match="Write and sign the charter"):
        services.mentorship_activate(mentorship=proposed)
    assert Mentorship.objects.get().state == State.AGREEING


def test_activating_with_one_signature_is_refused(personas: Personas, proposed: Mentorship) -> None:
    from .conftest import CHARTER

    services.mentorship_start_agreeing(mentorship=proposed, by=personas.alice)
    version = services.charter_edit(mentorship=proposed, by=personas.alice, **CHARTER)
    services.charter_sign(mentorship=proposed, by=personas.alice, version=version)
    with pytest.raises(MentorshipError, match="waiting for Bob Mentor"):
        services.mentorship_activate(mentorship=proposed)
    assert Mentorship.objects.get().state == State.AGREEING


def test_second_signature_starts_the_mentorship(active: Mentorship) -> None:
    assert active.state == State.ACTIVE
    assert active.started_at is not None


def test_activating_from_proposed_is_refused(proposed: Mentorship) -> None:
    with pytest.raises(MentorshipError, match="only when the mentorship is agreeing"):
        services.mentorship_activate(mentorship=proposed)


def test_pause_and_resume(personas: Personas, active: Mentorship) -> None:
    services.mentorship_pause(mentorship=active, by=personas.alice)
    assert active.state == State.PAUSED
    with pytest.raises(MentorshipError, match="pause"):
        services.mentorship_pause(mentorship=active, by=personas.alice)
    services.mentorship_resume(mentorship=active, by=personas.bob)
    assert active.state == State.ACTIVE
    with pytest.raises(MentorshipError, match="resume"):
        services.mentorship_resume(mentorship=active, by=personas.bob)


def test_maturity_is_recorded_once_running(personas: Personas, proposed: Mentorship) -> None:
    with pytest.raises(MentorshipError, match="record the phase"):
        services.mentorship_set_maturity(
            mentorship=proposed, by=personas.alice, maturity="cultivation"
        )
    make_active(proposed)
    services.mentorship_set_maturity(mentorship=proposed, by=personas.bob, maturity="separation")
    assert Mentorship.objects.get().maturity == "separation"
    with pytest.raises(MentorshipError, match="four phases"):
        services.mentorship_set_maturity(mentorship=proposed, by=personas.bob, maturity="bogus")


def test_mentee_looks_elsewhere_without_blame(personas: Personas, proposed: Mentorship) -> None:
    services.mentorship_look_elsewhere(mentorship=proposed, by=personas.alice)
    assert proposed.state == State.CLOSED
    assert proposed.outcome == Mentorship.Outcome.WITHDRAWN
    assert excluded_mentor_ids(programme=personas.programme, mentee=personas.alice) == {
        personas.bob.pk
    }
    assert personas.alice in mentees_awaiting_match(personas.programme)


def test_mentor_cannot_look_elsewhere_for_the_mentee(
    personas: Personas, proposed: Mentorship
) -> None:
    with pytest.raises(MentorshipError, match="Only the mentee"):
        services.mentorship_look_elsewhere(mentorship=proposed, by=personas.bob)


def test_looking_elsewhere_after_activation_is_refused(
    personas: Personas, active: Mentorship
) -> None:
    with pytest.raises(MentorshipError, match="look for another mentor"):
        services.mentorship_look_elsewhere(mentorship=active, by=personas.alice)


def test_excluded_mentor_cannot_be_paired_again(personas: Personas, proposed: Mentorship) -> None:
    services.mentorship_look_elsewhere(mentorship=proposed, by=personas.alice)
    with pytest.raises(MentorshipError, match="excluded"):
        services.mentorship_create(
            programme=personas.programme, mentee=personas.alice, mentor=personas.bob
        )


def test_early_exit_is_no_fault_and_excludes_the_mentor(
    personas: Personas, active: Mentorship
) -> None:
    services.mentorship_exit_early(mentorship=active, by=personas.bob, reason="New job abroad")
    active.refresh_from_db()
    assert active.state == State.CLOSED
    assert active.outcome == Mentorship.Outcome.ENDED_EARLY
    assert active.exit_reason == "New job abroad"
    exclusion = MentorExclusion.objects.get()
    assert exclusion.reason == MentorExclusion.Reason.ENDED_EARLY
    assert personas.alice in mentees_awaiting_match(personas.programme)


def test_closed_mentorship_cannot_end_early_again(personas: Personas, active: Mentorship) -> None:
    services.mentorship_exit_early(mentorship=active, by=personas.bob)
    with pytest.raises(MentorshipError, match="end early"):
        services.mentorship_exit_early(mentorship=active, by=personas.alice)


def test_stay_in_touch_only_after_closing(personas: Personas, active: Mentorship) -> None:
    with pytest.raises(MentorshipError, match="stay in touch"):
        services.mentorship_stay_in_touch(mentorship=active, by=personas.alice, stay=True)
    services.mentorship_exit_early(mentorship=active, by=personas.alice)
    services.mentorship_stay_in_touch(mentorship=active, by=personas.alice, stay=True)
    active.refresh_from_db()
    assert active.mentee_stays_in_touch
    assert not active.mentor_stays_in_touch


SURVEY = {
    "went_well": "Honest conversations.",
    "learnt": "To delegate.",
    "goals_achieved": "most",
    "confidence_before": 4,
    "confidence_after": 8,
    "would_recommend": 9,
}


def test_closure_completes_once_both_have_reflected(personas: Personas, active: Mentorship) -> None:
    services.closure_propose(mentorship=active, by=personas.alice)
    assert active.state == State.CLOSING
    services.closure_submit(mentorship=active, by=personas.alice, **SURVEY)
    active.refresh_from_db()
    assert active.state == State.CLOSING
    with pytest.raises(MentorshipError, match="waiting for Bob Mentor"):
        services.mentorship_close(mentorship=active)
    services.closure_submit(mentorship=active, by=personas.bob, **SURVEY)
    active.refresh_from_db()
    assert active.state == State.CLOSED
    assert active.outcome == Mentorship.Outcome.COMPLETED


def test_closure_survey_cannot_be_submitted_twice(personas: Personas, active: Mentorship) -> None:
    services.closure_propose(mentorship=active, by=personas.alice)
    services.closure_submit(mentorship=active, by=personas.alice, **SURVEY)
    with pytest.raises(MentorshipError, match="already completed"):
        services.closure_submit(mentorship=active, by=personas.alice, **SURVEY)


def test_closure_survey_checks_its_scales(personas: Personas, active: Mentorship) -> None:
    services.closure_propose(mentorship=active, by=personas.alice)
    with pytest.raises(MentorshipError, match="recommend") as info:
        services.closure_submit(
            mentorship=active, by=personas.alice, **{**SURVEY, "would_recommend": 11}
        )
    assert info.value.field == "would_recommend"
    from tandem.mentorships.models import ClosureReflection

    assert not ClosureReflection.objects.exists()


def test_closure_before_activation_is_refused(personas: Personas, proposed: Mentorship) -> None:
    with pytest.raises(MentorshipError, match="propose closing"):
        services.closure_propose(mentorship=proposed, by=personas.alice)


def test_closure_can_be_withdrawn(personas: Personas, active: Mentorship) -> None:
    services.closure_propose(mentorship=active, by=personas.alice)
    services.closure_withdraw(mentorship=active, by=personas.bob)
    assert active.state == State.ACTIVE
    with pytest.raises(MentorshipError, match="carry on"):
        services.closure_withdraw(mentorship=active, by=personas.bob)
