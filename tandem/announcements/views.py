"""A programme's announcements: the coordinator's list, post and withdraw, and the page a
participant reads one on."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.announcements import selectors, services
from tandem.announcements.forms import AnnouncementForm
from tandem.core.forms import add_service_error
from tandem.core.markdown import markdown_html
from tandem.people.access import signed_in_user
from tandem.programmes.access import programme_for_coordinator


@login_required
def coordinator_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_for_coordinator(request.user, slug)
    return render(
        request,
        "announcements/coordinator_list.html",
        {
            "programme": programme,
            "announcements": selectors.announcements_of_programme(programme),
        },
    )


@login_required
def announcement_post(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_for_coordinator(request.user, slug)
    form = AnnouncementForm(request.POST or None)
    preview, recipients = None, None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if "preview" in request.POST:
                services.announcement_check(**{k: data[k] for k in services.CHECKED})
                preview = markdown_html(data["body"])
                recipients = selectors.announcement_audience_count(programme=programme, **data)
            else:
                services.announcement_post(programme=programme, by=signed_in_user(request), **data)
        except services.AnnouncementError as error:
            add_service_error(form, error)
        else:
            if preview is None:
                messages.success(request, _("The announcement is posted."))
                return redirect("announcements:coordinator_list", slug=programme.slug)
    return render(
        request,
        "announcements/post.html",
        {"programme": programme, "form": form, "preview": preview, "recipients": recipients},
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def announcement_withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme = programme_for_coordinator(request.user, slug)
    announcement = selectors.announcement_of_programme(programme, pk)
    try:
        services.announcement_withdraw(announcement=announcement, by=signed_in_user(request))
    except services.AnnouncementError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The announcement is withdrawn."))
    return redirect("announcements:coordinator_list", slug=programme.slug)


@login_required
def announcement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = selectors.announcement_for_reader(request.user, pk)
    return render(
        request,
        "announcements/detail.html",
        {"announcement": announcement, "body": markdown_html(announcement.body)},
    )
