"""Writes of the circles app: a circle's life here; forming circles (runs, by hand, joining) in
their own modules, imported where used."""

from ._common import CircleError
from .charter import (
    circle_charter_edit,
    circle_charter_sign,
    circle_start_if_signed,
    unsigned_members,
)
from .goals import circle_goal_create, circle_goal_progress_update, circle_goal_update
from .meetings import (
    circle_agenda_item_add,
    circle_agenda_item_remove,
    circle_meeting_cancel,
    circle_meeting_move,
    circle_meeting_note_save,
    circle_meeting_record,
    circle_meeting_schedule,
)
from .membership import circle_close, circle_leave, may_close
from .reflection import (
    circle_check_in_submit,
    circle_concern_acknowledge,
    circle_concern_raise,
    circle_journal_entry_create,
    circle_journal_entry_share,
    circle_journal_entry_update,
)

__all__ = [
    "CircleError",
    "circle_agenda_item_add",
    "circle_agenda_item_remove",
    "circle_charter_edit",
    "circle_charter_sign",
    "circle_check_in_submit",
    "circle_close",
    "circle_concern_acknowledge",
    "circle_concern_raise",
    "circle_goal_create",
    "circle_goal_progress_update",
    "circle_goal_update",
    "circle_journal_entry_create",
    "circle_journal_entry_share",
    "circle_journal_entry_update",
    "circle_leave",
    "circle_meeting_cancel",
    "circle_meeting_move",
    "circle_meeting_note_save",
    "circle_meeting_record",
    "circle_meeting_schedule",
    "circle_start_if_signed",
    "may_close",
    "unsigned_members",
]
