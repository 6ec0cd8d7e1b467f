"""A match run through the whole web path at 20,000 mentees and 5,000 mentors.

Run with `make benchmark`, or `.venv/bin/python benchmarks/match_run.py [--size 20000]
[--database-url postgres://...]`. Without a database URL it uses a fresh SQLite database in a
temporary directory; a PostgreSQL database given here is migrated and emptied at the end.

It builds the programme with bulk inserts (people with accounts, an org chart, languages,
time zones, skills, goals and questionnaire answers), starts a real task worker
(`manage.py db_worker`) beside it, and drives the product as the coordinator would, through
Django's test client:

1. queue a run (POST), then poll the progress fragment until the run is reviewable;
2. open the review page, a later page, a search, the unmatched list, the mentor picker and
   the publish confirmation;
3. publish (POST), then poll until every mentorship exists and everyone has been notified.

It prints each stage's time against its target and the slowest single request.
Targets: queue to reviewable <= 60 s; publish <= 60 s; review page <= 300 ms; no request
over 2 s.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import shutil
import subprocess
import sys
import time
from typing import Any

import organisation_shape
from django_setup import ROOT, setup

QUEUE_TO_REVIEWABLE = 60.0
PUBLISH = 60.0
REVIEW_PAGE = 0.3
ANY_REQUEST = 2.0

# The first seven departments: the programme's cohort was measured on these.
DEPARTMENTS = dict(list(organisation_shape.DEPARTMENTS.items())[:7])
ZONES = organisation_shape.ZONES
LANGUAGES = list(organisation_shape.LANGUAGES)


def _setup(database_url: str | None) -> str:
    return setup(database_url, prefix="tandem-match-run-")


def build_programme(size: int, seed: int = 11) -> Any:
    """A programme of `size` approved mentees and `size // 4` mentors, with bulk inserts."""
    from django.contrib.auth.hashers import make_password
    from django.utils.text import slugify

    from tandem.accounts.models import User
    from tandem.people.models import Department, Language, Person, PersonSkill, Skill
    from tandem.programmes.models import Enrolment, Programme
    from tandem.programmes.services import questionnaire_install_defaults

    rng = random.Random(seed)
    mentors = size // 4
    total = size + mentors + size // 10  # managers above everyone
    departments = {name: Department.objects.get_or_create(name=name)[0] for name in DEPARTMENTS}
    languages = {
        code: Language.objects.get_or_create(code=code, defaults={"name": code})[0]
        for code in LANGUAGES
    }
    skills = {
        name: Skill.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]
        for names in DEPARTMENTS.values()
        for name in names
    }
    password = make_password(None)
    users = User.objects.bulk_create(
        [
            User(email=f"person{i:06d}@example.org", name=f"Person {i:06d}", password=password)
            for i in range(total)
        ],
        batch_size=2000,
    )
    coordinator = User.objects.create(
        email="coordinator@example.org",
        name="Casey Coordinator",
        password=password,
        is_coordinator=True,
    )
    Person.objects.create(user=coordinator, email=coordinator.email, name=coordinator.name)
    names = list(DEPARTMENTS)
    people = Person.objects.bulk_create(
        [
            Person(
                user=user,
                email=user.email,
                name=user.name,
                department=departments[rng.choice(names)],
                timezone=rng.choice(ZONES),
                job_title=rng.choice(["Analyst", "Engineer", "Manager", "Director"]),
            )
            for user in users
        ],
        batch_size=2000,
    )
    # The first tenth manage the rest, so every chain is a few levels deep.
    managers = people[: size // 10]
    for index, person in enumerate(people[size // 10 :]):
        person.manager = managers[index % len(managers)]
    Person.objects.bulk_update(people[size // 10 :], ["manager"], batch_size=2000)
    through = Person.languages.through
    through.objects.bulk_create(
        [
            through(person_id=p.pk, language_id=languages[code].pk)
            for p in people
            for code in {"en", rng.choice(LANGUAGES)}
        ],
        batch_size=5000,
    )
    programme = Programme.objects.create(
        name="Leaders at scale",
        purpose="Benchmark.",
        status=Programme.Status.OPEN,
        starts_on=datetime.date(2027, 1, 4),
    )
    programme.coordinators.set([coordinator])
    questionnaire_install_defaults(programme=programme)

    mentor_people = people[size // 10 : size // 10 + mentors]
    mentee_people = people[size // 10 + mentors : size // 10 + mentors + size]
    skill_rows = []
    for person in mentor_people:
        department = person.department.name if person.department else names[0]
        person.bio = f"Years of {' and '.join(DEPARTMENTS[department][:2])} in {department}."
        for name in rng.sample(DEPARTMENTS[department], 2):
            skill_rows.append(PersonSkill(person=person, skill=skills[name], level=3))
    Person.objects.bulk_update(mentor_people, ["bio"], batch_size=2000)
    PersonSkill.objects.bulk_create(skill_rows, batch_size=5000)

    def answers() -> dict[str, Any]:
        return {
            "frequency": rng.choice(["fortnightly", "monthly"]),
            "format": rng.choice(["video", "in_person", "mixed"]),
            "style": str(rng.randint(2, 4)),
            "focus_areas": rng.sample(["career", "leadership", "technical", "strategy"], 2),
        }

    enrolments = [
        Enrolment(
            programme=programme,
            person=p,
            role=Enrolment.Role.MENTOR,
            status=Enrolment.Status.APPROVED,
            capacity=rng.choice([3, 4, 5]),
            answers=answers(),
        )
        for p in mentor_people
    ]
    wanted: dict[int, list[str]] = {}
    for p in mentee_people:
        area = rng.choice(names)
        topics = rng.sample(DEPARTMENTS[area], 2)
        wanted[p.pk] = topics
        enrolments.append(
            Enrolment(
                programme=programme,
                person=p,
                role=Enrolment.Role.MENTEE,
                status=Enrolment.Status.APPROVED,
                goals=f"I want to get better at {topics[0]} and {topics[1]}.",
                answers=answers(),
            )
        )
    created = Enrolment.objects.bulk_create(enrolments, batch_size=2000)
    wanted_through = Enrolment.skills_wanted.through
    wanted_through.objects.bulk_create(
        [
            wanted_through(enrolment_id=e.pk, skill_id=skills[name].pk)
            for e in created
            if e.role == Enrolment.Role.MENTEE
            for name in wanted[e.person_id]
        ],
        batch_size=5000,
    )
    return programme, coordinator


class Rows(list[tuple[str, float, float | None]]):
    """Each stage printed as soon as it is measured, so a run cut short still reports."""

    def append(self, row: tuple[str, float, float | None]) -> None:
        super().append(row)
        label, seconds, target = row
        verdict = "" if target is None else ("pass" if seconds <= target else "FAIL")
        shown = "" if target is None else f"{target:g} s"
        print(f"{label:<24} {seconds:>8.3f} {shown:>8}  {verdict}", flush=True)


class Driver:
    """The coordinator's browser: every request timed."""

    def __init__(self, user: Any) -> None:
        from django.test import Client

        self.client = Client()
        self.client.force_login(user)
        self.slowest = (0.0, "")
        self.count = 0

    def request(self, method: str, url: str, data: dict[str, Any] | None = None) -> Any:
        started = time.perf_counter()
        response = getattr(self.client, method)(url, data or {})
        seconds = time.perf_counter() - started
        self.count += 1
        if seconds > self.slowest[0]:
            self.slowest = (seconds, f"{method.upper()} {url}")
        if response.status_code >= 400:
            raise SystemExit(f"{method.upper()} {url} answered {response.status_code}")
        return response, seconds


