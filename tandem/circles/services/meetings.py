"""Scheduling the circle's meetings, and recording what happened in them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from tandem.circles.invitations import circle_meeting_invitations_send
from tandem.circles.models import (
    Circle,
    CircleAgendaItem,
    CircleAttendance,
    CircleMeeting,
    CircleMeetingNote,
    CircleMember,
)
from tandem.core.i18n import interpolate_lazy, lazy_text
from tandem.mentorships.access import zone_of
from tandem.mentorships.models import MeetingFormat
from tandem.people.models import Person

from ._common import (
    CircleError,
    circle_url,
    require_member,
    require_open,
    require_state,
    tell_members,
)

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as StrPromise

State = Circle.State
Status = CircleMeeting.Status
# A circle may meet while it agrees its charter, as well as once it is active.
MEETING_STATES = (State.FORMING, State.ACTIVE)


def _check_fields(starts_at: datetime, duration_minutes: int, meeting_format: str) -> None:
    if not 10 <= duration_minutes <= 480:
        raise CircleError(
            _("A meeting lasts between 10 minutes and 8 hours."), field="duration_minutes"
        )
    if meeting_format not in MeetingFormat.values:
        raise CircleError(_("Choose a format."), field="meeting_format")
    if timezone.is_naive(starts_at):
        raise CircleError(_("The start time needs a time zone."), field="starts_at")


def _about(
    message: StrPromise, meeting: CircleMeeting, by: Person
) -> Callable[[Person], StrPromise]:
    """A notice about `meeting` as each member reads it: in their language, its time in their
    time zone."""

    def title(reader: Person) -> StrPromise:
        local = meeting.starts_at.astimezone(zone_of(reader))
        return interpolate_lazy(
            message,
            name=by.name,
            circle=meeting.circle.name,
            when=lazy_text(date_format, local, "j F Y, H:i"),
        )

    return title


@transaction.atomic
def circle_meeting_schedule(
    *,
    circle: Circle,
    by: Person,
    starts_at: datetime,
    duration_minutes: int = 60,
    meeting_format: str = MeetingFormat.IN_PERSON,
    location: str = "",
    video_link: str = "",
) -> CircleMeeting:
    require_member(circle, by)
    require_state(circle, *MEETING_STATES, action=_("schedule meetings"))
    _check_fields(starts_at, duration_minutes, meeting_format)
    if starts_at <= timezone.now():
        raise CircleError(_("Choose a time in the future."), field="starts_at")
    meeting = CircleMeeting.objects.create(
        circle=circle,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        meeting_format=meeting_format,
        location=location.strip(),
        video_link=video_link.strip(),
        created_by=by,
    )
    _default_room(meeting)
    _invitations_due(meeting)
    tell_members(
        circle,
        event="meeting_scheduled",
        title=_about(
            gettext_lazy("%(name)s scheduled a meeting of %(circle)s on %(when)s"), meeting, by
        ),
        url=circle_url("meeting_detail", circle, meeting.pk),
        dedupe=f"{meeting.pk}:{meeting.sequence}",
        but=by,
    )
    return meeting


def _invitations_due(meeting: CircleMeeting) -> None:
    """Each current member's calendar invitation goes out once the change is committed."""
    transaction.on_commit(lambda: circle_meeting_invitations_send.enqueue(meeting.pk))


def _default_room(meeting: CircleMeeting) -> None:
    """A video meeting without a link gets the programme's room, as a pair's does."""
    if meeting.meeting_format != MeetingFormat.VIDEO or meeting.video_link:
        return
    meeting.video_link = meeting.circle.programme.video_room(
        pair=meeting.circle_id, meeting=meeting.pk
    )
    if meeting.video_link:
        CircleMeeting.objects.filter(pk=meeting.pk).update(video_link=meeting.video_link)


def _require_scheduled(meeting: CircleMeeting, action: str) -> None:
    """``action`` is a translated past participle: "moved", "cancelled"."""
    if meeting.status != Status.SCHEDULED:
        raise CircleError(
            _("Only a scheduled meeting can be %(action)s; this one is %(status)s.")
            % {"action": action, "status": meeting.get_status_display().lower()}
        )


