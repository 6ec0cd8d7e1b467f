"""Real `tandem worker` processes for tests that kill one mid-task.

They share the test database, so they need PostgreSQL (pytest-django's SQLite test database
lives in the test process's memory) and a transactional test (the worker must see commits).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
import pytest
from django.db import connection

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="worker processes share the test database: run with DATABASE_URL=postgres://...",
)

# Fast heartbeats, so a killed worker is declared dead in seconds rather than a minute.
HEARTBEAT = {"TANDEM_HEARTBEAT_SECONDS": "1", "TANDEM_HEARTBEAT_STALE_SECONDS": "3"}


def _database_url() -> str:
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


def worker_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EMAIL_", "PYTEST"))}
    env.pop("TANDEM_TESTING", None)
    env.update(HEARTBEAT)
    env.update(
        DATABASE_URL=_database_url(),
        DATABASE_CONN_MAX_AGE="0",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    env.update(extra)
    return env


def start_worker(**env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tandem.cli", "worker", "--interval", "0.2", "-v0"],
        env=worker_env(**env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def run_worker_until_idle(**env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tandem.cli", "worker", "--batch", "--no-startup-delay", "-v0"],
        env=worker_env(**env),
        capture_output=True,
        text=True,
        timeout=180,
    )


def kill(process: subprocess.Popen[str]) -> None:
    """As a power cut would: no signal handler, no `finally`, the heartbeat just stops."""
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)


def wait_for(condition: Callable[[], Any], *, timeout: float = 60, what: str = "") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what or condition}")


@contextmanager
def table_locked(table: str) -> Iterator[None]:
    """Hold an exclusive lock on a table from another connection, so a task that reaches it
    stops there: mid-run, with its earlier steps committed, as when its worker dies."""
    with psycopg.connect(_database_url().replace("postgres://", "postgresql://")) as conn:
        conn.execute(f'LOCK TABLE "{table}" IN ACCESS EXCLUSIVE MODE')
        try:
            yield
        finally:
            conn.rollback()


def recover_after_heartbeat_stops() -> int:
    """What the next scheduler pass does once the killed worker's heartbeat is stale."""
    from django.test import override_settings

    from tandem.core.tasks_recovery import tasks_recover_stale

    stale = int(HEARTBEAT["TANDEM_HEARTBEAT_STALE_SECONDS"])
    time.sleep(stale + 1)
    with override_settings(TANDEM_HEARTBEAT_STALE_SECONDS=stale):
        return tasks_recover_stale()
