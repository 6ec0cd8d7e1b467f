"""An organisation of 100,000 people on PostgreSQL, shaped like a real one, built with bulk inserts.

Run with `.venv/bin/python benchmarks/scale_data.py --database-url postgres://... [--keep]`.
`benchmarks/pages.py` and `benchmarks/load.py` measure the main pages against it; with `--keep`
the data stays in the database for them (they build it themselves when it is missing), without
it the database is emptied at the end. A database that already holds the set is used as it is,
unless `--rebuild` is given.

What it builds, each table written with `bulk_create` in batches (never one service call per
row), in the states and counts the services would leave:

- 100,000 people with accounts, in an org chart ten wide and six levels deep (a chief
  executive, departments under each of the ten executives), job titles, time zones, languages
  and skills with levels;
- 20 programmes (one open and being matched, one closed, the rest running), each with the
  default questionnaire and a coordinator; about 41,000 enrolments (applied, approved, declined);
- about 10,400 mentorships, 5,000 of them in one programme: agreeing (a charter not yet
  signed), active, paused, closing and closed (with an outcome), each with the history its age
  implies: a charter, goals, fortnightly meetings (about 95,000, most held, a few missed or
  cancelled, the next one scheduled), notes on recent meetings, an open action item, and a
  check-in a month from each member (about 70,000);
- today's health snapshot of every open pair, written by the real daily job;
- a finished match run of the open programme (about 2,000 proposals, 500 unmatched mentees);
- the people a benchmark signs in as (PERSONAS): an operator, a coordinator of every
  programme, a mentor with three mentees and a mentee with two mentors, and API tokens for
  the mentee and the coordinator (TOKENS, fixed keys: for benchmarks only).
"""

from __future__ import annotations

import argparse
import datetime
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import organisation_shape
from django_setup import setup

PEOPLE = 100_000
PROGRAMMES = 20
BIG_PAIRS = 5_000
SMALL_PAIRS = 300
MATCHED = 2_000
UNMATCHED = 500
BATCH = 5_000

PERSONAS = {
    "operator": "operator@example.org",
    "coordinator": "coordinator@example.org",
    "mentor": "mentor@example.org",
    "mentee": "mentee@example.org",
}
# Fixed keys, so that a second process (pages.py, load.py) can use the tokens this one stored.
TOKENS = {
    "mentee": "scale-benchmark-mentee-token-0000000000000000",
    "coordinator": "scale-benchmark-coordinator-token-00000000000",
}
BIG_PROGRAMME = "leadership-at-scale"
MATCHING_PROGRAMME = "graduate-intake"