@transaction.atomic
def circle_meeting_move(
    *,
    meeting: CircleMeeting,
    by: Person,
    starts_at: datetime,
    duration_minutes: int,
    meeting_format: str,
    location: str = "",
    video_link: str = "",
) -> CircleMeeting:
    """Change the time or place of a meeting still to come; the members are told if it moved."""
    circle = meeting.circle
    require_member(circle, by)
    require_open(circle)
    _require_scheduled(meeting, pgettext("a meeting can be", "moved"))
    _check_fields(starts_at, duration_minutes, meeting_format)
    location, video_link = location.strip(), video_link.strip()
    moved = (starts_at, duration_minutes, meeting_format, location, video_link) != (
        meeting.starts_at,
        meeting.duration_minutes,
        meeting.meeting_format,
        meeting.location,
        meeting.video_link,
    )
    if not moved:
        return meeting
    if starts_at != meeting.starts_at and starts_at <= timezone.now():
        raise CircleError(_("Choose a time in the future."), field="starts_at")
    meeting.starts_at = starts_at
    meeting.duration_minutes = duration_minutes
    meeting.meeting_format = meeting_format
    meeting.location = location
    meeting.video_link = video_link
    meeting.sequence += 1
    meeting.save()
    _default_room(meeting)
    _invitations_due(meeting)
    tell_members(
        circle,
        event="meeting_moved",
        title=_about(
            gettext_lazy("%(name)s changed a meeting of %(circle)s: now %(when)s"), meeting, by
        ),
        url=circle_url("meeting_detail", circle, meeting.pk),
        dedupe=f"{meeting.pk}:{meeting.sequence}",
        but=by,
    )
    return meeting


@transaction.atomic
def circle_meeting_cancel(*, meeting: CircleMeeting, by: Person) -> CircleMeeting:
    circle = meeting.circle
    require_member(circle, by)
    require_open(circle)
    _require_scheduled(meeting, pgettext("a meeting can be", "cancelled"))
    meeting.status = Status.CANCELLED
    meeting.sequence += 1
    meeting.save(update_fields=["status", "sequence", "updated_at"])
    _invitations_due(meeting)
    tell_members(
        circle,
        event="meeting_cancelled",
        title=_about(
            gettext_lazy("%(name)s cancelled the meeting of %(circle)s on %(when)s"), meeting, by
        ),
        url=circle_url("meeting_detail", circle, meeting.pk),
        dedupe=f"{meeting.pk}:{meeting.sequence}",
        but=by,
    )
    return meeting


@transaction.atomic
def circle_meeting_record(
    *,
    meeting: CircleMeeting,
    by: Person,
    attendance: Mapping[int, str],
    now: datetime | None = None,
) -> CircleMeeting:
    """Mark the meeting held and record, for each current member named in `attendance`
    (person id → status), whether they were present, sent apologies or were absent."""
    circle = meeting.circle
    require_member(circle, by)
    require_open(circle)
    if meeting.status == Status.CANCELLED:
        raise CircleError(_("This meeting was cancelled."))
    if meeting.starts_at > (now or timezone.now()):
        raise CircleError(_("Attendance is recorded once the meeting has started."))
    members = set(
        CircleMember.objects.current().filter(circle=circle).values_list("person_id", flat=True)
    )
    for person_id, status in attendance.items():
        if person_id not in members:
            raise CircleError(_("Attendance is recorded for the circle's current members."))
        if status not in CircleAttendance.Status.values:
            raise CircleError(_("Choose present, sent apologies or absent."), field="status")
    for person_id, status in attendance.items():
        CircleAttendance.objects.update_or_create(
            meeting=meeting, person_id=person_id, defaults={"status": status, "recorded_by": by}
        )
    if meeting.status != Status.HELD:
        meeting.status = Status.HELD
        meeting.sequence += 1
        meeting.save(update_fields=["status", "sequence", "updated_at"])
    return meeting


@transaction.atomic
def circle_agenda_item_add(*, meeting: CircleMeeting, by: Person, text: str) -> CircleAgendaItem:
    require_member(meeting.circle, by)
    require_open(meeting.circle)
    if meeting.status == Status.CANCELLED:
        raise CircleError(_("This meeting was cancelled."))
    text = text.strip()
    if not text:
        raise CircleError(_("Write the agenda item."), field="text")
    return CircleAgendaItem.objects.create(meeting=meeting, author=by, text=text)


@transaction.atomic
def circle_agenda_item_remove(*, item: CircleAgendaItem, by: Person) -> None:
    require_member(item.meeting.circle, by)
    require_open(item.meeting.circle)
    item.delete()


@transaction.atomic
def circle_meeting_note_save(
    *, meeting: CircleMeeting, by: Person, body: str, private: bool
) -> CircleMeetingNote:
    """The shared note is every member's; a private note is its author's alone."""
    require_member(meeting.circle, by)
    require_open(meeting.circle)
    if private:
        note, _ = CircleMeetingNote.objects.select_for_update().get_or_create(
            meeting=meeting, is_private=True, author=by, defaults={"body": body}
        )
    else:
        note, _ = CircleMeetingNote.objects.select_for_update().get_or_create(
            meeting=meeting, is_private=False, defaults={"author": by, "body": body}
        )
    note.body = body
    note.author = by
    note.save()
    return note
