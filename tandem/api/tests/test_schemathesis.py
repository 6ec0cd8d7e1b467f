"""schemathesis against /api/schema/: every operation, every check, for a mentee's and a
coordinator's personal token.

Bounded and deterministic: a fixed number of examples per operation and generation mode,
derandomized, so a run takes seconds and a failure reproduces. It must find nothing: no server
error, no response outside the schema, no invalid input accepted.

One check is left out, by name: `positive_data_acceptance` expects every schema-valid request
to succeed, but the API refuses schema-valid requests that break a rule of the domain (pausing
a closed pair, naming a programme that does not exist) with a documented 400 and its reason.
"""

from __future__ import annotations

from typing import Any

import hypothesis
import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase

from tandem.accounts.models import PersonalToken
from tandem.conftest import Personas
from tandem.wsgi import application

pytestmark = pytest.mark.system

EXAMPLES = 3  # per operation and generation mode
LEFT_OUT = {"positive_data_acceptance"}

SETTINGS = hypothesis.settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
    print_blob=False,
)


def _token_for(personas: Personas, who: str) -> str:
    user = personas.user_for(who)
    assert user is not None
    _token, key = PersonalToken.issue(user=user, name="schemathesis")
    return key


def _all_checks() -> list[Any]:
    from schemathesis.checks import CHECKS, load_all_checks

    load_all_checks()
    return [check for check in CHECKS.get_all() if check.__name__ not in LEFT_OUT]


@pytest.mark.parametrize("who", ["alice", "carol"])
def test_the_api_keeps_to_its_schema(
    personas: Personas, openapi_schema: dict[str, Any], who: str
) -> None:
    # Imported here, not at the top: `make test` leaves this file out, and its processes then
    # never load schemathesis (over a second at every start).
    import schemathesis

    from tandem.mentorships.tests.permissions import world

    # alice's pair exists, with content, so that ids in the schema's examples can hit something.
    world(personas)
    schema = schemathesis.openapi.from_dict(openapi_schema)
    schema.app = application
    headers = {"Authorization": f"Token {_token_for(personas, who)}"}
    checks = _all_checks()
    findings: list[str] = []

    # The WSGI application closes "old" connections around each request; inside the test's
    # transaction that would close the test's own connection (PostgreSQL). Django's test client
    # leaves those signals out in the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        _run_all(schema, headers, checks, who, findings)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert not findings, "\n\n".join(findings)


def _run_all(
    schema: Any, headers: dict[str, str], checks: list[Any], who: str, findings: list[str]
) -> None:
    from schemathesis.generation import GenerationMode

    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @SETTINGS
            @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
            def run(case: Any) -> None:
                response = case.call(headers=headers)
                case.validate_response(response, checks=checks, headers=headers)

            try:
                run()
            except hypothesis.errors.Unsatisfiable:
                # Nothing to negate: no parameter or body that could be made invalid.
                assert mode == GenerationMode.NEGATIVE, operation.label
            except (Exception, BaseExceptionGroup) as exc:  # each finding is reported below
                findings.append(f"{who} {mode.value} {operation.label}: {exc}")
