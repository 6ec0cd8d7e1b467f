import datetime
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tandem.accounts.models import User
from tandem.circles.models import Circle, CircleMember
from tandem.conftest import shared_by_the_class
from tandem.flash.models import Booking, Reflection, Slot
from tandem.mentorships.models import Mentorship
from tandem.people.models import Department, Person
from tandem.programmes.models import Enrolment, Programme, Question
from tandem.reports.models import HealthSnapshot

pytestmark = pytest.mark.django_db


def _depth(person: Person, parents: dict[int, int | None]) -> int:
    depth, current = 1, parents[person.pk]
    while current is not None:
        depth, current = depth + 1, parents[current]
    return depth


def _snapshot() -> list[tuple[str, str, str | None, str, str]]:
    return list(
        Person.objects.order_by("email").values_list(
            "email", "job_title", "manager__email", "timezone", "department__name"
        )
    )


@pytest.fixture(scope="class")
def built(request: pytest.FixtureRequest, django_db_setup: None, django_db_blocker: Any):
    """The demo organisation with seed 11, built once for the class's tests."""
    with shared_by_the_class(request, django_db_blocker):
        call_command("demo", "--seed", "11", stdout=StringIO())
        yield _snapshot()


@pytest.mark.usefixtures("built")
class TestTheDemoOrganisation:
    def test_it_is_believable(self) -> None:
        people = list(Person.objects.all())
        parents = dict(Person.objects.values_list("pk", "manager_id"))
        assert len(people) >= 300
        assert max(_depth(p, parents) for p in people) >= 4
        assert Department.objects.filter(people__isnull=False).distinct().count() >= 6
        assert len({p.timezone for p in people}) >= 5
        assert Person.languages.through.objects.values("language").distinct().count() >= 5
        assert Person.skills.through.objects.values("skill").distinct().count() >= 20
        assert Programme.objects.count() == 4
        one_to_one = Enrolment.objects.exclude(programme__kind=Programme.Kind.GROUP)
        mentors = one_to_one.filter(role=Enrolment.Role.MENTOR)
        mentees = one_to_one.filter(role=Enrolment.Role.MENTEE)
        assert 50 <= mentors.count() <= 70
        assert 140 <= mentees.count() <= 160
        assert all(e.goals and e.answers.get("frequency") for e in mentees)
        assert not mentees.filter(skills_wanted__isnull=True).exists()
        states = set(Mentorship.objects.values_list("state", flat=True))
        assert states == set(Mentorship.State.values)
        assert HealthSnapshot.objects.exists()
        statuses = set(Booking.objects.values_list("status", flat=True))
        assert statuses == set(Booking.Status.values)
        assert Slot.objects.filter(status=Slot.Status.OPEN, starts_at__gt=timezone.now()).exists()
        assert Reflection.objects.exists()
        peers = Programme.objects.get(kind=Programme.Kind.PEER)
        pool = Enrolment.objects.filter(programme=peers, role=Enrolment.Role.PEER)
        assert pool.count() >= 20
        assert all(e.goals and e.offers for e in pool)
        pairs = Mentorship.objects.filter(programme=peers)
        assert pairs.count() >= 6
        assert len(set(pairs.values_list("state", flat=True))) >= 4
        assert all(m.mentee_id < m.mentor_id for m in pairs)
        run = peers.match_runs.get()
        assert run.status == "published"
        assert run.metrics["certificate"]["max_pairs"] >= 1
        for programme in Programme.objects.all():
            core = set(programme.questions.filter(is_core=True).values_list("key", flat=True))
            assert core == set(Question.CORE_KEYS)

    def test_its_group_programme_has_circles_in_several_states(self) -> None:
        group = Programme.objects.get(kind=Programme.Kind.GROUP)
        circles = Circle.objects.filter(programme=group)
        assert set(circles.values_list("state", flat=True)) == {"forming", "active", "closed"}
        for circle in circles:
            members = circle.members.current()
            assert members.filter(role="mentor").count() == 1
            assert 3 <= members.filter(role="mentee").count() <= circle.max_mentees
        for circle in circles.exclude(state="forming"):
            # Every member signed the charter, and meetings were held with attendance taken.
            charter = circle.current_charter()
            assert charter is not None
            assert charter.signatures.count() == circle.members.current().count()
            held = circle.meetings.filter(status="held")
            assert held.exists()
            assert all(m.attendances.count() == 5 for m in held)
        running = circles.get(state="active", name="Data for decisions")
        assert running.meetings.filter(status="scheduled", starts_at__gt=timezone.now()).exists()
        placed = CircleMember.objects.filter(circle__programme=group, role="mentee")
        free = Enrolment.objects.filter(programme=group, role=Enrolment.Role.MENTEE).exclude(
            person__in=placed.values("person")
        )
        assert free.exists()

    def test_its_peer_run_agrees_with_the_pairs_it_published(self) -> None:
        peers = Programme.objects.get(kind=Programme.Kind.PEER)
        run = peers.match_runs.get()
        proposals = list(run.proposals.all())
        pairs = list(Mentorship.objects.filter(programme=peers))
        unmatched = set(run.unmatched_mentees.values_list("mentee_id", flat=True))
        metrics = run.metrics

        # Its pairs are the ones it published, and its counts count them.
        assert {(p.mentee_id, p.mentor_id) for p in proposals} == {
            (m.mentee_id, m.mentor_id) for m in pairs
        }
        assert {m.origin for m in pairs} == {Mentorship.Origin.MATCH}
        assert metrics["matched"] == len(pairs) == metrics["published_mentorships"]
        assert metrics["people_matched"] == 2 * len(pairs)
        assert metrics["unmatched"] == len(unmatched)
        assert metrics["peers"] == metrics["people_matched"] + metrics["unmatched"]
        assert metrics["matched"] <= metrics["max_pairs"]
        # What its certificate proves is about these pairs: nobody changed them by hand.
        assert not metrics.get("adjusted")
        assert metrics["total_score"] == pytest.approx(sum(2 * p.score for p in proposals))
        assert metrics["total_score"] <= metrics["upper_bound"] + 1e-6
        # It ran, then was published, then its pairs began.
        assert run.started_at is not None
        assert run.finished_at is not None
        assert run.published_at is not None
        assert run.created_at <= run.started_at <= run.finished_at <= run.published_at
        assert all(m.created_at >= run.published_at for m in pairs)
        assert peers.starts_on <= run.published_at.date()
        # Every peer it read had applied before it started; the others applied after it.
        read = {p for m in pairs for p in (m.mentee_id, m.mentor_id)} | unmatched
        pool = Enrolment.objects.filter(programme=peers)
        assert pool.exclude(person__in=read).exists()
        for enrolment in pool:
            assert (enrolment.created_at < run.started_at) == (enrolment.person_id in read)

    def test_every_application_came_before_its_pair_or_circle_began(self) -> None:
        began: dict[tuple[int, int], datetime.datetime] = {}
        for programme, person, moment in [
            *Mentorship.objects.values_list("programme_id", "mentee_id", "created_at"),
            *Mentorship.objects.values_list("programme_id", "mentor_id", "created_at"),
            *CircleMember.objects.values_list("circle__programme_id", "person_id", "joined_at"),
        ]:
            began[(programme, person)] = min(began.get((programme, person), moment), moment)
        enrolments = list(Enrolment.objects.all())
        now = timezone.now()

        for enrolment in enrolments:
            start = began.get((enrolment.programme_id, enrolment.person_id), now)
            assert enrolment.created_at < start, enrolment
            if enrolment.status == Enrolment.Status.APPLIED:
                assert enrolment.decided_at is None, enrolment
            else:
                assert enrolment.decided_at is not None, enrolment
                assert enrolment.created_at < enrolment.decided_at < start, enrolment
        # Applications came in over weeks and months, not all on the day the demo was loaded.
        assert len({e.created_at.date() for e in enrolments}) >= 30

    def test_the_same_seed_builds_it_again_the_same(self, built: list[tuple[str, ...]]) -> None:
        Person.objects.all().delete()
        User.objects.all().delete()
        Programme.objects.all().delete()
        Department.objects.all().delete()

        call_command("demo", "--seed", "11", stdout=StringIO())

        assert _snapshot()[:50] == built[:50]
        assert len(_snapshot()) == len(built)

    def test_its_sign_ins_name_a_coordinator_a_mentor_and_a_mentee(self) -> None:
        out = StringIO()

        call_command("demo_sign_ins", stdout=out)

        text = out.getvalue()
        assert "coordinator@northwind.example" in text
        assert "mentor " in text
        assert "mentee " in text
        assert "tandem-demo" in text
        mentee_email = text.split("mentee ")[1].split()[0]
        mentor_email = text.split("mentor ")[1].split()[0]
        pair = Mentorship.objects.get(mentee__email=mentee_email)
        assert pair.mentor.email == mentor_email
        assert pair.state == Mentorship.State.ACTIVE


def test_demo_refuses_a_database_that_has_accounts_unless_asked_to_skip():
    User.objects.create_user("someone@example.org", "pw")

    with pytest.raises(CommandError, match="already has accounts"):
        call_command("demo", stdout=StringIO())
    out = StringIO()
    call_command("demo", "--if-empty", stdout=out)

    assert "not loaded again" in out.getvalue()
    assert Person.objects.count() == 0
