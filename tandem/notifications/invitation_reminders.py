"""One reminder to each invited person who has not signed up after their programme's days.

Kept apart from programme_emails.py: the reminder is a sweep run by the scheduler, not a task
queued by an event, and it is claimed twice over (the invitation's `reminded_at` and the
email's once-only key), so a job run twice, or by two schedulers, reminds nobody twice.
"""

from __future__ import annotations

from datetime import datetime

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode

from tandem.core.links import absolute_url
from tandem.notifications.emails import email_send_once
from tandem.programmes.models import Invitation
from tandem.programmes.selectors import invitations_due_reminder
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
    programme = invitation.programme
    accept_path = reverse("programmes:invitation_accept", args=[invitation.token])
    context = {
        "invitation": invitation,
        "programme": programme,
        "inviter": invitation.invited_by,
        "accept_url": absolute_url(accept_path),
        "signup_url": absolute_url(
            f"{reverse('account_signup')}?{urlencode({'next': accept_path})}"
        ),
    }
    return email_send_once(
        key=f"invitation-reminder:{invitation.pk}",
        to=invitation.email,
        subject=f"[Tandem] Reminder: you are invited to {programme.name}",
        body=render_to_string("programmes/email/invitation_reminder.txt", context),
    )
