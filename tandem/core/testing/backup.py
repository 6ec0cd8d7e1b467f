"""A small install to back up, restore and move, and ways to look at one from outside.

`build_sample_data` fills the default database through the factories and services: a
programme with its questionnaire, a mentee and a mentor in an active pair (charter signed, so
notices and queued emails exist), a signed-in session and accounts whose password is known.
The helpers below read databases with sqlite3 and psycopg directly, not through Tandem, and run
the `tandem` script in a process of its own as an operator would.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

TANDEM = str(Path(sys.executable).with_name("tandem"))
PASSWORD = "a long pass phrase for the backup"


@dataclass
class SampleData:
    email: str
    password: str


def build_sample_data() -> SampleData:
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.test import Client

    from tandem.mentorships import services
    from tandem.mentorships.tests.conftest import make_active
    from tandem.people.tests.factories import PersonFactory
    from tandem.programmes.models import Enrolment
    from tandem.programmes.tests.factories import EnrolmentFactory, ProgrammeFactory

    coordinator = PersonFactory(user__is_coordinator=True)
    programme = ProgrammeFactory(coordinators=[coordinator.user])
    mentee, mentor = PersonFactory(manager=coordinator), PersonFactory()
    EnrolmentFactory(programme=programme, person=mentee, role=Enrolment.Role.MENTEE)
    EnrolmentFactory(programme=programme, person=mentor, role=Enrolment.Role.MENTOR)
    make_active(
        services.mentorship_create(
            programme=programme, mentee=mentee, mentor=mentor, created_by=coordinator.user
        )
    )
    user = mentee.user
    # PBKDF2, which every settings accept (the test settings prefer a fast hasher).
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    Client().force_login(mentor.user)  # a session row
    return SampleData(email=user.email, password=PASSWORD)


def tandem_env(data_dir: Path, database_url: str | None = None) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "SECRET_KEY", "TANDEM_TESTING") and not k.startswith("PYTEST")
    }
    env.update(TANDEM_DATA_DIR=str(data_dir), CI="true", ALLOWED_HOSTS="testserver")
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def run_tandem(
    *args: str, data_dir: Path, database_url: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [TANDEM, *args],
        env=tandem_env(data_dir, database_url),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        stdin=subprocess.DEVNULL,
    )


SIGN_IN = """
from django.test import Client
client = Client()
response = client.post("/accounts/login/", {{"login": {email!r}, "password": {password!r}}})
print("sign-in", response.status_code, client.get("/").status_code)
"""


def sign_in(
    data: SampleData, *, data_dir: Path, database_url: str | None = None, then: str = ""
) -> str:
    """Sign in through the sign-in page, as a browser would, then open the home page; prints
    "sign-in 302 200" when both worked. `then` is more code to run in the same process."""
    code = SIGN_IN.format(email=data.email, password=data.password) + then
    result = run_tandem("shell", "-c", code, data_dir=data_dir, database_url=database_url)
    assert result.returncode == 0, result.stderr
    return result.stdout


def sqlite_counts(path: Path) -> dict[str, int]:
    db = sqlite3.connect(path)
    try:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        db.close()


def postgres_counts(url: str) -> dict[str, int]:
    with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as db:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        counts = {}
        for table in tables:
            query = sql.SQL("SELECT COUNT(*) FROM {}").format(sql.Identifier(table))
            row = db.execute(query).fetchone()
            assert row is not None
            counts[table] = int(row[0])
        return counts


def server_url(settings_dict: dict[str, object], name: str) -> str:
    user = settings_dict.get("USER") or "postgres"
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port}/{name}"


@contextmanager
def scratch_database(settings_dict: dict[str, object]) -> Iterator[str]:
    """A new, empty PostgreSQL database on the test server, dropped afterwards."""
    name = f"tandem_backup_{uuid.uuid4().hex[:12]}"
    admin = server_url(settings_dict, "postgres").replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield server_url(settings_dict, name)
    finally:
        with psycopg.connect(admin, autocommit=True) as db:
            db.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
