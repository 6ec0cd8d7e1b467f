from datetime import UTC, datetime

import pytest

from tandem.matching.instance import build_cohort, utc_offset_hours
from tandem.matching.models import PairRule
from tandem.matching.tests.factories import mentee, mentor
from tandem.mentorships.models import MentorExclusion, Mentorship
from tandem.people.models import Skill
from tandem.people.tests.factories import LanguageFactory, PersonFactory
from tandem.programmes.models import Enrolment
from tandem.programmes.tests.factories import EnrolmentFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_mentor_capacity_counts_only_places_not_taken_by_open_mentorships():
    programme = ProgrammeFactory()
    bob = mentor(programme, name="Bob Mentor", capacity=3)
    taken = mentee(programme, name="Tia Taken")
    Mentorship.objects.create(programme=programme, mentee=taken, mentor=bob)
    closed = mentee(programme, name="Cy Closed")
    Mentorship.objects.create(
        programme=programme, mentee=closed, mentor=bob, state=Mentorship.State.CLOSED
    )

    cohort = build_cohort(programme)

    assert cohort.free_places[bob.pk] == 2
    assert cohort.mentors[bob.pk].capacity == 2
    assert taken.pk not in cohort.mentees
    assert closed.pk in cohort.mentees


def test_only_approved_enrolments_take_part():
    programme = ProgrammeFactory()
    EnrolmentFactory(programme=programme, status=Enrolment.Status.APPLIED)
    EnrolmentFactory(
        programme=programme, role=Enrolment.Role.MENTOR, status=Enrolment.Status.DECLINED
    )
    approved = mentee(programme, name="Ada Approved")

    cohort = build_cohort(programme)

    assert list(cohort.mentees) == [approved.pk]
    assert cohort.mentors == {}


def test_profiles_carry_languages_timezone_expertise_goals_and_structured_answers():
    programme = ProgrammeFactory()
    french = LanguageFactory(code="fr", name="French")
    bob = mentor(
        programme,
        name="Bob Mentor",
        bio="Twenty years of treasury work.",
        skills=("Forecasting",),
        job_title="Head of Treasury",
        timezone="America/New_York",
    )
    bob.languages.add(french)
    alice = mentee(
        programme,
        name="Alice Mentee",
        goals="Present budgets to the board.",
        answers={"frequency": "monthly", "define_mentoring": "free text stays out"},
    )
    enrolment = Enrolment.objects.get(person=alice)
    enrolment.skills_wanted.add(Skill.objects.get_or_create(name="Public speaking")[0])

    cohort = build_cohort(programme)
    m = cohort.mentors[bob.pk]
    a = cohort.mentees[alice.pk]

    assert m.languages == ("en", "fr")
    assert m.expertise == "Twenty years of treasury work."
    assert m.skills == ("Forecasting",)
    assert m.background == "Head of Treasury"
    assert m.utc_offset_hours in (-5.0, -4.0)
    assert a.goals == "Present budgets to the board."
    assert a.skills_wanted == ("Public speaking",)
    assert a.answers == {"frequency": "monthly"}


def test_org_chart_holds_everyone_with_manager_and_department():
    programme = ProgrammeFactory()
    boss = PersonFactory(user__email="boss@example.org")
    alice = mentee(programme, name="Alice Mentee", manager=boss)

    people = {p.id: p for p in build_cohort(programme).people}

    assert people[str(alice.pk)].manager == str(boss.pk)
    assert people[str(boss.pk)].department == boss.department.name


def test_previous_mentors_after_an_early_exit_and_coordinator_forbids_are_forbidden():
    programme = ProgrammeFactory()
    bob = mentor(programme, name="Bob Mentor")
    ben = mentor(programme, name="Ben Mentor")
    alice = mentee(programme, name="Alice Mentee")
    MentorExclusion.objects.create(
        programme=programme, mentee=alice, mentor=bob, reason=MentorExclusion.Reason.ENDED_EARLY
    )
    PairRule.objects.create(programme=programme, mentee=alice, mentor=ben, kind="forbid")

    instance = build_cohort(programme).instance(build_weights())

    assert sorted(instance.forbidden) == sorted(
        [(str(alice.pk), str(bob.pk)), (str(alice.pk), str(ben.pk))]
    )


def test_a_pinned_pair_leaves_the_instance_and_uses_one_of_the_mentors_places():
    programme = ProgrammeFactory()
    bob = mentor(programme, name="Bob Mentor", capacity=2)
    alice = mentee(programme, name="Alice Mentee")
    other = mentee(programme, name="Olly Other")
    PairRule.objects.create(programme=programme, mentee=alice, mentor=bob, kind="pin")

    cohort = build_cohort(programme)
    instance = cohort.instance(build_weights())

    assert cohort.pins == [(alice.pk, bob.pk)]
    assert [m.id for m in instance.mentees] == [str(other.pk)]
    assert instance.mentors[0].capacity == 1


def test_a_pin_the_cohort_cannot_honour_is_reported_not_kept():
    programme = ProgrammeFactory()
    bob = mentor(programme, name="Bob Mentor", capacity=1)
    alice = mentee(programme, name="Alice Mentee")
    Mentorship.objects.create(programme=programme, mentee=mentee(programme, name="Z"), mentor=bob)
    PairRule.objects.create(programme=programme, mentee=alice, mentor=bob, kind="pin")

    cohort = build_cohort(programme)

    assert cohort.pins == []
    assert cohort.skipped_pins == [
        "Alice Mentee with Bob Mentor: the mentor has no free place left"
    ]


def test_utc_offset_of_an_unknown_zone_is_unknown():
    assert utc_offset_hours("Nowhere/Special", datetime(2026, 1, 1, tzinfo=UTC)) is None
    assert utc_offset_hours("Asia/Kolkata", datetime(2026, 1, 1, tzinfo=UTC)) == 5.5


@pytest.mark.parametrize("size", [3, 12])
def test_building_the_cohort_takes_the_same_queries_at_any_size(size, django_assert_num_queries):
    programme = ProgrammeFactory()
    for n in range(size):
        mentor(programme, name=f"Mentor {n}")
        mentee(programme, name=f"Mentee {n}")
    with django_assert_num_queries(10):
        build_cohort(programme)


def build_weights():
    from tandem.matching.engine.model import Weights

    return Weights()
