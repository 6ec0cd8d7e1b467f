"""The shape of the permission matrix: one row per URL pattern or API operation, one expected
outcome per persona. Each app lists its rows in `tandem/<app>/tests/permissions.py` as `CASES`;
`tandem/core/tests/test_permission_matrix.py` runs them all and fails when a URL pattern or an
API operation has no row."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

PERSONAS = (
    "anonymous",
    "alice",
    "bob",
    "carol",
    "dave",
    "erin",
    "oscar",
    "superuser",
    "other_pair",
)
"""anonymous; alice the mentee; bob the mentor; carol the coordinator; dave a coordinator of
another programme; erin alice's line manager; oscar an outsider; superuser an operator who is
in no pair (administers every programme as its coordinator would, never reads pair content);
other_pair the mentee of another active pair in alice and bob's programme."""

# Outcomes, checked against the response.
OK = "ok"  # 2xx
REDIRECT = "redirect"  # 3xx to somewhere other than the sign-in page
LOGIN = "login"  # 3xx to the sign-in page
NOT_FOUND = "404"
UNAUTHENTICATED = "401"  # API without credentials
INVALID = "400"  # allowed, but the empty request is rejected with field errors


@dataclass(frozen=True)
class Case:
    """One URL pattern (`name`, a URL name) or API operation (`api`: "METHOD /api/path/{id}/")."""

    target: str
    expect: dict[str, str]
    method: str = "get"
    kwargs: Callable[[Any], dict[str, Any]] = field(default=lambda p: {})
    data: Callable[[Any], dict[str, Any]] = field(default=lambda p: {})
    multipart: bool = False  # API operations that take a file upload rather than JSON
    # Tells two rows for one target apart in the test id (say, a shared and a private note).
    label: str = ""
    # More than the status: `check(personas, persona, response)` asserts what the response
    # shows or what was stored, for every persona. Rows without one are status-only, and the
    # matrix skips rendering their templates (see test_permission_matrix.py).
    check: Callable[[Any, str, Any], None] | None = None

    @property
    def is_api(self) -> bool:
        return self.target.split(" ", 1)[0] in {"GET", "POST", "PUT", "PATCH", "DELETE"}

    @property
    def test_id(self) -> str:
        name = self.target if self.is_api else f"{self.method.upper()} {self.target}"
        return f"{name} [{self.label}]" if self.label else name


def everyone(outcome: str, *, superuser: str, **overrides: str) -> dict[str, str]:
    """Every persona gets `outcome` unless overridden. Each row names the operator's outcome
    itself: it follows the operator rule (as a coordinator of every programme, never a reader
    of pair content), so nobody can add a row without deciding it."""
    return {persona: overrides.get(persona, outcome) for persona in PERSONAS} | {
        "superuser": superuser
    }


def signed_in(outcome: str, *, superuser: str, **overrides: str) -> dict[str, str]:
    """Anonymous is sent to sign in (pages); everyone else gets `outcome` unless overridden."""
    anonymous = overrides.pop("anonymous", LOGIN)
    return everyone(outcome, superuser=superuser, anonymous=anonymous, **overrides)


def api_signed_in(outcome: str, *, superuser: str, **overrides: str) -> dict[str, str]:
    anonymous = overrides.pop("anonymous", UNAUTHENTICATED)
    return everyone(outcome, superuser=superuser, anonymous=anonymous, **overrides)
