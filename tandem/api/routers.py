"""The API's router: numeric ids only, so `/api/people/abc/` is an unknown URL (404), never a
lookup of "abc" that the database or a service cannot take."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from rest_framework.routers import DefaultRouter


class ApiRouter(DefaultRouter):
    def get_lookup_regex(self, viewset: Any, lookup_prefix: str = "") -> str:
        lookup_field = getattr(viewset, "lookup_field", "pk")
        if lookup_field not in {"pk", "id"} or hasattr(viewset, "lookup_value_regex"):
            return super().get_lookup_regex(viewset, lookup_prefix)
        kwarg = getattr(viewset, "lookup_url_kwarg", None) or lookup_field
        return f"(?P<{lookup_prefix}{kwarg}>[0-9]+)"


@csrf_exempt  # as every API view: a POST to an unknown path is a 404, not a CSRF failure
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Any other path under /api/ answers as the API does, in JSON."""
    return JsonResponse({"detail": gettext("Not found.")}, status=404)