def _worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "db_worker",
            "--interval",
            "0.2",
            "--no-startup-delay",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait(driver: Driver, url: str, run: Any, done: set[str], limit: float) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < limit * 3:
        driver.request("get", url)  # what the page's HTMX poll asks for
        run.refresh_from_db()
        if run.status in done:
            return time.perf_counter() - started
        time.sleep(0.5)
    raise SystemExit(f"run {run.pk} still {run.status} after {limit * 3:.0f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=20_000, help="mentees (mentors: a quarter)")
    parser.add_argument("--database-url", default="", help="default: a fresh SQLite database")
    args = parser.parse_args()

    data_dir = _setup(args.database_url or None)
    from django.db import connection
    from django.urls import reverse

    from tandem.matching.models import MatchRun
    from tandem.matching.tasks import email_notifications
    from tandem.mentorships.models import Mentorship
    from tandem.notifications.models import Notification

    started = time.perf_counter()
    programme, coordinator = build_programme(args.size)
    build_seconds = time.perf_counter() - started
    # A long-lived worker has its imports done: start it once the bulk inserts are over, and
    # warm it with an empty task before any clock starts.
    worker = _worker(dict(os.environ))
    warm = email_notifications.enqueue([])
    while warm.status != "SUCCESSFUL":
        if worker.poll() is not None:
            raise SystemExit("the task worker stopped")
        time.sleep(0.5)
        warm.refresh()
    print(
        f"{connection.vendor}: {args.size:,} mentees and {args.size // 4:,} mentors built in "
        f"{build_seconds:.1f} s"
    )
    print(f"{'stage':<24} {'seconds':>8} {'target':>8}  result")
    rows = Rows()
    try:
        driver = Driver(coordinator)
        slug = programme.slug
        driver.request(
            "post",
            reverse("matching:run_create", args=[slug]),
            {
                "mode": "optimal",
                "weight_goals": 0.65,
                "weight_expectations": 0.2,
                "weight_preferences": 0.15,
                "weight_cross_department": 0,
            },
        )
        queued = time.perf_counter()
        run = MatchRun.objects.filter(programme=programme).latest("pk")
        progress = reverse("matching:run_progress", args=[slug, run.pk])
        _wait(driver, progress, run, {MatchRun.Status.DONE, MatchRun.Status.FAILED}, 60)
        rows.append(("queue to reviewable", time.perf_counter() - queued, QUEUE_TO_REVIEWABLE))
        if run.status != MatchRun.Status.DONE:
            raise SystemExit(f"the run failed: {run.error}")
        print(
            f"run {run.pk}: matched {run.matched:,}, unmatched {run.unmatched:,}, "
            f"engine {run.metrics.get('seconds', 0):.1f} s"
        )

        detail = reverse("matching:run_detail", args=[slug, run.pk])
        driver.request("get", detail)  # a first visit warms the template cache
        _, review = driver.request("get", detail)
        rows.append(("review page", review, REVIEW_PAGE))
        for label, url in (
            ("review page 100", f"{detail}?page=100"),
            ("review search", f"{detail}?q=Person+0123"),
            ("review fit filter", f"{detail}?fit=0.5&mismatch=on"),
            ("unmatched page 2", f"{detail}?upage=2"),
            ("publish confirmation", reverse("matching:run_publish", args=[slug, run.pk])),
        ):
            _, seconds = driver.request("get", url)
            rows.append((label, seconds, ANY_REQUEST))
        export, _ = driver.request("get", reverse("matching:run_export", args=[slug, run.pk]))
        started = time.perf_counter()
        chunks = iter(export.streaming_content)
        next(chunks)
        rows.append(("CSV export, first rows", time.perf_counter() - started, ANY_REQUEST))
        lines = 1 + sum(chunk.count(b"\n") for chunk in chunks)
        rows.append((f"CSV export, {lines:,} lines", time.perf_counter() - started, None))
        unmatched = run.unmatched_mentees.order_by("pk").first()
        if unmatched is not None:
            picker = reverse("matching:assign_mentor", args=[slug, run.pk, unmatched.pk])
            _, seconds = driver.request("get", picker)
            rows.append(("mentor picker", seconds, ANY_REQUEST))
            _, seconds = driver.request("get", f"{picker}?q=Person+01")
            rows.append(("mentor picker search", seconds, ANY_REQUEST))

        driver.request("post", reverse("matching:run_publish", args=[slug, run.pk]))
        publishing = time.perf_counter()
        _wait(driver, progress, run, {MatchRun.Status.PUBLISHED, MatchRun.Status.DONE}, 60)
        rows.append(("publish", time.perf_counter() - publishing, PUBLISH))
        if run.status != MatchRun.Status.PUBLISHED or run.error:
            raise SystemExit(f"publishing failed: {run.error}")
        created = Mentorship.objects.filter(programme=programme).count()
        notices = Notification.objects.filter(kind="match_published").count()
        print(f"published: {created:,} mentorships, {notices:,} notifications")
        rows.append(("slowest request", driver.slowest[0], ANY_REQUEST))
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()

    ok = all(target is None or seconds <= target for _, seconds, target in rows)
    print(f"slowest of {driver.count} requests: {driver.slowest[1]}")
    if args.database_url:
        from django.core.management import call_command

        call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(data_dir, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
