"""What the programmes app holds about a person: their enrolments, their invitations, and
whether they asked not to be invited."""

from __future__ import annotations

from typing import Any

from tandem.core.personal_data import erases, fields, personal_data
from tandem.programmes.models import EmailSuppression, Enrolment, Invitation
from tandem.programmes.services import programmes_erase_person

erases(order=40)(programmes_erase_person)


@personal_data(section="enrolments", order=30)
def enrolments(user: Any) -> list[dict[str, Any]]:
    rows = (
        Enrolment.objects.filter(person__user=user)
        .select_related("programme", "decided_by")
        .prefetch_related("skills_wanted")
        .order_by("created_at", "pk")
    )
    return [
        {
            "programme": enrolment.programme.name,
            **fields(
                enrolment,
                "role",
                "status",
                "goals",
                "capacity",
                "answers",
                "created_at",
                "decided_at",
                "decision_note",
            ),
            "decided_by": enrolment.decided_by.name if enrolment.decided_by else None,
            "skills_wanted": sorted(skill.name for skill in enrolment.skills_wanted.all()),
        }
        for enrolment in rows
    ]


@personal_data(section="invitations", order=31)
def invitations(user: Any) -> list[dict[str, Any]]:
    rows = (
        Invitation.objects.filter(email__iexact=user.email)
        .select_related("programme", "invited_by")
        .order_by("created_at", "pk")
    )
    return [
        {
            "programme": invitation.programme.name,
            **fields(
                invitation,
                "role",
                "message",
                "created_at",
                "sent_at",
                "send_count",
                "opened_at",
                "reminded_at",
                "accepted_at",
            ),
            "invited_by": invitation.invited_by.name if invitation.invited_by else None,
        }
        for invitation in rows
    ]


@personal_data(section="email_suppressions", order=32)
def email_suppressions(user: Any) -> list[dict[str, Any]]:
    """Kept by address, so found by theirs: they may have asked before they had an account."""
    rows = EmailSuppression.objects.filter(email__iexact=user.email).order_by("created_at", "pk")
    return [
        {"email": row.email, "kind": row.get_kind_display(), "created_at": row.created_at}
        for row in rows
    ]
