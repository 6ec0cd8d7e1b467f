from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from tandem.accounts.models import User
from tandem.core.forms import add_service_error
from tandem.notifications.access import notifications_of
from tandem.notifications.forms import NotificationPreferencesForm
from tandem.notifications.services import (
    NotificationError,
    notification_preferences_for,
    notification_preferences_save,
    notification_unsubscribe,
    notifications_mark_read,
    unsubscribe_categories,
)
from tandem.notifications.unsubscribe import unsubscribe_read


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


# Mail clients send the one-click POST (RFC 8058) with no session and no CSRF cookie; the signed
# token in the URL is what proves the request came from the email, so CSRF adds nothing here.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def notification_unsubscribe_link(request: HttpRequest, token: str) -> HttpResponse:
    what = unsubscribe_read(token)
    user = User.objects.filter(pk=what.user_id).first() if what else None
    if what is None or user is None:
        raise Http404("This unsubscribe link is not valid.")
    # A GET only asks: link scanners in mail systems follow every link they see.
    if request.method == "POST":
        stopped = notification_unsubscribe(user=user, what=what)
        template = "notifications/unsubscribed.html"
    else:
        stopped = unsubscribe_categories(user=user, what=what)
        template = "notifications/unsubscribe.html"
    return render(request, template, {"what": what, "categories": stopped})
