"""The coordinator's page of a programme's nudges and alerts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tandem.core.forms import add_service_error
from tandem.nudges import services
from tandem.nudges.forms import NudgeSettingsForm
from tandem.people.access import signed_in_user
from tandem.programmes.access import programme_for_coordinator


@login_required
def nudge_settings(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_for_coordinator(request.user, slug)
    form = NudgeSettingsForm(request.POST or None, instance=services.settings_for(programme))
    if request.method == "POST" and form.is_valid():
        try:
            services.nudge_settings_update(
                programme=programme, by=signed_in_user(request), **form.cleaned_data
            )
        except services.NudgeError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Nudges and alerts saved."))
            return redirect("nudges:settings", slug=programme.slug)
    return render(
        request,
        "nudges/settings.html",
        {"programme": programme, "form": form},
        status=400 if form.errors else 200,
    )
