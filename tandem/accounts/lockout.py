"""Tell django-axes which account a sign-in attempt was for.

allauth authenticates with `email=`; its login form posts `login`. Axes needs one name for
both so that failures from the form and from authenticate() count against the same account.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def username_from_request(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    credentials = credentials or {}
    for key in ("email", "username", "login"):
        if credentials.get(key):
            return str(credentials[key]).strip().lower()
    if request is not None and request.method == "POST":
        return str(request.POST.get("login", "")).strip().lower()
    return ""
