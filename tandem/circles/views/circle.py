"""A member's circles, a circle's overview, leaving it and closing it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tandem.circles import selectors, services
from tandem.circles.access import circle_view, no_store
from tandem.circles.forms import CloseForm
from tandem.circles.models import Circle, CircleMember
from tandem.core.forms import add_service_error
from tandem.people.access import signed_in_user

from ._common import circle_render, circle_url, run


@login_required
@no_store
def mine(request: HttpRequest) -> HttpResponse:
    return render(
        request, "circles/mine.html", {"memberships": selectors.memberships_of(request.user)}
    )


@circle_view
def overview(request: HttpRequest, circle: Circle, me: CircleMember) -> HttpResponse:
    context = selectors.overview(circle, me)
    context["may_close"] = circle.is_open and me.is_facilitator
    return circle_render(
        request, "circles/overview.html", context.pop("circle"), me, "overview", context
    )


@circle_view
def leave(request: HttpRequest, circle: Circle, me: CircleMember) -> HttpResponse:
    if request.method == "POST":
        if run(
            request,
            lambda: services.circle_leave(circle=circle, by=me.person),
            _("You have left %(circle)s.") % {"circle": circle.name},
        ):
            return redirect("circles:mine")
        return redirect(circle_url("overview", circle))
    return circle_render(request, "circles/leave.html", circle, me, "overview")


@circle_view
def close(request: HttpRequest, circle: Circle, me: CircleMember) -> HttpResponse:
    if not me.is_facilitator:
        raise Http404("Only a facilitator closes the circle.")
    if not circle.is_open:
        messages.info(request, _("This circle is already closed."))
        return redirect(circle_url("overview", circle))
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.circle_close(
                circle=circle, by=signed_in_user(request), outcome=form.cleaned_data["outcome"]
            )
        except services.CircleError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("%(circle)s is closed.") % {"circle": circle.name})
            return redirect(circle_url("overview", circle))
    return circle_render(
        request,
        "circles/close.html",
        circle,
        me,
        "overview",
        {"form": form},
        status=400 if form.errors else 200,
    )
