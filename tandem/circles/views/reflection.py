"""Journal, check-ins and concerns."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.circles import services
from tandem.circles.access import circle_view, concerns_for_member, journal_entries_for
from tandem.circles.forms import CircleCheckInForm, CircleJournalEntryForm, ConcernForm
from tandem.circles.models import Circle, CircleCheckIn, CircleJournalEntry, CircleMember
from tandem.core.forms import add_service_error

from ._common import circle_render, circle_url, run


@circle_view
def journal(request: HttpRequest, circle: Circle, me: CircleMember) -> HttpResponse:
    form = CircleJournalEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.circle_journal_entry_create(circle=circle, by=me.person, **form.cleaned_data)
        except services.CircleError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Entry saved."))
            return redirect(circle_url("journal", circle))
    entries = list(journal_entries_for(circle, me.person).select_related("author"))
    return circle_render(
        request,
        "circles/journal.html",
        circle,
        me,
        "journal",
        {
            "form": form,
            "mine": [e for e in entries if e.author_id == me.person_id],
            "shared": [e for e in entries if e.author_id != me.person_id],
        },
        status=400 if form.errors else 200,
    )


def _entry(circle: Circle, me: CircleMember, entry_pk: int) -> CircleJournalEntry:
    return get_object_or_404(
        journal_entries_for(circle, me.person).select_related("author"), pk=entry_pk
    )


@circle_view
def journal_entry(
    request: HttpRequest, circle: Circle, me: CircleMember, entry_pk: int
) -> HttpResponse:
    entry = _entry(circle, me, entry_pk)
    is_author = entry.author_id == me.person_id
    form = CircleJournalEntryForm(
        request.POST or None,
        initial={"title": entry.title, "body": entry.body, "share": entry.is_shared},
    )
    if request.method == "POST":
        if not is_author:
            messages.error(request, _("Only the author can change a journal entry."))
            return redirect(circle_url("journal_entry", circle, entry.pk))
        if form.is_valid():
            try:
                services.circle_journal_entry_update(
                    entry=entry,
                    by=me.person,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                )
                services.circle_journal_entry_share(
                    entry=entry, by=me.person, share=form.cleaned_data["share"]
                )
            except services.CircleError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Entry saved."))
                return redirect(circle_url("journal_entry", circle, entry.pk))
    return circle_render(
        request,
        "circles/journal_entry.html",
        circle,
        me,
        "journal",
        {"entry": entry, "form": form, "is_author": is_author},
        status=400 if form.errors else 200,
    )


@circle_view
@require_POST
def journal_share(
    request: HttpRequest, circle: Circle, me: CircleMember, entry_pk: int
) -> HttpResponse:
    entry = _entry(circle, me, entry_pk)
    share = request.POST.get("share") == "yes"
    run(
        request,
        lambda: services.circle_journal_entry_share(entry=entry, by=me.person, share=share),
        _("Shared with the circle.") if share else _("Private again."),
    )
    return redirect(circle_url("journal_entry", circle, entry.pk))


@circle_view
def check_ins(request: HttpRequest, circle: Circle, me: CircleMember) -> HttpResponse:
    form = CircleCheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.circle_check_in_submit(circle=circle, by=me.person, **form.cleaned_data)
        except services.CircleError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Thank you for checking in."))
            return redirect(circle_url("check_ins", circle))
    return circle_render(
        request,
        "circles/check_ins.html",
        circle,
        me,
        "check_ins",
        {
            "form": form,
            "check_ins": CircleCheckIn.objects.filter(circle=circle).select_related("author"),
            "may_check_in": circle.state in (Circle.State.ACTIVE, Circle.State.PAUSED),
        },
        status=400 if form.errors else 200,
    )


@circle_view
def concerns(request: HttpRequest, circle: Circle, me: CircleMember) -> HttpResponse:
    form = ConcernForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.circle_concern_raise(circle=circle, by=me.person, **form.cleaned_data)
        except services.CircleError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Sent. Only the people you chose can read it."))
            return redirect(circle_url("concerns", circle))
    return circle_render(
        request,
        "circles/concerns.html",
        circle,
        me,
        "concerns",
        {
            "form": form,
            "concerns": concerns_for_member(circle, me).select_related("raised_by"),
        },
        status=400 if form.errors else 200,
    )
