"""Every page and API operation against every persona, from one table.

The rows come from each app's `tests/permissions.py`. A URL pattern or API operation without a
row fails `test_every_url_and_api_operation_is_in_the_matrix`.

Status-only rows (no `check`) do not render page templates, except for the first persona the
row serves (in `PERSONAS` order): whether a persona is served, redirected or refused is decided
before any template renders, so the status is the same either way, and every page still
renders in full at least once here. Templates are still looked up, so a missing or broken one
fails every row that uses it."""

from __future__ import annotations

import importlib
import pickle
import pkgutil
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.template.backends.django import Template as DjangoTemplate
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.views import APIView

import tandem
from tandem.conftest import Personas, build_personas, shared_by_the_class
from tandem.core.testing.permissions import (
    INVALID,
    LOGIN,
    NOT_FOUND,
    OK,
    PERSONAS,
    REDIRECT,
    UNAUTHENTICATED,
    Case,
)


def _permission_modules() -> list[Any]:
    """Each app's `tests/permissions.py`, and the `permissions.py` of each package inside its
    tests (an app whose parts are tested apart, such as circles' life and forming)."""
    modules = []
    for app in pkgutil.iter_modules(tandem.__path__):
        tests = f"tandem.{app.name}.tests"
        try:
            package = importlib.import_module(tests)
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith(tests):
                continue
            raise
        names = [f"{tests}.permissions"] + [
            f"{tests}.{sub.name}.permissions"
            for sub in pkgutil.iter_modules(package.__path__)
            if sub.ispkg
        ]
        for name in names:
            try:
                modules.append(importlib.import_module(name))
            except ModuleNotFoundError as exc:
                if exc.name and name.startswith(exc.name):
                    continue
                raise
    return modules


MODULES = _permission_modules()
CASES = [case for module in MODULES for case in module.CASES]


@dataclass(frozen=True)
class _World:
    """One app's starting state: the personas pickled, and a signed-in session per persona."""

    personas: bytes
    sessions: dict[str, str]


@pytest.fixture(scope="class")
def _matrix_world(
    request: pytest.FixtureRequest, django_db_setup: None, django_db_blocker: Any
) -> Iterator[_World]:
    """The personas, and what one app's rows share (its `prepare`), built once per app.

    They are written once for the class (`shared_by_the_class`). Each app's rows are a class of
    their own, so one app's shared objects never meet another's rows.

    Each persona signs in once here, not once per row: its session is a row in this same
    transaction, so a row that signs out or changes the session finds it back afterwards.
    """
    with shared_by_the_class(request, django_db_blocker):
        personas = build_personas()
        assert personas.other_pair
        if prepare := getattr(request.cls.rows, "prepare", None):
            prepare(personas)
        sessions = {}
        for who in PERSONAS:
            client = personas.client_for(who)
            if cookie := client.cookies.get(settings.SESSION_COOKIE_NAME):
                sessions[who] = cookie.value
        yield _World(personas=pickle.dumps(personas), sessions=sessions)


@pytest.fixture
def matrix_personas(_matrix_world: _World, db: None) -> Personas:
    # A copy per test, so that a test changing an object in memory leaves the next one alone.
    personas: Personas = pickle.loads(_matrix_world.personas)
    return personas


@pytest.fixture
def matrix_sessions(_matrix_world: _World) -> dict[str, str]:
    return _matrix_world.sessions


def _walk(patterns: list[Any], namespace: str = "") -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found.extend(_walk(entry.url_patterns, inner))
        elif isinstance(entry, URLPattern) and entry.name:
            found.append((f"{namespace}{entry.name}", entry.callback))
    return found


def _page_url_names() -> set[str]:
    """Named URL patterns served by Tandem's own views. API operations are counted apart, from
    the OpenAPI description; a DRF view kept out of it (`schema = None`, the SCIM endpoints)
    is counted here, as a page."""
    names = set()
    for name, callback in _walk(get_resolver().url_patterns):
        view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
        described = getattr(view_class, "schema", True) is not None
        if isinstance(view_class, type) and issubclass(view_class, APIView) and described:
            continue
        if callback.__module__.startswith("tandem."):
            names.add(name)
    return names


