"""Small CSV files for the import tests."""

from __future__ import annotations

import csv
import io

HEADER = [
    "email",
    "name",
    "job_title",
    "department",
    "timezone",
    "languages",
    "manager_email",
    "skills",
]


def row(email: str, name: str, manager: str = "", **values: str) -> dict[str, str]:
    base = {
        "email": email,
        "name": name,
        "job_title": "Analyst",
        "department": "Finance",
        "timezone": "Europe/London",
        "languages": "en",
        "manager_email": manager,
        "skills": "budgeting:advanced",
    }
    base.update(values)
    return base


def org_chart() -> list[dict[str, str]]:
    """Three levels: Ann ← Ben ← Cat, and Dan also under Ann."""
    return [
        row("ann@example.org", "Ann Chief", job_title="Chief Executive"),
        row("ben@example.org", "Ben Head", "ann@example.org", job_title="Head of Finance"),
        row("cat@example.org", "Cat Analyst", "ben@example.org", skills="ML:expert;python"),
        row("dan@example.org", "Dan Analyst", "ann@example.org", languages="en;fr"),
    ]


def to_csv(rows: list[dict[str, str]], header: list[str] | None = None) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header or HEADER, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
