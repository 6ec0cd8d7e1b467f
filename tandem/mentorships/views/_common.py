from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from tandem.mentorships.access import pair_view
from tandem.mentorships.models import Mentorship
from tandem.mentorships.services import MentorshipError
from tandem.mentorships.transitions import TRANSITIONS, available
from tandem.people.models import Person

PAIR_TABS = [
    ("overview", gettext_lazy("Overview")),
    ("expectations", gettext_lazy("Expectations")),
    ("charter", gettext_lazy("Charter")),
    ("plan", gettext_lazy("Goals and plan")),
    ("meetings", gettext_lazy("Meetings")),
    ("journal", gettext_lazy("Journal")),
    ("feedback", gettext_lazy("Feedback")),
    ("check_ins", gettext_lazy("Check-ins")),
    ("closure", gettext_lazy("Closure")),
]


def back(request: HttpRequest, default: str) -> HttpResponseRedirect:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


def run(request: HttpRequest, action: Callable[[], Any], success: str = "") -> bool:
    """Call a service; a refused rule becomes an error message instead of a crash."""
    try:
        action()
    except MentorshipError as error:
        messages.error(request, error.message)
        return False
    if success:
        messages.success(request, success)
    return True


def pair_render(
    request: HttpRequest,
    template: str,
    mentorship: Mentorship,
    me: Person,
    tab: str,
    context: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "mentorship": mentorship,
            "me": me,
            "role": mentorship.role_of(me),
            "partner": mentorship.partner_of(me),
            # The programme's words for the pair's roles (programmes.roles).
            "roles": mentorship.programme.labels,
            "tab": tab,
            "tabs": PAIR_TABS,
            "transitions": available(mentorship, mentorship.role_of(me) or "", tab),
            **(context or {}),
        },
        status=status,
    )


def pair_url(name: str, mentorship: Mentorship, *args: Any) -> str:
    return reverse(f"mentorships:{name}", args=[mentorship.pk, *args])


def invalid(request: HttpRequest, form: Any) -> None:
    """A small inline form that redirects back shows its errors as a message."""
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


def transition_view(name: str) -> Callable[..., HttpResponse]:
    """The page view of a one-button lifecycle step in the transitions table.

    A step with a confirmation page shows it on GET (and on a POST that did not confirm)."""
    transition = TRANSITIONS[name]

    @pair_view
    @require_http_methods(["GET", "POST"] if transition.confirm_template else ["POST"])
    def view(request: HttpRequest, mentorship: Mentorship, me: Person) -> HttpResponse:
        if transition.confirm_template and request.POST.get("confirm") != "yes":
            if request.method == "POST":
                return redirect(pair_url(name, mentorship))
            return pair_render(request, transition.confirm_template, mentorship, me, "closure")
        done = str(transition.worded_for(mentorship).done)
        ok = run(request, lambda: transition.run(mentorship, me), done)
        page = transition.then if ok else (transition.otherwise or transition.then)
        return back(request, pair_url(page, mentorship))

    view.__name__ = view.__qualname__ = name
    return view