DEPARTMENTS = organisation_shape.DEPARTMENTS
TITLES = ["Analyst", "Engineer", "Specialist", "Consultant", "Associate", "Advisor"]
LEVEL_TITLES = ["Chief Executive", "Executive Vice President", "Director", "Senior Manager"]
ZONES = organisation_shape.ZONES
LANGUAGES = organisation_shape.LANGUAGES
FIRST = ["Ada", "Ben", "Chloé", "Dev", "Elif", "Femi", "Greta", "Hiro", "Ines", "Jonas", "Kofi"]
LAST = ["Adams", "Bauer", "Chen", "Dubois", "Evans", "Fischer", "García", "Haddad", "Ito", "Jones"]


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def chunks(rows: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


@contextmanager
def dated_by_hand(*models: Any) -> Iterator[None]:
    """Let bulk inserts keep the created/updated times they are given.

    The services write these rows over months; `auto_now_add` would date the whole history
    today, and health, reports and every "last" figure read those dates.
    """
    fields = [
        field
        for model in models
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    saved = [(field, field.auto_now, field.auto_now_add) for field in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, now, now_add in saved:
            field.auto_now, field.auto_now_add = now, now_add


def is_built(people: int = PEOPLE) -> bool:
    from tandem.accounts.models import PersonalToken
    from tandem.people.models import Person

    return (
        Person.objects.filter(email=PERSONAS["mentee"]).exists()
        and PersonalToken.objects.filter(name="scale benchmark").count() == len(TOKENS)
        and Person.objects.count() >= people
    )


def build(people_count: int = PEOPLE, seed: int = 10) -> dict[str, int]:
    """Build the data set in the configured database (assumed empty); return its counts."""

    rng = random.Random(seed)
    now = datetime.datetime.now(datetime.UTC)
    started = time.perf_counter()
    people = _people(rng, people_count)
    log(f"{len(people):,} people in {time.perf_counter() - started:.0f} s")
    programmes = _programmes(rng, now)
    pairs = _enrolments_and_pairs(rng, now, people, programmes)
    log(f"enrolments and {len(pairs):,} pairs in {time.perf_counter() - started:.0f} s")
    _history(rng, now, pairs)
    log(f"pair history in {time.perf_counter() - started:.0f} s")
    _match_run(rng, now, programmes[MATCHING_PROGRAMME])
    _tokens()
    from tandem.reports.services import health_snapshots_record

    health_snapshots_record()
    log(f"health snapshots; built in {time.perf_counter() - started:.0f} s")
    return counts()


def counts() -> dict[str, int]:
    from tandem.matching.models import MatchProposal
    from tandem.mentorships.models import CheckIn, Goal, Meeting, Mentorship
    from tandem.people.models import Person
    from tandem.programmes.models import Enrolment, Programme
    from tandem.reports.models import HealthSnapshot

    return {
        "people": Person.objects.count(),
        "programmes": Programme.objects.count(),
        "enrolments": Enrolment.objects.count(),
        "mentorships": Mentorship.objects.count(),
        "meetings": Meeting.objects.count(),
        "check-ins": CheckIn.objects.count(),
        "goals": Goal.objects.count(),
        "health snapshots": HealthSnapshot.objects.count(),
        "match proposals": MatchProposal.objects.count(),
    }


def _people(rng: random.Random, total: int) -> list[Any]:
    from django.contrib.auth.hashers import make_password
    from django.utils.text import slugify

    from tandem.accounts.models import User
    from tandem.people.models import Department, Language, Person, PersonSkill, Skill

    departments = [Department(name=name) for name in DEPARTMENTS]
    Department.objects.bulk_create(departments)
    languages = Language.objects.bulk_create(
        [Language(code=code, name=name) for code, name in LANGUAGES.items()]
    )
    skills = {
        name: Skill(name=name, slug=slugify(name))
        for names in DEPARTMENTS.values()
        for name in names
    }
    Skill.objects.bulk_create(skills.values())
    password = make_password(None)
    special = {
        0: ("Morgan Operator", PERSONAS["operator"]),
        1: ("Casey Coordinator", PERSONAS["coordinator"]),
        2: ("Maria Mentor", PERSONAS["mentor"]),
        3: ("Theo Mentee", PERSONAS["mentee"]),
    }
    names = []
    for i in range(total):
        name, email = special.get(
            total - 1 - i,
            (f"{rng.choice(FIRST)} {rng.choice(LAST)} {i:06d}", f"person{i:06d}@example.org"),
        )
        names.append((name, email))
    users = [User(email=email, name=name, password=password) for name, email in names]
    for part in chunks(users):
        User.objects.bulk_create(part)
    User.objects.filter(email=PERSONAS["operator"]).update(is_superuser=True, is_staff=True)
    User.objects.filter(email=PERSONAS["coordinator"]).update(is_coordinator=True)
    # A tree ten wide: person i reports to (i - 1) // 10, six levels under the chief executive;
    # each executive's branch is one department.
    department_of: list[Any] = [None] * total
    people = []
    for i, user in enumerate(users):
        if i == 0:
            department = None
        elif i <= 10:
            department = departments[(i - 1) % len(departments)]
        else:
            department = department_of[(i - 1) // 10]
        department_of[i] = department
        level = 0 if i == 0 else (1 if i <= 10 else (2 if i <= 110 else (3 if i <= 1110 else 4)))
        title = LEVEL_TITLES[level] if level < 4 else rng.choice(TITLES)
        people.append(
            Person(
                user=user,
                email=user.email,
                name=user.name,
                job_title=title,
                department=department,
                timezone=rng.choice(ZONES),
                location=rng.choice(["London", "Paris", "Berlin", "New York", "Singapore"]),
                bio=f"{title} in {department.name if department else 'the leadership team'}.",
                profile_completed_at=datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC),
                # What `Person.save` gives a new person; bulk inserts do not call it.
                visible_fields=list(Person.DEFAULT_VISIBLE_FIELDS),
            )
        )
    # Inserted without managers, then every manager set at once.
    for part in chunks(people):
        Person.objects.bulk_create(part)
    for i, person in enumerate(people):
        if i:
            person.manager_id = people[(i - 1) // 10].pk
    for part in chunks(people[1:]):
        Person.objects.bulk_update(part, ["manager"])
    through = Person.languages.through
    by_code = {language.code: language for language in languages}
    rows = [
        through(person_id=person.pk, language_id=by_code[code].pk)
        for person in people
        for code in {"en", rng.choice(list(LANGUAGES))}
    ]
    for part in chunks(rows):
        through.objects.bulk_create(part)
    skill_rows = []
    for i, person in enumerate(people):
        own = DEPARTMENTS[department_of[i].name] if department_of[i] else DEPARTMENTS["People"]
        picked = [*rng.sample(own, 2), rng.choice(list(skills))]
        for name in dict.fromkeys(picked):
            skill_rows.append(
                PersonSkill(person_id=person.pk, skill=skills[name], level=rng.randint(1, 4))
            )
    for part in chunks(skill_rows):
        PersonSkill.objects.bulk_create(part)
    return people


def _programmes(rng: random.Random, now: datetime.datetime) -> dict[str, Any]:
    from tandem.accounts.models import User
    from tandem.programmes.models import Programme
    from tandem.programmes.services import questionnaire_install_defaults

    themes = [
        ("Leadership at scale", BIG_PROGRAMME),
        ("Graduate intake", MATCHING_PROGRAMME),
        *[(f"{name} mentoring", "") for name in DEPARTMENTS],
        *[(f"{topic} circle", "") for topic in ["Women in tech", "New managers", "Returners"]],
        *[(f"{topic} programme", "") for topic in ["Sponsorship", "Career", "Data literacy"]],
        ("Reverse mentoring", ""),
        ("Last year's cohort", "last-years-cohort"),
    ]
    assert len(themes) == PROGRAMMES
    coordinator = User.objects.get(email=PERSONAS["coordinator"])
    programmes = {}
    for index, (name, slug) in enumerate(themes):
        status = Programme.Status.RUNNING
        if slug == MATCHING_PROGRAMME:
            status = Programme.Status.OPEN
        elif slug == "last-years-cohort":
            status = Programme.Status.CLOSED
        programme = Programme.objects.create(
            name=name,
            slug=slug or f"programme-{index:02d}",
            purpose=f"{name}: grow through a year of mentoring.",
            status=status,
            starts_on=(now - datetime.timedelta(days=300)).date(),
            ends_on=(now + datetime.timedelta(days=120)).date(),
            require_shared_language=True,
        )
        programme.coordinators.set([coordinator])
        questionnaire_install_defaults(programme=programme)
        programmes[programme.slug] = programme
    return programmes


def _answers(rng: random.Random) -> dict[str, Any]:
    return {
        "frequency": rng.choice(["fortnightly", "monthly"]),
        "format": rng.choice(["video", "in_person", "mixed"]),
        "style": str(rng.randint(2, 4)),
        "focus_areas": rng.sample(["career", "leadership", "technical", "strategy"], 2),
    }


def _enrolments_and_pairs(
    rng: random.Random, now: datetime.datetime, people: list[Any], programmes: dict[str, Any]
) -> list[Any]:
    """Every programme's enrolments and pairs; returns the pairs."""
    from tandem.accounts.models import User
    from tandem.mentorships.models import Mentorship
    from tandem.programmes.models import Enrolment

    Role, Status, State = Enrolment.Role, Enrolment.Status, Mentorship.State
    coordinator = User.objects.get(email=PERSONAS["coordinator"])
    persona = {
        role: next(p for p in people if p.email == email) for role, email in PERSONAS.items()
    }
    ordinary = people[:-4]
    enrolments: list[Any] = []
    pairs: list[Any] = []
    for slug, programme in programmes.items():
        if slug == BIG_PROGRAMME:
            sizes = {"pairs": BIG_PAIRS, "waiting": 600, "applied": 300, "mentors": 2_000}
        elif slug == MATCHING_PROGRAMME:
            sizes = {"pairs": 0, "waiting": MATCHED + UNMATCHED, "applied": 200, "mentors": 2_150}
        else:
            sizes = {"pairs": SMALL_PAIRS, "waiting": 530, "applied": 150, "mentors": 480}
        mentors_n, mentees_n = sizes["mentors"], sizes["pairs"] + sizes["waiting"]
        chosen = rng.sample(ordinary, mentors_n + mentees_n + sizes["applied"] + 100)
        mentors = chosen[:mentors_n]
        mentees = chosen[mentors_n : mentors_n + mentees_n]
        applicants = chosen[mentors_n + mentees_n : -100]
        declined = chosen[-100:]
        if slug == BIG_PROGRAMME:
            mentors[0], mentees[0] = persona["mentor"], persona["mentee"]
        elif slug == "programme-02":
            mentees[0] = persona["mentee"]
        capacity = 3 if slug != MATCHING_PROGRAMME else 1
        decided = now - datetime.timedelta(days=280)
        for person in mentors:
            enrolments.append(
                Enrolment(
                    programme=programme,
                    person=person,
                    role=Role.MENTOR,
                    status=Status.APPROVED,
                    capacity=capacity,
                    offers="Happy to share what I have learnt.",
                    answers=_answers(rng),
                    decided_at=decided,
                    decided_by=coordinator,
                    notified_status=Status.APPROVED,
                )
            )
        for person in mentees:
            enrolments.append(
                Enrolment(
                    programme=programme,
                    person=person,
                    role=Role.MENTEE,
                    status=Status.APPROVED,
                    goals="I want to lead a team well and plan my next step.",
                    answers=_answers(rng),
                    decided_at=decided,
                    decided_by=coordinator,
                    notified_status=Status.APPROVED,
                )
            )
        for index, person in enumerate([*applicants, *declined]):
            enrolments.append(
                Enrolment(
                    programme=programme,
                    person=person,
                    role=Role.MENTEE if index % 3 else Role.MENTOR,
                    status=Status.APPLIED if index < len(applicants) else Status.DECLINED,
                    goals="Grow in my role.",
                    capacity=1,
                    answers=_answers(rng),
                )
            )
        closed_programme = programme.status == programme.Status.CLOSED
        # Each mentor takes up to `capacity` mentees (the persona mentor: the big programme's
        # first three).
        for index in range(sizes["pairs"]):
            mentee = mentees[index]
            mentor = mentors[index // capacity]
            roll = rng.random()
            if closed_programme or roll < 0.12:
                state = State.CLOSED
            elif roll < 0.20:
                state = State.AGREEING
            elif roll < 0.25:
                state = State.PAUSED
            elif roll < 0.29:
                state = State.CLOSING
            else:
                state = State.ACTIVE
            if mentee.pk == persona["mentee"].pk:
                state = State.ACTIVE
            started = now - datetime.timedelta(days=rng.randint(20, 250))
            pair = Mentorship(
                programme=programme,
                mentee=mentee,
                mentor=mentor,
                state=state,
                origin=Mentorship.Origin.MATCH,
                created_by=coordinator,
                created_at=started - datetime.timedelta(days=10),
                updated_at=started,
                agreeing_at=started - datetime.timedelta(days=10),
            )
            if state != State.AGREEING:
                pair.started_at = started
                pair.maturity = Mentorship.Maturity.CULTIVATION
            if state == State.PAUSED:
                pair.paused_at = now - datetime.timedelta(days=rng.randint(3, 20))
            if state == State.CLOSING:
                pair.closure_proposed_at = now - datetime.timedelta(days=rng.randint(1, 10))
                pair.closure_proposed_by = mentee
                pair.maturity = Mentorship.Maturity.SEPARATION
            if state == State.CLOSED:
                pair.closed_at = min(now, started + datetime.timedelta(days=rng.randint(15, 200)))
                pair.outcome = rng.choice(
                    [Mentorship.Outcome.COMPLETED] * 4 + [Mentorship.Outcome.ENDED_EARLY]
                )
                pair.ended_by = mentor
                pair.maturity = Mentorship.Maturity.REDEFINITION
            pairs.append(pair)
    for part in chunks(enrolments):
        Enrolment.objects.bulk_create(part)
    wanted = Enrolment.skills_wanted.through
    from tandem.people.models import Skill

    skill_ids = list(Skill.objects.values_list("pk", flat=True))
    rows = [
        wanted(enrolment_id=e.pk, skill_id=skill)
        for e in enrolments
        if e.role == Role.MENTEE
        for skill in rng.sample(skill_ids, 2)
    ]
    for part in chunks(rows):
        wanted.objects.bulk_create(part)
    with dated_by_hand(Mentorship):
        for part in chunks(pairs):
            Mentorship.objects.bulk_create(part)
    return pairs


def _history(rng: random.Random, now: datetime.datetime, pairs: list[Any]) -> None:
    """What each pair wrote and did: a charter, goals, meetings and notes, actions, check-ins."""
    from tandem.mentorships.models import (
        ActionItem,
        CharterVersion,
        CheckIn,
        Goal,
        Meeting,
        MeetingNote,
        Mentorship,
    )

    State = Mentorship.State
    day = datetime.timedelta(days=1)
    charters, goals, meetings, actions, check_ins = [], [], [], [], []
    notes_for: list[tuple[Any, Any]] = []
    for pair in pairs:
        agreed = pair.started_at
        charters.append(
            CharterVersion(
                mentorship=pair,
                number=1,
                desired_outcomes="Lead my first team with confidence.",
                confidentiality="What we say stays between us.",
                cadence="fortnightly",
                meeting_format=rng.choice(["video", "in_person"]),
                written_by=pair.mentee,
                created_at=pair.created_at,
                updated_at=agreed or pair.created_at,
                mentee_signed_at=agreed,
                mentor_signed_at=agreed,
            )
        )
        if agreed is None:
            continue
        end = pair.closed_at or now
        if pair.state == State.PAUSED:
            end = pair.paused_at
        for n, title in enumerate(["Lead a team of five", "Present to the board"]):
            achieved = n == 0 and rng.random() < 0.3
            goals.append(
                Goal(
                    mentorship=pair,
                    title=title,
                    success_criterion="Agreed with my manager.",
                    status=Goal.Status.ACHIEVED if achieved else Goal.Status.IN_PROGRESS,
                    progress=100 if achieved else rng.randint(10, 80),
                    achieved_at=end - 5 * day if achieved else None,
                    created_at=agreed + day,
                    updated_at=end - 5 * day,
                )
            )
        when = agreed + 7 * day
        held = []
        while when < end:
            roll = rng.random()
            status = (
                Meeting.Status.HELD
                if roll < 0.9
                else (Meeting.Status.MISSED if roll < 0.95 else Meeting.Status.CANCELLED)
            )
            meeting = Meeting(
                mentorship=pair,
                programme_id=pair.programme_id,
                starts_at=when,
                status=status,
                meeting_format="video",
                created_by=pair.mentee,
                created_at=when - 7 * day,
                updated_at=when,
            )
            meetings.append(meeting)
            if status == Meeting.Status.HELD:
                held.append(meeting)
            when += 14 * day
        if pair.state in (State.ACTIVE, State.CLOSING):
            meetings.append(
                Meeting(
                    mentorship=pair,
                    programme_id=pair.programme_id,
                    starts_at=now + rng.randint(1, 14) * day,
                    status=Meeting.Status.SCHEDULED,
                    meeting_format="video",
                    created_by=pair.mentor,
                    created_at=now - 2 * day,
                    updated_at=now - 2 * day,
                )
            )
        notes_for.extend((meeting, pair) for meeting in held[-2:])
        if pair.state != State.CLOSED:
            actions.append(
                ActionItem(
                    mentorship=pair,
                    owner=pair.mentee,
                    text="Draft the team plan",
                    due_on=(now + 10 * day).date(),
                    created_at=now - 10 * day,
                    updated_at=now - 10 * day,
                )
            )
        for author in (pair.mentee, pair.mentor):
            when = agreed + rng.randint(20, 40) * day
            while when < end:
                check_ins.append(
                    CheckIn(
                        mentorship=pair,
                        programme_id=pair.programme_id,
                        author=author,
                        engagement=rng.randint(2, 5),
                        flexibility=rng.randint(3, 5),
                        authenticity=rng.randint(3, 5),
                        reciprocity=rng.randint(2, 5),
                        created_at=when,
                        updated_at=when,
                    )
                )
                when += 30 * day
    with dated_by_hand(CharterVersion, Goal, Meeting, ActionItem, CheckIn, MeetingNote):
        for model, rows in (
            (CharterVersion, charters),
            (Goal, goals),
            (Meeting, meetings),
            (ActionItem, actions),
            (CheckIn, check_ins),
        ):
            for part in chunks(rows):
                model.objects.bulk_create(part)
        notes = [
            MeetingNote(
                meeting=meeting,
                author=pair.mentee,
                body="We talked about delegation; next time, the team plan.",
                created_at=meeting.starts_at,
                updated_at=meeting.starts_at,
            )
            for meeting, pair in notes_for
        ]
        for part in chunks(notes):
            MeetingNote.objects.bulk_create(part)


def _match_run(rng: random.Random, now: datetime.datetime, programme: Any) -> None:
    """A finished run of the open programme, stored as the engine's task stores one."""
    from tandem.accounts.models import User
    from tandem.matching.models import MatchProposal, MatchRun, UnmatchedMentee
    from tandem.matching.scoring import alignment_summary
    from tandem.matching.services.runs import programme_questions
    from tandem.programmes.models import Enrolment

    approved = Enrolment.objects.filter(programme=programme, status=Enrolment.Status.APPROVED)
    mentees = list(approved.filter(role=Enrolment.Role.MENTEE).order_by("pk"))
    mentors = list(approved.filter(role=Enrolment.Role.MENTOR).order_by("pk"))
    questions = programme_questions(programme)
    coordinator = User.objects.get(email=PERSONAS["coordinator"])
    run = MatchRun.objects.create(
        programme=programme,
        created_by=coordinator,
        weights={"goals": 0.65, "expectations": 0.2, "preferences": 0.15},
        status=MatchRun.Status.DONE,
        stage="Ready for review",
        progress=100,
        started_at=now - datetime.timedelta(minutes=5),
        finished_at=now - datetime.timedelta(minutes=4),
    )
    skills = [name for names in DEPARTMENTS.values() for name in names]
    proposals = [
        MatchProposal(
            run=run,
            mentee_id=mentee.person_id,
            mentor_id=mentor.person_id,
            score=round(rng.uniform(0.35, 0.95), 4),
            reasons=[f"shared skill: {rng.choice(skills)}", "you share a language: en"],
            alignment=alignment_summary(mentee.answers, mentor.answers, questions),
        )
        for mentee, mentor in zip(mentees[:MATCHED], mentors, strict=False)
    ]
    for part in chunks(proposals, 1000):
        MatchProposal.objects.bulk_create(part)
    unmatched = [
        UnmatchedMentee(
            run=run,
            mentee_id=mentee.person_id,
            reason="all 3 mentors who fit you are full with mentees who fit them as well or better",
        )
        for mentee in mentees[MATCHED:]
    ]
    UnmatchedMentee.objects.bulk_create(unmatched, batch_size=1000)
    total = sum(p.score for p in proposals)
    run.metrics = {
        "matched": len(proposals),
        "unmatched": len(unmatched),
        "pinned": 0,
        "mentees": len(mentees),
        "mentors": len(mentors),
        "total_score": round(total, 6),
        "upper_bound": round(total * 1.02, 6),
        "seconds": 41.0,
        "certificate": "optimal",
        "skipped_pins": [],
        "mentors_not_taking": [],
    }
    run.save()


def _tokens() -> None:
    from tandem.accounts.models import PersonalToken, User, _hash_token

    for role, key in TOKENS.items():
        PersonalToken.objects.create(
            user=User.objects.get(email=PERSONAS[role]),
            name="scale benchmark",
            prefix=key[: PersonalToken.PREFIX_LENGTH],
            key_hash=_hash_token(key),
            scope=PersonalToken.Scope.READ,
        )


def empty() -> None:
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)


def create_database(database_url: str) -> None:
    """Create the PostgreSQL database named in the URL when it does not exist yet."""
    from urllib.parse import urlsplit

    import psycopg

    url = urlsplit(database_url)
    if url.scheme not in ("postgres", "postgresql"):
        return
    name = url.path.lstrip("/")
    server = url._replace(scheme="postgresql", path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')


def ensure(
    database_url: str, *, rebuild: bool = False, people: int = PEOPLE, build_here: bool = False
) -> str:
    """Set Django up on the database and make sure it holds the set; the data directory.

    Unless `build_here`, a missing set is built by a process of its own: a process that
    measures pages afterwards would otherwise carry the build's million objects, and every
    garbage collection during a request would walk them (the light pages' CPU came out half
    again as high in the run that built the set)."""
    create_database(database_url)
    data_dir = setup(database_url, prefix="tandem-scale-")
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("the data set at scale is built on PostgreSQL: give --database-url")
    if rebuild or not is_built(people):
        if not build_here:
            connection.close()
            command = [sys.executable, __file__, "--database-url", database_url, "--keep"]
            command += ["--people", str(people), *(["--rebuild"] if rebuild else [])]
            subprocess.run(command, check=True)
        else:
            empty()
            started = time.perf_counter()
            built = build(people)
            log(f"built in {time.perf_counter() - started:.0f} s: {built}")
    with connection.cursor() as cursor:
        # What autovacuum gives a database in use: fresh statistics, and the visibility map
        # that lets a query answered by an index alone skip the table (the report's monthly
        # figures). Quick when nothing changed since the last run.
        cursor.execute("VACUUM ANALYZE")
    return data_dir


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True, help="a PostgreSQL database")
    parser.add_argument("--people", type=int, default=PEOPLE)
    parser.add_argument("--keep", action="store_true", help="leave the data for pages.py, load.py")
    parser.add_argument("--rebuild", action="store_true", help="rebuild even if already built")
    args = parser.parse_args()
    data_dir = ensure(args.database_url, rebuild=args.rebuild, people=args.people, build_here=True)
    try:
        for name, count in counts().items():
            print(f"{name:<18} {count:>9,}")
    finally:
        if not args.keep:
            empty()
        shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
