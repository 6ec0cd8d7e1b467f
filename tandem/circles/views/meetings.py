"""Meetings: schedule, move, cancel, agenda, notes, attendance, and a calendar file."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.circles import selectors, services
from tandem.circles.access import circle_view, meeting_notes_for
from tandem.circles.forms import AgendaItemForm, AttendanceForm, CircleMeetingForm, NoteForm
from tandem.circles.models import Circle, CircleAgendaItem, CircleMeeting, CircleMember
from tandem.core.forms import add_service_error
from tandem.core.links import absolute_url
from tandem.mentorships.calendar_ics import calendar_bytes, calendar_event

from ._common import circle_render, circle_url, invalid, run


@circle_view
def meetings(request: HttpRequest, circle: Circle, me: CircleMember) -> HttpResponse:
    charter = circle.current_charter()
    initial = {
        "meeting_format": charter.meeting_format if charter else "in_person",
        "location": charter.location if charter else "",
        "duration_minutes": 60,
    }
    form = CircleMeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.circle_meeting_schedule(
                circle=circle, by=me.person, **form.cleaned_data
            )
        except services.CircleError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Meeting scheduled. The other members have been told."))
            return redirect(circle_url("meeting_detail", circle, meeting.pk))
    now = timezone.now()
    everything = list(circle.meetings.prefetch_related("attendances"))
    return circle_render(
        request,
        "circles/meetings.html",
        circle,
        me,
        "meetings",
        {
            "form": form,
            "upcoming": [m for m in everything if m.starts_at >= now],
            "past": [m for m in reversed(everything) if m.starts_at < now],
            "cadence": charter.get_cadence_display() if charter else None,
            "may_schedule": circle.state in services.meetings.MEETING_STATES,
        },
        status=400 if form.errors else 200,
    )


def _meeting(circle: Circle, meeting_pk: int) -> CircleMeeting:
    return get_object_or_404(CircleMeeting, pk=meeting_pk, circle=circle)


# The page also holds the note forms; distinct ids keep each label tied to its own input.
AGENDA_IDS = "agenda_%s"


@circle_view
def meeting_detail(
    request: HttpRequest, circle: Circle, me: CircleMember, meeting_pk: int
) -> HttpResponse:
    meeting = _meeting(circle, meeting_pk)
    notes = list(meeting_notes_for(meeting, me.person).select_related("author"))
    shared = next((n for n in notes if not n.is_private), None)
    private = next((n for n in notes if n.is_private), None)
    members = selectors.current_members(
        Circle.objects.prefetch_related("members__person").get(pk=circle.pk)
    )
    recorded = {a.person_id: a for a in meeting.attendances.all()}
    has_started = meeting.starts_at <= timezone.now()
    return circle_render(
        request,
        "circles/meeting_detail.html",
        circle,
        me,
        "meetings",
        {
            "meeting": meeting,
            "agenda_items": meeting.agenda_items.select_related("author"),
            "agenda_form": AgendaItemForm(auto_id=AGENDA_IDS),
            "shared_note": shared,
            "shared_form": NoteForm(
                initial={"body": shared.body if shared else ""}, prefix="shared"
            ),
            "private_form": NoteForm(
                initial={"body": private.body if private else ""}, prefix="private"
            ),
            "attendance": [(m, recorded.get(m.person_id)) for m in members],
            "attendance_form": AttendanceForm(
                members=members,
                initial={f"person_{pid}": a.status for pid, a in recorded.items()},
            ),
            "has_started": has_started,
            "may_record": has_started
            and circle.accepts_content
            and meeting.status != meeting.Status.CANCELLED,
            "may_change": circle.accepts_content and meeting.status == meeting.Status.SCHEDULED,
        },
    )


@circle_view
def meeting_edit(
    request: HttpRequest, circle: Circle, me: CircleMember, meeting_pk: int
) -> HttpResponse:
    meeting = _meeting(circle, meeting_pk)
    if meeting.status != meeting.Status.SCHEDULED or not circle.accepts_content:
        messages.info(request, _("Only a scheduled meeting of an open circle can be changed."))
        return redirect(circle_url("meeting_detail", circle, meeting.pk))
    form = CircleMeetingForm(
        request.POST or None,
        initial={
            "starts_at": timezone.localtime(meeting.starts_at),
            "duration_minutes": meeting.duration_minutes,
            "meeting_format": meeting.meeting_format,
            "location": meeting.location,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.circle_meeting_move(meeting=meeting, by=me.person, **form.cleaned_data)
        except services.CircleError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Meeting saved."))
            return redirect(circle_url("meeting_detail", circle, meeting.pk))
    return circle_render(
        request,
        "circles/meeting_edit.html",
        circle,
        me,
        "meetings",
        {"meeting": meeting, "form": form},
        status=400 if form.errors else 200,
    )


@circle_view
@require_POST
def meeting_cancel(
    request: HttpRequest, circle: Circle, me: CircleMember, meeting_pk: int
) -> HttpResponse:
    meeting = _meeting(circle, meeting_pk)
    run(
        request,
        lambda: services.circle_meeting_cancel(meeting=meeting, by=me.person),
        _("Meeting cancelled. The other members have been told."),
    )
    return redirect(circle_url("meeting_detail", circle, meeting.pk))


@circle_view
@require_POST
def meeting_record(
    request: HttpRequest, circle: Circle, me: CircleMember, meeting_pk: int
) -> HttpResponse:
    meeting = _meeting(circle, meeting_pk)
    members = selectors.current_members(
        Circle.objects.prefetch_related("members__person").get(pk=circle.pk)
    )
    form = AttendanceForm(request.POST, members=members)
    if form.is_valid():
        run(
            request,
            lambda: services.circle_meeting_record(
                meeting=meeting, by=me.person, attendance=form.attendance()
            ),
            _("Attendance saved; the meeting is marked as held."),
        )
    else:
        invalid(request, form)
    return redirect(circle_url("meeting_detail", circle, meeting.pk))


@circle_view
@require_POST
def agenda_add(
    request: HttpRequest, circle: Circle, me: CircleMember, meeting_pk: int
) -> HttpResponse:
    meeting = _meeting(circle, meeting_pk)
    form = AgendaItemForm(request.POST)
    if form.is_valid():
        run(
            request,
            lambda: services.circle_agenda_item_add(
                meeting=meeting, by=me.person, text=form.cleaned_data["text"]
            ),
        )
    else:
        invalid(request, form)
    return redirect(circle_url("meeting_detail", circle, meeting.pk))


@circle_view
@require_POST
def agenda_remove(
    request: HttpRequest, circle: Circle, me: CircleMember, meeting_pk: int, item_pk: int
) -> HttpResponse:
    item = get_object_or_404(
        CircleAgendaItem.objects.select_related("meeting__circle"),
        pk=item_pk,
        meeting__pk=meeting_pk,
        meeting__circle=circle,
    )
    run(request, lambda: services.circle_agenda_item_remove(item=item, by=me.person))
    return redirect(circle_url("meeting_detail", circle, meeting_pk))


@circle_view
@require_POST
def note_save(
    request: HttpRequest, circle: Circle, me: CircleMember, meeting_pk: int, kind: str
) -> HttpResponse:
    if kind not in ("shared", "private"):
        raise Http404
    meeting = _meeting(circle, meeting_pk)
    form = NoteForm(request.POST, prefix=kind)
    if form.is_valid():
        run(
            request,
            lambda: services.circle_meeting_note_save(
                meeting=meeting,
                by=me.person,
                body=form.cleaned_data["body"],
                private=kind == "private",
            ),
            _("Notes saved."),
        )
    return redirect(circle_url("meeting_detail", circle, meeting.pk))


@circle_view
def meeting_ics(
    request: HttpRequest, circle: Circle, me: CircleMember, meeting_pk: int
) -> HttpResponse:
    meeting = _meeting(circle, meeting_pk)
    url = absolute_url(reverse("circles:meeting_detail", args=[circle.pk, meeting.pk]))
    event = calendar_event(
        meeting,
        me.person,
        uid=meeting.uid,
        summary=_("Circle: %(name)s") % {"name": circle.name},
        url=url,
    )
    body = calendar_bytes([], me.person, name=circle.name, events=[event])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="circle-meeting-{meeting.pk}.ics"'
    return response
