"""Requests Tandem refuses before any view sees them."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

NUL = "\x00"


class RejectNulMiddleware:
    """A NUL character in the query string is a clear 400.

    PostgreSQL cannot store or compare text containing NUL and raises on it (a 500), while
    SQLite would store it; no field of Tandem's has a use for one.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if any(
            NUL in key or any(NUL in value for value in values)
            for key, values in request.GET.lists()
        ):
            message = "The query string contains a NUL character."
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message)
        return self.get_response(request)
