"""The per-person calendar feed: a secret address, shown to its owner, revocable."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tandem.core.links import absolute_url
from tandem.mentorships import services
from tandem.mentorships.access import no_store
from tandem.mentorships.calendar_ics import calendar_bytes
from tandem.mentorships.models import CalendarFeed, Meeting
from tandem.people.access import person_of

FEED_PAST_DAYS = 180


@login_required
@no_store
def calendar_settings(request: HttpRequest) -> HttpResponse:
    person = person_of(request.user)
    if person is None:
        raise Http404
    feed = services.calendar_feed_get_or_create(person=person)
    url = absolute_url(reverse("mentorships:calendar_feed", args=[feed.token]))
    return render(request, "mentorships/calendar.html", {"feed": feed, "feed_url": url})


@login_required
@require_POST
def calendar_revoke(request: HttpRequest) -> HttpResponse:
    person = person_of(request.user)
    if person is None:
        raise Http404
    services.calendar_feed_revoke(person=person)
    messages.success(request, _("The old address no longer works. Here is your new one."))
    return redirect("mentorships:calendar")


@require_GET
@no_store
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    feed = get_object_or_404(
        CalendarFeed.objects.select_related("person"), token=token, revoked_at__isnull=True
    )
    person = feed.person
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    meetings = (
        Meeting.objects.filter(Q(mentorship__mentee=person) | Q(mentorship__mentor=person))
        .filter(starts_at__gte=timezone.now() - timedelta(days=FEED_PAST_DAYS))
        .select_related("mentorship__mentee", "mentorship__mentor")
        .order_by("starts_at")
    )
    body = calendar_bytes(meetings, person, name=_("Tandem mentoring"))
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")
