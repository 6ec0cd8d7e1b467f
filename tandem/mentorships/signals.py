"""Events other apps (notifications, reports) subscribe to. Payloads carry objects, never text.

`mentorship_event` is sent after a transaction commits with `mentorship`, `event` (one of
EVENTS) and `by` (the Person who acted, or None for a coordinator or the system).
`concern_raised` is sent with `concern`; receivers decide whom to tell from its audience.
`meetings_changed` is sent after a transaction commits with `meeting_ids`: meetings scheduled,
moved, cancelled or restored, whose calendar invitations must go out again.
"""

from __future__ import annotations

from django.dispatch import Signal

EVENTS = (
    "created",
    "agreeing",
    "charter_edited",
    "charter_signed",
    "activated",
    "paused",
    "resumed",
    "looked_elsewhere",
    "closure_proposed",
    "closure_withdrawn",
    "closure_submitted",
    "closed",
    "exited_early",
    "closed_inactive",
    "left_organisation",
    "meeting_scheduled",
    "meeting_held",
    "goal_achieved",
    "milestone_reached",
)

mentorship_event = Signal()
concern_raised = Signal()
meetings_changed = Signal()
