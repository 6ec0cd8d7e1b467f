"""Build the demo organisation: an org chart, two programmes and their enrolments.

Everything is drawn from one `random.Random(seed)`, so the same seed builds the same data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from tandem.accounts.models import User
from tandem.circles.models import CircleMember
from tandem.demo import vocabulary as vocab
from tandem.demo.circles import build_demo_circles
from tandem.demo.flash import build_demo_flash
from tandem.demo.mentorships import build_demo_mentorships
from tandem.demo.peers import build_demo_peers
from tandem.matching.models import MatchProposal, UnmatchedMentee
from tandem.mentorships.models import Mentorship
from tandem.people.models import Department, Language, Person, PersonSkill, Skill, normalise_term
from tandem.programmes.models import Enrolment, Programme
from tandem.programmes.services import questionnaire_install_defaults
from tandem.reports.services import health_snapshots_backfill

DOMAIN = "northwind.example"
COORDINATOR_EMAIL = f"coordinator@{DOMAIN}"


@dataclass
class DemoResult:
    people: int = 0
    departments: int = 0
    depth: int = 0
    programmes: list[Programme] = field(default_factory=list)
    sign_ins: dict[str, str] = field(default_factory=dict)


@dataclass
class _Seat:
    """A place in the org chart before it becomes a Person."""

    department: str
    level: int
    manager: int | None
    name: str = ""
    location: tuple[str, str, list[str]] = ("London", "Europe/London", ["en"])


def _org_chart(rng: random.Random, size: int) -> list[_Seat]:
    seats = [_Seat(department="Operations", level=0, manager=None)]
    heads = []
    for department in vocab.DEPARTMENTS:
        seats.append(_Seat(department=department, level=1, manager=0))
        heads.append(len(seats) - 1)
    managers = []
    for head in heads:
        for _ in range(3):
            seats.append(_Seat(department=seats[head].department, level=2, manager=head))
            managers.append(len(seats) - 1)
    leads = []
    for manager in managers:
        for _ in range(2):
            seats.append(_Seat(department=seats[manager].department, level=3, manager=manager))
            leads.append(len(seats) - 1)
    while len(seats) < size:
        lead = rng.choice(leads)
        seats.append(_Seat(department=seats[lead].department, level=4, manager=lead))
    return seats


def _unique_names(rng: random.Random, count: int) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        name = f"{rng.choice(vocab.FIRST_NAMES)} {rng.choice(vocab.LAST_NAMES)}"
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def _skill(name: str, cache: dict[str, Skill]) -> Skill:
    key = normalise_term(name)
    if key not in cache:
        skill = (
            Skill.objects.filter(name__iexact=name).first()
            or Skill.objects.filter(aliases__alias=key).first()
            or Skill.objects.create(name=name)
        )
        cache[key] = skill
    return cache[key]


def _email(name: str, index: int) -> str:
    local = name.lower().replace(" ", ".").replace("ã", "a")
    return f"{local}.{index}@{DOMAIN}"


@transaction.atomic
def build_demo_organisation(*, seed: int = 7, size: int = 320) -> DemoResult:
    rng = random.Random(seed)
    today = date.today()
    seats = _org_chart(rng, size)
    names = _unique_names(rng, len(seats))
    languages = {
        code: Language.objects.get_or_create(code=code, defaults={"name": label})[0]
        for code, label in vocab.LANGUAGE_NAMES.items()
    }
    departments = {
        name: Department.objects.get_or_create(name=name)[0] for name in vocab.DEPARTMENTS
    }

    password = make_password(settings.TANDEM_DEMO_PASSWORD)
    emails = [_email(name, i) for i, name in enumerate(names)]
    users = User.objects.bulk_create(
        [
            User(email=email, name=name, password=password)
            for email, name in zip(emails, names, strict=True)
        ]
    )
    coordinator = User.objects.create(
        email=COORDINATOR_EMAIL, name="Casey Coordinator", password=password, is_coordinator=True
    )
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user=user, email=user.email, verified=True, primary=True)
            for user in [*users, coordinator]
        ]
    )

    people: list[Person] = []
    for seat, user, name in zip(seats, users, names, strict=True):
        seat.location = rng.choice(vocab.LOCATIONS)
        info = vocab.DEPARTMENTS[seat.department]
        title_index = min(seat.level, len(info["titles"]) - 1)
        title = "Chief Executive Officer" if seat.level == 0 else info["titles"][title_index]
        birthday = date(rng.randint(1965, 2000), rng.randint(1, 12), rng.randint(1, 28))
        joined = today - timedelta(days=rng.randint(60, 365 * 15))
        people.append(
            Person(
                user=user,
                email=user.email,
                name=name,
                job_title=title,
                department=departments[seat.department],
                location=seat.location[0],
                timezone=seat.location[1],
                bio=f"{title} in {seat.department}, based in {seat.location[0]}.",
                interests=", ".join(rng.sample(vocab.FOCUS_AREAS, 2)),
                birthday=birthday,
                celebrate_birthday=rng.random() < 0.4,
                work_anniversary=joined,
                celebrate_work_anniversary=rng.random() < 0.6,
                visible_fields=list(Person.DEFAULT_VISIBLE_FIELDS),
                profile_completed_at=None,
            )
        )
    people = Person.objects.bulk_create(people)
    Person.objects.create(
        user=coordinator,
        email=coordinator.email,
        name=coordinator.name,
        job_title="Learning and Development Lead",
        department=departments["People"],
        location="London",
        timezone="Europe/London",
        visible_fields=list(Person.DEFAULT_VISIBLE_FIELDS),
    )
    for person, seat in zip(people, seats, strict=True):
        if seat.manager is not None:
            person.manager = people[seat.manager]
    Person.objects.bulk_update(people, ["manager"])

    skill_cache: dict[str, Skill] = {}
    person_skills = []
    person_languages = []
    for person, seat in zip(people, seats, strict=True):
        info = vocab.DEPARTMENTS[seat.department]
        level_floor = 3 if seat.level <= 2 else 1
        # Two names on the list may be aliases of one skill; a person holds it once.
        skills = {_skill(name, skill_cache) for name in rng.sample(info["skills"], 3)}
        for skill in sorted(skills, key=lambda s: s.pk):
            person_skills.append(
                PersonSkill(person=person, skill=skill, level=rng.randint(level_floor, 4))
            )
        for code in seat.location[2]:
            person_languages.append(
                Person.languages.through(person_id=person.pk, language_id=languages[code].pk)
            )
    PersonSkill.objects.bulk_create(person_skills)
    Person.languages.through.objects.bulk_create(person_languages)
    Person.objects.filter(pk__in=[p.pk for p in people]).update(profile_completed_at=timezone.now())

    programmes = _programmes(rng, coordinator, today)
    sign_ins = _enrol(rng, programmes, people, seats, skill_cache, coordinator)
    _mentorships(rng, programmes[0], today)
    build_demo_flash(programme=programmes[0], rng=rng, today=today)
    group = build_demo_circles(coordinator=coordinator, rng=rng, today=today)
    programmes.append(build_demo_peers(coordinator=coordinator, rng=rng, today=today)[0])
    programmes.append(group)
    _date_applications(rng)
    return DemoResult(
        people=len(people) + 1,
        departments=len(departments),
        depth=max(seat.level for seat in seats) + 1,
        programmes=programmes,
        sign_ins=sign_ins,
    )


def _programmes(rng: random.Random, coordinator: User, today: date) -> list[Programme]:
    leaders = Programme.objects.create(
        name="Leaders of Tomorrow",
        purpose="Prepare people for their first or next leadership role through a year of "
        "one-to-one mentoring with an experienced leader from another part of the business.",
        kind=Programme.Kind.ONE_TO_ONE,
        matching_mode=Programme.MatchingMode.BOTH,
        status=Programme.Status.RUNNING,
        starts_on=today - timedelta(days=120),
        ends_on=today + timedelta(days=245),
        default_duration_months=9,
        meeting_cadence="fortnightly",
        exclude_same_department=True,
        max_timezone_gap_hours=6,
    )
    craft = Programme.objects.create(
        name="Craft Mentoring",
        purpose="Deepen professional skills by learning from a practitioner who has done it: "
        "engineering, data, product and finance craft.",
        kind=Programme.Kind.ONE_TO_ONE,
        matching_mode=Programme.MatchingMode.COORDINATOR,
        status=Programme.Status.OPEN,
        starts_on=today + timedelta(days=14),
        ends_on=today + timedelta(days=200),
        default_duration_months=6,
        meeting_cadence="monthly",
        max_timezone_gap_hours=8,
    )
    for programme in (leaders, craft):
        programme.coordinators.add(coordinator)
        questionnaire_install_defaults(programme=programme)
    return [leaders, craft]


def _answers(rng: random.Random, role: str) -> dict[str, object]:
    return {
        "define_mentoring": rng.choice(vocab.DEFINITIONS),
        "want_from_it": rng.choice(vocab.MENTOR_WANTS)
        if role == Enrolment.Role.MENTOR
        else "Grow into the next step of my career with honest guidance.",
        "expect_from_other": rng.choice(
            vocab.EXPECTATIONS_OF_MENTEE
            if role == Enrolment.Role.MENTOR
            else vocab.EXPECTATIONS_OF_MENTOR
        ),
        "frequency": rng.choice(vocab.FREQUENCIES[:3]),
        "format": rng.choice(vocab.FORMATS),
        "style": str(rng.randint(1, 5)),
        "focus_areas": rng.sample(vocab.FOCUS_AREAS, 2),
    }


def _enrol(
    rng: random.Random,
    programmes: list[Programme],
    people: list[Person],
    seats: list[_Seat],
    skill_cache: dict[str, Skill],
    coordinator: User,
) -> dict[str, str]:
    senior = [p for p, s in zip(people, seats, strict=True) if 1 <= s.level <= 3]
    junior = [p for p, s in zip(people, seats, strict=True) if s.level == 4]
    rng.shuffle(senior)
    rng.shuffle(junior)
    plan = [
        (programmes[0], senior[:34], junior[:85]),
        (programmes[1], senior[34:60], junior[85:150]),
    ]
    seat_of = {person.pk: seat for person, seat in zip(people, seats, strict=True)}
    enrolments = []
    wanted: list[tuple[int, list[Skill]]] = []
    for programme, mentors, mentees in plan:
        for mentor in mentors:
            enrolments.append(
                Enrolment(
                    programme=programme,
                    person=mentor,
                    role=Enrolment.Role.MENTOR,
                    status=Enrolment.Status.APPROVED,
                    capacity=rng.randint(1, 4),
                    answers=_answers(rng, Enrolment.Role.MENTOR),
                    decided_by=coordinator,
                )
            )
            wanted.append((len(enrolments) - 1, []))
        for index, mentee in enumerate(mentees):
            info = vocab.DEPARTMENTS[seat_of[mentee.pk].department]
            # Some mentees want skills from another department: that is what mentors are for.
            source = info if rng.random() < 0.6 else rng.choice(list(vocab.DEPARTMENTS.values()))
            status = Enrolment.Status.APPLIED if index % 12 == 0 else Enrolment.Status.APPROVED
            enrolments.append(
                Enrolment(
                    programme=programme,
                    person=mentee,
                    role=Enrolment.Role.MENTEE,
                    status=status,
                    goals=rng.choice(source["goals"]),
                    answers=_answers(rng, Enrolment.Role.MENTEE),
                    decided_by=coordinator if status == Enrolment.Status.APPROVED else None,
                )
            )
            wanted.append(
                (
                    len(enrolments) - 1,
                    list({_skill(name, skill_cache) for name in rng.sample(source["skills"], 2)}),
                )
            )
    created = Enrolment.objects.bulk_create(enrolments)
    through = Enrolment.skills_wanted.through
    through.objects.bulk_create(
        [
            through(enrolment_id=created[i].pk, skill_id=skill.pk)
            for i, skills in wanted
            for skill in skills
        ]
    )
    return demo_sign_ins()


def _mentorships(rng: random.Random, programme: Programme, today: date, count: int = 30) -> None:
    """Pairs in every state, the demo mentee and mentor first so their sign-ins show a pair."""
    approved = Enrolment.objects.filter(
        programme=programme, status=Enrolment.Status.APPROVED
    ).select_related("person__manager", "person__department")
    mentors = [e for e in approved.order_by("pk") if e.role == Enrolment.Role.MENTOR]
    mentees = [e.person for e in approved.order_by("pk") if e.role == Enrolment.Role.MENTEE]
    load = {m.person_id: 0 for m in mentors}
    pairs: list[tuple[Person, Person]] = []
    for mentee in mentees[:count]:
        chain = {boss.pk for boss in mentee.management_chain()}
        mentor = next(
            (
                m.person
                for m in mentors
                if load[m.person_id] < min(m.capacity, 2)
                and m.person_id not in chain
                and m.person.department_id != mentee.department_id
            ),
            None,
        )
        if mentor is not None:
            load[mentor.pk] += 1
            pairs.append((mentee, mentor))
    build_demo_mentorships(programme=programme, pairs=pairs, rng=rng, today=today)
    health_snapshots_backfill(programme=programme, weeks=12, today=today)


def _date_applications(rng: random.Random) -> None:
    """Date each application, and the decision on it, before its pair, circle or match run
    began; one that is still waiting, or that nothing has placed yet, came in lately."""
    moments = [
        *Mentorship.objects.values_list("programme_id", "mentee_id", "created_at"),
        *Mentorship.objects.values_list("programme_id", "mentor_id", "created_at"),
        *CircleMember.objects.values_list("circle__programme_id", "person_id", "joined_at"),
        # Everyone a run read, paired or not, had applied by the time it started.
        *MatchProposal.objects.values_list("run__programme_id", "mentee_id", "run__started_at"),
        *MatchProposal.objects.values_list("run__programme_id", "mentor_id", "run__started_at"),
        *UnmatchedMentee.objects.values_list("run__programme_id", "mentee_id", "run__started_at"),
    ]
    began: dict[tuple[int, int], datetime] = {}
    for programme, person, moment in moments:
        if moment is not None:
            key = (programme, person)
            began[key] = min(began.get(key, moment), moment)

    now = timezone.now()
    enrolments = list(Enrolment.objects.order_by("pk"))
    for enrolment in enrolments:
        waiting = enrolment.status == Enrolment.Status.APPLIED
        deadline = began.get((enrolment.programme_id, enrolment.person_id))
        if deadline is None:
            deadline = now - timedelta(days=0 if waiting else rng.randint(7, 40))
            applied = deadline - timedelta(days=rng.randint(1, 14), hours=rng.randint(0, 8))
        else:
            applied = deadline - timedelta(days=rng.randint(7, 40))
        enrolment.created_at = applied
        if not waiting:
            enrolment.decided_at = applied + timedelta(days=rng.randint(1, 5))
    Enrolment.objects.bulk_update(enrolments, ["created_at", "decided_at"], batch_size=500)


def demo_sign_ins() -> dict[str, str]:
    """The demo accounts worth signing in as: the coordinator, a mentor and a mentee."""
    first_programme = Programme.objects.filter(coordinators__email=COORDINATOR_EMAIL).order_by(
        "starts_on", "pk"
    )
    approved = Enrolment.objects.filter(
        programme__in=first_programme[:1], status=Enrolment.Status.APPROVED
    ).order_by("pk")
    sign_ins = {"coordinator": COORDINATOR_EMAIL}
    for role in (Enrolment.Role.MENTOR, Enrolment.Role.MENTEE):
        enrolment = approved.filter(role=role).select_related("person").first()
        if enrolment is not None:
            sign_ins[role] = enrolment.person.email
    return sign_ins
