"""One reminder to each invited person who has not signed up after their programme's days.

Kept apart from programme_emails.py: the reminder is a sweep run by the scheduler, not a task
queued by an event, and it is claimed twice over (the invitation's `reminded_at` and the
email's once-only key), so a job run twice, or by two schedulers, reminds nobody twice.
"""

from __future__ import annotations

from datetime import datetime

from tandem.notifications.programme_emails import invitation_values_of
from tandem.notifications.services import email_template_send
from tandem.programmes.models import Invitation
from tandem.programmes.selectors import address_suppressed, invitations_due_reminder
from tandem.programmes.services import invitation_mark_reminded


def invitation_reminders_send(*, now: datetime) -> int:
    """Remind everyone due; returns how many were reminded now."""
    reminded = 0
    for invitation in invitations_due_reminder(now=now):
        if not invitation_mark_reminded(invitation=invitation, now=now):
            continue  # another run claimed it between the read and here
        if _send(invitation):
            reminded += 1
    return reminded


def _send(invitation: Invitation) -> bool:
    # The selection leaves suppressed addresses out; one may unsubscribe while the job runs.
    if address_suppressed(invitation.email):
        return False
    return email_template_send(
        programme=invitation.programme,
        key="invitation-reminder",
        send_key=f"invitation-reminder:{invitation.pk}",
        to=invitation.email,
        values=invitation_values_of(invitation),
    )
