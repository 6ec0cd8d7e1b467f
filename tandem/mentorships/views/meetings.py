"""Meetings: schedule, agenda (HTMX), notes, action items (HTMX), attendance, .ics."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tandem.core.forms import add_service_error
from tandem.mentorships import selectors, services
from tandem.mentorships.access import pair_view, zone_of
from tandem.mentorships.calendar_ics import calendar_bytes
from tandem.mentorships.forms import (
    ActionItemForm,
    AgendaItemForm,
    AttendanceForm,
    MeetingForm,
    MeetingStatusForm,
    NoteForm,
)
from tandem.mentorships.models import (
    ActionItem,
    AgendaItem,
    Meeting,
    MeetingNote,
    Mentorship,
)
from tandem.people.models import Person

from ._common import back, invalid, pair_render, pair_url, run


@pair_view
def meetings(request: HttpRequest, mentorship: Mentorship, me: Person) -> HttpResponse:
    charter = mentorship.current_charter()
    initial = {
        "meeting_format": charter.meeting_format if charter else "in_person",
        "location": charter.location if charter else "",
        "duration_minutes": 60,
        "repeat": 1,
    }
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.meeting_schedule(
                mentorship=mentorship, by=me, zone=zone_of(me), **form.cleaned_data
            )
        except services.MentorshipError as error:
            add_service_error(form, error)
        else:
            count = len(created)
            messages.success(
                request,
                ngettext("Meeting scheduled.", "%(count)d meetings scheduled.", count)
                % {"count": count},
            )
            return redirect(pair_url("meetings", mentorship))
    now = timezone.now()
    all_meetings = list(mentorship.meetings.prefetch_related("agenda_items"))
    return pair_render(
        request,
        "mentorships/meetings.html",
        mentorship,
        me,
        "meetings",
        {
            "form": form,
            "upcoming": [m for m in all_meetings if m.starts_at >= now],
            "past": [m for m in reversed(all_meetings) if m.starts_at < now],
            "cadence": charter.get_cadence_display() if charter else None,
        },
        status=400 if form.errors else 200,
    )


def _meeting(mentorship: Mentorship, meeting_pk: int) -> Meeting:
    return get_object_or_404(Meeting, pk=meeting_pk, mentorship=mentorship)


# The meeting page also holds the action-item form, whose fields share these names; distinct
# ids keep each label tied to its own input.
AGENDA_IDS = "agenda_%s"


def _agenda_context(meeting: Meeting, form: AgendaItemForm | None = None) -> dict[str, object]:
    return {
        "meeting": meeting,
        "agenda_items": meeting.agenda_items.select_related("author"),
        "agenda_form": form or AgendaItemForm(auto_id=AGENDA_IDS),
    }


@pair_view
def meeting_detail(
    request: HttpRequest, mentorship: Mentorship, me: Person, meeting_pk: int
) -> HttpResponse:
    # The agenda is read by `_agenda_context`, which the HTMX views share.
    meeting = get_object_or_404(
        Meeting.objects.prefetch_related("attendances"), pk=meeting_pk, mentorship=mentorship
    )
    shared = MeetingNote.objects.filter(meeting=meeting, is_private=False).first()
    private = MeetingNote.objects.filter(meeting=meeting, is_private=True, author=me).first()
    attendance = {a.person_id: a.status for a in meeting.attendances.all()}
    context = _agenda_context(meeting)
    context.update(
        shared_note=shared,
        shared_form=NoteForm(initial={"body": shared.body if shared else ""}, prefix="shared"),
        private_form=NoteForm(initial={"body": private.body if private else ""}, prefix="private"),
        actions=meeting.action_items.select_related("owner"),
        action_form=ActionItemForm(mentorship=mentorship),
        status_form=MeetingStatusForm(initial={"status": meeting.status}),
        attendance_form=AttendanceForm(
            mentorship=mentorship,
            initial={
                "mentee": attendance.get(mentorship.mentee_id, ""),
                "mentor": attendance.get(mentorship.mentor_id, ""),
            },
        ),
        has_started=meeting.starts_at <= timezone.now(),
        today=timezone.localdate(),
        partner_zone=selectors.partner_zone(
            meeting.starts_at, me=me, partner=mentorship.partner_of(me)
        ),
    )
    return pair_render(
        request, "mentorships/meeting_detail.html", mentorship, me, "meetings", context
    )


@pair_view
@require_POST
def agenda_add(
    request: HttpRequest, mentorship: Mentorship, me: Person, meeting_pk: int
) -> HttpResponse:
    meeting = _meeting(mentorship, meeting_pk)
    form = AgendaItemForm(request.POST, auto_id=AGENDA_IDS)
    if form.is_valid():
        try:
            services.agenda_item_add(meeting=meeting, by=me, text=form.cleaned_data["text"])
        except services.MentorshipError as error:
            add_service_error(form, error)
        else:
            form = AgendaItemForm(auto_id=AGENDA_IDS)
    if request.htmx:  # type: ignore[attr-defined]
        context = _agenda_context(meeting, form)
        context.update(mentorship=mentorship, me=me)
        return TemplateResponse(request, "mentorships/_agenda.html", context)
    if form.errors:
        invalid(request, form)
    return redirect(pair_url("meeting_detail", mentorship, meeting.pk))


@pair_view
@require_POST
def agenda_remove(
    request: HttpRequest, mentorship: Mentorship, me: Person, meeting_pk: int, item_pk: int
) -> HttpResponse:
    item = get_object_or_404(
        AgendaItem, pk=item_pk, meeting_id=meeting_pk, meeting__mentorship=mentorship
    )
    run(request, lambda: services.agenda_item_remove(item=item, by=me))
    if request.htmx:  # type: ignore[attr-defined]
        context = _agenda_context(item.meeting)
        context.update(mentorship=mentorship, me=me)
        return TemplateResponse(request, "mentorships/_agenda.html", context)
    return redirect(pair_url("meeting_detail", mentorship, meeting_pk))


@pair_view
@require_POST
def note_save(
    request: HttpRequest, mentorship: Mentorship, me: Person, meeting_pk: int, kind: str
) -> HttpResponse:
    meeting = _meeting(mentorship, meeting_pk)
    form = NoteForm(request.POST, prefix=kind)
    if form.is_valid():
        run(
            request,
            lambda: services.meeting_note_save(
                meeting=meeting, by=me, body=form.cleaned_data["body"], private=kind == "private"
            ),
            _("Private note saved.") if kind == "private" else _("Shared notes saved."),
        )
    else:
        invalid(request, form)
    return redirect(pair_url("meeting_detail", mentorship, meeting.pk))


@pair_view
@require_POST
def meeting_status(
    request: HttpRequest, mentorship: Mentorship, me: Person, meeting_pk: int
) -> HttpResponse:
    meeting = _meeting(mentorship, meeting_pk)
    form = MeetingStatusForm(request.POST)
    if form.is_valid():
        run(
            request,
            lambda: services.meeting_set_status(
                meeting=meeting, by=me, status=form.cleaned_data["status"]
            ),
            _("Meeting updated."),
        )
    else:
        invalid(request, form)
    return redirect(pair_url("meeting_detail", mentorship, meeting.pk))


@pair_view
@require_POST
def attendance(
    request: HttpRequest, mentorship: Mentorship, me: Person, meeting_pk: int
) -> HttpResponse:
    meeting = _meeting(mentorship, meeting_pk)
    form = AttendanceForm(request.POST, mentorship=mentorship)
    if form.is_valid():
        for role, person in (("mentee", mentorship.mentee), ("mentor", mentorship.mentor)):
            status = form.cleaned_data[role]
            if status and not run(
                request,
                lambda person=person, status=status: services.attendance_record(  # type: ignore[misc]
                    meeting=meeting, by=me, person=person, status=status
                ),
            ):
                break
        else:
            messages.success(request, _("Attendance recorded."))
    else:
        invalid(request, form)
    return redirect(pair_url("meeting_detail", mentorship, meeting.pk))


@pair_view
@require_POST
def action_add(request: HttpRequest, mentorship: Mentorship, me: Person) -> HttpResponse:
    form = ActionItemForm(request.POST, mentorship=mentorship)
    meeting = None
    if meeting_pk := request.POST.get("meeting"):
        meeting = get_object_or_404(Meeting, pk=meeting_pk, mentorship=mentorship)
    if form.is_valid():
        run(
            request,
            lambda: services.action_item_add(
                mentorship=mentorship,
                by=me,
                owner=form.owner_person(),
                text=form.cleaned_data["text"],
                due_on=form.cleaned_data["due_on"],
                meeting=meeting,
            ),
        )
    else:
        invalid(request, form)
    default = (
        pair_url("meeting_detail", mentorship, meeting.pk)
        if meeting
        else pair_url("overview", mentorship)
    )
    return back(request, default)


@pair_view
@require_POST
def action_toggle(
    request: HttpRequest, mentorship: Mentorship, me: Person, item_pk: int
) -> HttpResponse:
    item = get_object_or_404(
        ActionItem.objects.select_related("owner"), pk=item_pk, mentorship=mentorship
    )
    done = request.POST.get("done") == "1"
    run(request, lambda: services.action_item_set_done(item=item, by=me, done=done))
    if request.htmx:  # type: ignore[attr-defined]
        return TemplateResponse(
            request,
            "mentorships/_action_item.html",
            {"item": item, "mentorship": mentorship, "today": timezone.localdate()},
        )
    return back(request, pair_url("overview", mentorship))


@pair_view
def meeting_ics(
    request: HttpRequest, mentorship: Mentorship, me: Person, meeting_pk: int
) -> HttpResponse:
    meeting = _meeting(mentorship, meeting_pk)
    name = _("Mentoring with %(partner)s") % {"partner": mentorship.partner_of(me).name}
    body = calendar_bytes([meeting], me, name=name)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response
