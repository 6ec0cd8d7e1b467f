from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tandem.accounts.models import User
from tandem.core.forms import add_service_error
from tandem.notifications.access import notifications_of
from tandem.notifications.forms import NotificationPreferencesForm
from tandem.notifications.services import (
    NotificationError,
    notification_preferences_for,
    notification_preferences_save,
    notifications_mark_read,
)


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = notifications_of(request.user)
    page = Paginator(notifications, 30).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@require_POST
@login_required
def notification_mark_read(request: HttpRequest) -> HttpResponse:
    raw_ids = request.POST.getlist("id")
    ids = [int(value) for value in raw_ids if value.isdigit()] if raw_ids else None
    notifications_mark_read(recipient=request.user, ids=ids)  # type: ignore[arg-type]
    if request.htmx:  # type: ignore[attr-defined]
        return HttpResponse('<span class="badge">read</span>')
    return redirect("notifications:list")


@login_required
def notification_preferences(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # login_required let only a signed-in user through
    form = NotificationPreferencesForm(
        request.POST if request.method == "POST" else None,
        initial=notification_preferences_for(user=user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            notification_preferences_save(user=user, deliveries=form.cleaned_data)
        except NotificationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Your notification settings are saved.")
            return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form},
        status=400 if form.errors else 200,
    )
