"""Dependency checks behind /healthz."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.db import connection


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: str
    milliseconds: float


def check_database() -> CheckResult:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means the database is unusable
        return CheckResult("database", False, type(exc).__name__, _ms(started))
    return CheckResult("database", True, connection.vendor, _ms(started))


def run_checks() -> list[CheckResult]:
    return [check_database()]


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)
