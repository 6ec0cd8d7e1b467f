"""Scheduling meetings and recording what happened in them."""

from __future__ import annotations

import calendar
import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.mentorships.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Meeting,
    MeetingFormat,
    MeetingNote,
    Mentorship,
)
from tandem.mentorships.signals import meetings_changed
from tandem.people.models import Person
from tandem.programmes.models import Cadence

from ._common import (
    MentorshipError,
    announce,
    require_member,
    require_not_past,
    require_open,
    require_state,
)

State = Mentorship.State
MAX_SERIES = 26


def _check_meeting_fields(duration_minutes: int, meeting_format: str) -> None:
    if not 10 <= duration_minutes <= 480:
        raise MentorshipError(
            _("A meeting lasts between 10 minutes and 8 hours."), field="duration_minutes"
        )
    if meeting_format not in MeetingFormat.values:
        raise MentorshipError(_("Choose a format."), field="meeting_format")


def _add_months(moment: datetime, months: int) -> datetime:
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def series_start_times(first: datetime, cadence: str, count: int, zone: ZoneInfo) -> list[datetime]:
    """Start times that keep the same wall-clock time in `zone`, across daylight saving."""
    local = first.astimezone(zone).replace(tzinfo=None)
    times: list[datetime] = []
    for n in range(count):
        if cadence == Cadence.WEEKLY:
            step = local + timedelta(weeks=n)
        elif cadence == Cadence.FORTNIGHTLY:
            step = local + timedelta(weeks=2 * n)
        elif cadence == Cadence.MONTHLY:
            step = _add_months(local, n)
        else:
            step = _add_months(local, 3 * n)
        times.append(timezone.make_aware(step, zone))
    return times


@transaction.atomic
def meeting_schedule(
    *,
    mentorship: Mentorship,
    by: Person,
    starts_at: datetime,
    duration_minutes: int = 60,
    meeting_format: str = MeetingFormat.IN_PERSON,
    location: str = "",
    video_link: str = "",
    repeat: int = 1,
    zone: ZoneInfo | None = None,
) -> list[Meeting]:
    """One meeting, or `repeat` meetings at the charter's cadence (same local time each)."""
    require_member(mentorship, by)
    require_state(mentorship, State.ACTIVE, State.CLOSING, action=_("schedule meetings"))
    _check_meeting_fields(duration_minutes, meeting_format)
    if timezone.is_naive(starts_at):
        raise MentorshipError(_("The start time needs a time zone."), field="starts_at")
    if not 1 <= repeat <= MAX_SERIES:
        raise MentorshipError(
            _("A series has between 1 and %(most)s meetings.") % {"most": MAX_SERIES},
            field="repeat",
        )
    if repeat > 1:
        charter = mentorship.current_charter()
        cadence = charter.cadence if charter else mentorship.programme.meeting_cadence
        times = series_start_times(starts_at, cadence, repeat, zone or ZoneInfo("UTC"))
        series = uuid.uuid4()
    else:
        times, series = [starts_at], None
    meetings = Meeting.objects.bulk_create(
        Meeting(
            mentorship=mentorship,
            programme_id=mentorship.programme_id,
            starts_at=moment,
            duration_minutes=duration_minutes,
            meeting_format=meeting_format,
            location=location.strip(),
            video_link=video_link.strip(),
            series=series,
            created_by=by,
        )
        for moment in times
    )
    _default_rooms(meetings)
    announce(mentorship, "meeting_scheduled", by, count=len(meetings))
    invitations_due(meetings)
    return meetings


def _default_rooms(meetings: list[Meeting]) -> None:
    """A video meeting without a link gets the programme's room, once its number is known."""
    missing = [m for m in meetings if m.meeting_format == MeetingFormat.VIDEO and not m.video_link]
    for meeting in missing:
        meeting.video_link = meeting.mentorship.programme.video_room(
            pair=meeting.mentorship_id, meeting=meeting.pk
        )
    if missing:
        Meeting.objects.bulk_update(missing, ["video_link"])


def invitations_due(meetings: list[Meeting]) -> None:
    """Each member's calendar invitation goes out once the change is committed."""
    ids = [meeting.pk for meeting in meetings]
    transaction.on_commit(lambda: meetings_changed.send(sender=Meeting, meeting_ids=ids))


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    by: Person,
    starts_at: datetime,
    duration_minutes: int,
    meeting_format: str,
    location: str = "",
    video_link: str = "",
) -> Meeting:
    require_member(meeting.mentorship, by)
    require_open(meeting.mentorship)
    _check_meeting_fields(duration_minutes, meeting_format)
    new = {
        "starts_at": starts_at,
        "duration_minutes": duration_minutes,
        "meeting_format": meeting_format,
        "location": location.strip(),
        "video_link": video_link.strip(),
    }
    if all(getattr(meeting, name) == value for name, value in new.items()):
        return meeting  # saved unchanged: calendars hold it as it is
    for name, value in new.items():
        setattr(meeting, name, value)
    meeting.sequence += 1
    meeting.save()
    _default_rooms([meeting])
    if meeting.status == Meeting.Status.SCHEDULED:
        invitations_due([meeting])
    return meeting


