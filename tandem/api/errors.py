"""The API's one exception handler: a service's refusal is a 400 with field errors."""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from tandem.core.errors import ServiceError


def service_error_detail(error: ServiceError) -> dict[str, Any]:
    """`{"field": ["message"]}`; `answers.<key>` nests as `{"answers": {"<key>": [...]}}`."""
    detail: dict[str, Any] = {}
    for key, messages in error.errors.items():
        head, _, rest = key.partition(".")
        if rest:
            detail.setdefault(head, {})[rest] = messages
        else:
            detail[key] = messages
    return detail


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ServiceError):
        exc = ValidationError(service_error_detail(exc))
    return drf_exception_handler(exc, context)