def _api_operations(schema: dict[str, Any]) -> set[str]:
    return {
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
    }


def test_every_url_and_api_operation_is_in_the_matrix(openapi_schema: dict[str, Any]) -> None:
    covered = {case.target for case in CASES}
    missing_pages = sorted(_page_url_names() - covered)
    missing_api = sorted(_api_operations(openapi_schema) - covered)

    assert not missing_pages, f"URL patterns without a permission row: {missing_pages}"
    assert not missing_api, f"API operations without a permission row: {missing_api}"


def test_every_row_names_every_persona() -> None:
    incomplete = [case.target for case in CASES if set(case.expect) != set(PERSONAS)]

    assert not incomplete


def _outcome(response: Any) -> str:
    status = response.status_code
    if 200 <= status < 300:
        return OK
    if 300 <= status < 400:
        return LOGIN if response["Location"].startswith(reverse("account_login")) else REDIRECT
    return {
        400: INVALID,
        401: UNAUTHENTICATED,
        404: NOT_FOUND,
    }.get(status, str(status))


def test_row_ids_are_unique() -> None:
    ids = [case.test_id for case in CASES]

    assert len(ids) == len(set(ids)), "two rows for one target need different labels"


def _renders_in_full(case: Case, persona: str) -> bool:
    if case.check is not None:
        return True
    served = [who for who in PERSONAS if case.expect[who] == OK]
    return bool(served) and persona == served[0]


@pytest.fixture
def _no_rendering(request: pytest.FixtureRequest) -> Iterator[None]:
    """Page templates are found (and compiled) as usual but produce an empty body."""
    original = DjangoTemplate.render
    DjangoTemplate.render = lambda self, context=None, request=None: ""  # type: ignore[method-assign]
    try:
        yield
    finally:
        DjangoTemplate.render = original  # type: ignore[method-assign]


def _check_row(
    personas: Personas,
    sessions: dict[str, str],
    case: Case,
    persona: str,
    request: pytest.FixtureRequest,
) -> None:
    if not _renders_in_full(case, persona):
        request.getfixturevalue("_no_rendering")
    client = Client()
    if persona in sessions:
        client.cookies[settings.SESSION_COOKIE_NAME] = sessions[persona]
    kwargs = case.kwargs(personas)
    data = case.data(personas)
    if case.is_api:
        method, path = case.target.split(" ", 1)
        url = path.format(**kwargs)
        if method == "GET" or case.multipart:
            response = getattr(client, method.lower())(url, data)
        else:
            response = getattr(client, method.lower())(url, data, content_type="application/json")
    else:
        url = reverse(case.target, kwargs=kwargs)
        response = getattr(client, case.method)(url, data)

    method = case.target.split(" ", 1)[0] if case.is_api else case.method.upper()
    assert _outcome(response) == case.expect[persona], (
        f"{persona} {method} {url}: got {response.status_code}"
    )
    if case.check is not None:
        case.check(personas, persona, response)


def _rows_of(module: Any) -> type:
    """A test class for one app's rows, sharing one build of the personas and its objects."""

    @pytest.mark.parametrize("persona", PERSONAS)
    @pytest.mark.parametrize("case", module.CASES, ids=lambda c: c.test_id)
    def test_permission_matrix(
        self: Any,
        matrix_personas: Personas,
        matrix_sessions: dict[str, str],
        case: Case,
        persona: str,
        request: pytest.FixtureRequest,
    ) -> None:
        _check_row(matrix_personas, matrix_sessions, case, persona, request)

    # tandem.<app>.tests.permissions, or tandem.<app>.tests.<part>.permissions
    parts = [module.__name__.split(".")[1], *module.__name__.split(".")[3:-1]]
    return type(
        f"TestRows{''.join(part.title() for part in parts)}",
        (),
        {"rows": module, "test_permission_matrix": test_permission_matrix},
    )


for _module in MODULES:
    _rows = _rows_of(_module)
    globals()[_rows.__name__] = _rows