@transaction.atomic
def meeting_set_status(
    *, meeting: Meeting, by: Person, status: str, now: datetime | None = None
) -> Meeting:
    require_member(meeting.mentorship, by)
    require_open(meeting.mentorship)
    if status not in Meeting.Status.values:
        raise MentorshipError(_("Choose a status."), field="status")
    now = now or timezone.now()
    if status in (Meeting.Status.HELD, Meeting.Status.MISSED) and meeting.starts_at > now:
        raise MentorshipError(_("A meeting can be marked held or missed once it has started."))
    was_held = meeting.status == Meeting.Status.HELD
    was_cancelled = meeting.status == Meeting.Status.CANCELLED
    meeting.status = status
    meeting.sequence += 1
    meeting.save(update_fields=["status", "sequence", "updated_at"])
    # Calendars care whether the meeting takes place, not how it went.
    if was_cancelled != (status == Meeting.Status.CANCELLED):
        invitations_due([meeting])
    # Marking a meeting held twice (held, missed, held again) is one meeting: receivers key
    # what they do by the meeting, so announcing it again sends nothing twice.
    if status == Meeting.Status.HELD and not was_held:
        announce(meeting.mentorship, "meeting_held", by, meeting=meeting)
    return meeting


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, by: Person, text: str) -> AgendaItem:
    require_member(meeting.mentorship, by)
    require_open(meeting.mentorship)
    if meeting.status == Meeting.Status.CANCELLED:
        raise MentorshipError(_("This meeting was cancelled."))
    text = text.strip()
    if not text:
        raise MentorshipError(_("Write the agenda item."), field="text")
    return AgendaItem.objects.create(meeting=meeting, author=by, text=text)


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, by: Person) -> None:
    require_member(item.meeting.mentorship, by)
    require_open(item.meeting.mentorship)
    item.delete()


@transaction.atomic
def meeting_note_save(*, meeting: Meeting, by: Person, body: str, private: bool) -> MeetingNote:
    """The shared note is the pair's; a private note is its author's alone."""
    require_member(meeting.mentorship, by)
    require_open(meeting.mentorship)
    if private:
        note, _ = MeetingNote.objects.select_for_update().get_or_create(
            meeting=meeting, is_private=True, author=by, defaults={"body": body}
        )
    else:
        note, _ = MeetingNote.objects.select_for_update().get_or_create(
            meeting=meeting, is_private=False, defaults={"author": by, "body": body}
        )
    note.body = body
    note.author = by
    note.save()
    return note


@transaction.atomic
def action_item_add(
    *,
    mentorship: Mentorship,
    by: Person,
    owner: Person,
    text: str,
    due_on: date | None = None,
    meeting: Meeting | None = None,
) -> ActionItem:
    require_member(mentorship, by)
    require_open(mentorship)
    require_not_past(due_on, field="due_on", what=_("The due date"))
    if mentorship.role_of(owner) is None:
        raise MentorshipError(_("The owner is the mentee or the mentor."), field="owner")
    if meeting is not None and meeting.mentorship_id != mentorship.pk:
        raise MentorshipError(_("That meeting belongs to another mentorship."), field="meeting")
    text = text.strip()
    if not text:
        raise MentorshipError(_("Say what is to be done."), field="text")
    return ActionItem.objects.create(
        mentorship=mentorship, meeting=meeting, owner=owner, text=text, due_on=due_on
    )


@transaction.atomic
def action_item_set_done(*, item: ActionItem, by: Person, done: bool) -> ActionItem:
    require_member(item.mentorship, by)
    require_open(item.mentorship)
    item.done_at = (item.done_at or timezone.now()) if done else None
    item.save(update_fields=["done_at", "updated_at"])
    return item


@transaction.atomic
def attendance_record(
    *, meeting: Meeting, by: Person, person: Person, status: str, now: datetime | None = None
) -> Attendance:
    require_member(meeting.mentorship, by)
    require_open(meeting.mentorship)
    if meeting.mentorship.role_of(person) is None:
        raise MentorshipError(_("Attendance is recorded for the mentee and the mentor."))
    if status not in Attendance.Status.values:
        raise MentorshipError(_("Choose on time, late or absent."), field="status")
    if meeting.starts_at > (now or timezone.now()):
        raise MentorshipError(_("Attendance is recorded once the meeting has started."))
    attendance, _created = Attendance.objects.update_or_create(
        meeting=meeting, person=person, defaults={"status": status, "recorded_by": by}
    )
    return attendance
