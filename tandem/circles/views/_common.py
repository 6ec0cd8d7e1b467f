from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.circles.models import Circle, CircleMember
from tandem.circles.services import CircleError

CIRCLE_TABS = [
    ("overview", gettext_lazy("Overview")),
    ("charter", gettext_lazy("Charter")),
    ("goals", gettext_lazy("Goals")),
    ("meetings", gettext_lazy("Meetings")),
    ("journal", gettext_lazy("Journal")),
    ("check_ins", gettext_lazy("Check-ins")),
    ("concerns", gettext_lazy("Concerns")),
]


def run(request: HttpRequest, action: Callable[[], Any], success: str = "") -> bool:
    """``success`` is the translated message shown when the service accepts."""
    """Call a service; a refused rule becomes an error message instead of a crash."""
    try:
        action()
    except CircleError as error:
        messages.error(request, error.message)
        return False
    if success:
        messages.success(request, success)
    return True


def circle_render(
    request: HttpRequest,
    template: str,
    circle: Circle,
    me: CircleMember,
    tab: str,
    context: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        template,
        {"circle": circle, "me": me, "tab": tab, "tabs": CIRCLE_TABS, **(context or {})},
        status=status,
    )


def circle_url(name: str, circle: Circle, *args: Any) -> str:
    return reverse(f"circles:{name}", args=[circle.pk, *args])


def invalid(request: HttpRequest, form: Any) -> None:
    """A small form that redirects back shows its errors as a message."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            parts.append(
                _("%(label)s: %(error)s") % {"label": label, "error": error}
                if label
                else str(error)
            )
    messages.error(request, " ".join(parts) or _("Check the form and try again."))
