"""Journal, feedback, check-ins, concerns and the prompt library, as the pair sees them."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.core.forms import add_service_error
from tandem.mentorships import access, selectors, services
from tandem.mentorships.access import pair_view
from tandem.mentorships.forms import (
    CheckInForm,
    ConcernForm,
    FeedbackForm,
    JournalEntryForm,
)
from tandem.mentorships.models import MARK_LABELS, MARKS, CheckIn, Mentorship
from tandem.people.models import Person

from ._common import back, pair_render, pair_url, run


@pair_view
def journal(request: HttpRequest, mentorship: Mentorship, me: Person) -> HttpResponse:
    initial = {}
    prompt_pk = request.GET.get("prompt", "")
    if prompt_pk.isdigit():
        # A prompt picked on the prompts page starts the entry.
        prompt = selectors.prompt_library(mentorship.programme).filter(pk=prompt_pk).first()
        if prompt is not None:
            initial["body"] = f"{prompt.text}\n\n"
    form = JournalEntryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.journal_entry_create(mentorship=mentorship, by=me, **form.cleaned_data)
        except services.MentorshipError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Saved to your journal."))
            return redirect(pair_url("journal", mentorship))
    entries = access.journal_entries_for(me).filter(mentorship=mentorship).select_related("author")
    return pair_render(
        request,
        "mentorships/journal.html",
        mentorship,
        me,
        "journal",
        {
            "form": form,
            "mine": [e for e in entries if e.author_id == me.pk],
            "shared_with_me": [e for e in entries if e.author_id != me.pk],
            "prompts": selectors.prompts_for(mentorship.programme),
        },
        status=400 if form.errors else 200,
    )


@pair_view
def journal_entry(
    request: HttpRequest, mentorship: Mentorship, me: Person, entry_pk: int
) -> HttpResponse:
    entry = get_object_or_404(
        access.journal_entries_for(me).select_related("author"),
        pk=entry_pk,
        mentorship=mentorship,
    )
    is_author = entry.author_id == me.pk
    form = None
    if is_author:
        form = JournalEntryForm(
            request.POST or None,
            initial={"title": entry.title, "body": entry.body, "share": entry.is_shared},
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.journal_entry_update(
                    entry=entry, by=me, title=data["title"], body=data["body"]
                )
                services.journal_entry_share(entry=entry, by=me, share=data["share"])
            except services.MentorshipError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Entry saved."))
                return redirect(pair_url("journal", mentorship))
    elif request.method == "POST":
        messages.error(request, _("Only the author can change a journal entry."))
        return redirect(pair_url("journal_entry", mentorship, entry.pk))
    return pair_render(
        request,
        "mentorships/journal_entry.html",
        mentorship,
        me,
        "journal",
        {"entry": entry, "form": form, "is_author": is_author},
        status=400 if form is not None and form.errors else 200,
    )


@pair_view
@require_POST
def journal_share(
    request: HttpRequest, mentorship: Mentorship, me: Person, entry_pk: int
) -> HttpResponse:
    entry = get_object_or_404(
        access.journal_entries_for(me), pk=entry_pk, mentorship=mentorship, author=me
    )
    share = request.POST.get("share") == "1"
    run(
        request,
        lambda: services.journal_entry_share(entry=entry, by=me, share=share),
        _("Shared with your partner.") if share else _("Now private to you."),
    )
    return back(request, pair_url("journal", mentorship))


@pair_view
def feedback(request: HttpRequest, mentorship: Mentorship, me: Person) -> HttpResponse:
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_give(mentorship=mentorship, by=me, **form.cleaned_data)
        except services.MentorshipError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Feedback sent to your partner."))
            return redirect(pair_url("feedback", mentorship))
    items = list(mentorship.feedback.select_related("author"))
    return pair_render(
        request,
        "mentorships/feedback.html",
        mentorship,
        me,
        "feedback",
        {
            "form": form,
            "received": [f for f in items if f.author_id != me.pk],
            "given": [f for f in items if f.author_id == me.pk],
        },
        status=400 if form.errors else 200,
    )


@pair_view
def check_ins(request: HttpRequest, mentorship: Mentorship, me: Person) -> HttpResponse:
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.check_in_submit(mentorship=mentorship, by=me, **form.cleaned_data)
        except services.MentorshipError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Thank you for checking in."))
            return redirect(pair_url("check_ins", mentorship))
    history = list(CheckIn.objects.filter(mentorship=mentorship).select_related("author"))
    return pair_render(
        request,
        "mentorships/check_ins.html",
        mentorship,
        me,
        "check_ins",
        {"form": form, "history": history, "marks": [MARK_LABELS[mark] for mark in MARKS]},
        status=400 if form.errors else 200,
    )


@pair_view
def concerns(request: HttpRequest, mentorship: Mentorship, me: Person) -> HttpResponse:
    form = ConcernForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.concern_raise(mentorship=mentorship, by=me, **form.cleaned_data)
        except services.MentorshipError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your concern has been sent."))
            return redirect(pair_url("concerns", mentorship))
    visible = access.concerns_for_member(me).filter(mentorship=mentorship)
    return pair_render(
        request,
        "mentorships/concerns.html",
        mentorship,
        me,
        "check_ins",
        {
            "form": form,
            "raised": [c for c in visible if c.raised_by_id == me.pk],
            "received": [c for c in visible if c.raised_by_id != me.pk],
        },
        status=400 if form.errors else 200,
    )


@pair_view
def prompts(request: HttpRequest, mentorship: Mentorship, me: Person) -> HttpResponse:
    return pair_render(
        request,
        "mentorships/prompts.html",
        mentorship,
        me,
        "journal",
        {
            "prompts": selectors.prompts_for(mentorship.programme),
            "next_meeting": selectors.next_meeting(mentorship),
        },
    )
