"""Every page and API operation against every persona, from one table.

The rows come from each app's `tests/permissions.py`. A URL pattern or API operation without a
row fails `test_every_url_and_api_operation_is_in_the_matrix`."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from drf_spectacular.generators import SchemaGenerator
from rest_framework.views import APIView

import tandem
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


def _all_cases() -> list[Case]:
    cases: list[Case] = []
    for app in pkgutil.iter_modules(tandem.__path__):
        try:
            module = importlib.import_module(f"tandem.{app.name}.tests.permissions")
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith(f"tandem.{app.name}.tests"):
                continue
            raise
        cases.extend(module.CASES)
    return cases


CASES = _all_cases()


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
    """Named URL patterns served by Tandem's own views (API operations are counted apart)."""
    names = set()
    for name, callback in _walk(get_resolver().url_patterns):
        view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
        if isinstance(view_class, type) and issubclass(view_class, APIView):
            continue
        if callback.__module__.startswith("tandem."):
            names.add(name)
    return names


def _api_operations() -> set[str]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
    }


def test_every_url_and_api_operation_is_in_the_matrix() -> None:
    covered = {case.target for case in CASES}
    missing_pages = sorted(_page_url_names() - covered)
    missing_api = sorted(_api_operations() - covered)

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


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    "case", CASES, ids=lambda c: c.target if c.is_api else f"{c.method.upper()} {c.target}"
)
def test_permission_matrix(personas: Any, case: Case, persona: str) -> None:
    client = personas.client_for(persona)
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
