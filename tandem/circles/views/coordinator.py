"""The coordinator's page of one circle: its metadata, never what its members wrote."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.circles import selectors, services
from tandem.circles.access import concerns_for_coordinator, coordinator_view
from tandem.circles.forms import CloseForm
from tandem.circles.models import Circle
from tandem.core.forms import add_service_error
from tandem.people.access import signed_in_user

from ._common import run


def _detail_url(circle: Circle) -> str:
    return reverse("circles:coordinator_detail", args=[circle.programme.slug, circle.pk])


@coordinator_view
def coordinator_detail(request: HttpRequest, circle: Circle) -> HttpResponse:
    return render(
        request,
        "circles/coordinator_detail.html",
        {"view": selectors.coordinator_view(circle), "programme": circle.programme},
    )


@coordinator_view
def coordinator_close(request: HttpRequest, circle: Circle) -> HttpResponse:
    if not circle.is_open:
        messages.info(request, _("This circle is already closed."))
        return redirect(_detail_url(circle))
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.circle_close(
                circle=circle,
                by=signed_in_user(request),
                outcome=form.cleaned_data["outcome"],
            )
        except services.CircleError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("%(circle)s is closed; its members have been told.") % {"circle": circle.name},
            )
            return redirect(_detail_url(circle))
    return render(
        request,
        "circles/coordinator_close.html",
        {"circle": circle, "programme": circle.programme, "form": form},
        status=400 if form.errors else 200,
    )


@coordinator_view
@require_POST
def concern_acknowledge(request: HttpRequest, circle: Circle, concern_pk: int) -> HttpResponse:
    concern = get_object_or_404(concerns_for_coordinator(circle), pk=concern_pk)
    run(
        request,
        lambda: services.circle_concern_acknowledge(concern=concern, by=signed_in_user(request)),
        _("Marked as read."),
    )
    return redirect(_detail_url(circle))
