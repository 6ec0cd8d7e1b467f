"""Response headers every page carries, and requests refused before any view sees them:
each decided once rather than per view."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext

# Tandem uses none of these browser features; a page (or an injected script) may not either.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)
NO_STORE = "no-store, private, max-age=0"


class PrivateResponseHeadersMiddleware:
    """`Permissions-Policy` everywhere; `no-store` on API answers and on CSV exports.

    Every API answer is about the person asking (their pairs, notes, people they may see), and
    an export is a whole programme: neither may stay in a shared or on-disk browser cache.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        content_type = response.get("Content-Type", "")
        if request.path.startswith("/api/") or content_type.startswith("text/csv"):
            response["Cache-Control"] = NO_STORE
        return response


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
            message = gettext("The query string contains a NUL character.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message)
        return self.get_response(request)
