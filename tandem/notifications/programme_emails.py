"""Emails sent in the background, through `email_send_once`: a retried task sends nothing twice.

Each is sent in the programme's own wording of its email, if it has one (`email_templates.py`);
the values its placeholders take are worked out here, once, for the email and its preview, and
written in the recipient's language as the email is (`email_template_send`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from tandem.core.i18n import lazy_text
from tandem.core.links import absolute_url
from tandem.notifications.services import email_template_send
from tandem.programmes.models import Enrolment, Invitation, Programme
from tandem.programmes.selectors import address_suppressed

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise


def decision_key(enrolment: Enrolment) -> str:
    """The email that tells the applicant of `enrolment` its decision."""
    approved = enrolment.status == Enrolment.Status.APPROVED
    return "decision-approved" if approved else "decision-declined"


# The role words are the programme's words in the active language, so they are worked out as
# the email is written (`lazy_text`), in its recipient's language.


def _matched_with(enrolment: Enrolment) -> str:
    """Who the applicant will be matched with, in the language active now."""
    labels = enrolment.programme.labels
    if enrolment.role == Enrolment.Role.PEER:
        return _("another %(mentee)s") % {"mentee": labels.mentee}
    if enrolment.role == Enrolment.Role.MENTEE:
        return _("a %(mentor)s") % {"mentor": labels.mentor}
    return labels.mentees


def _role(programme: Programme, role: str) -> str:
    return programme.labels.of(role)


def decision_values(enrolment: Enrolment, *, person_name: str) -> dict[str, StrOrPromise]:
    programme = enrolment.programme
    return {
        "person_name": person_name,
        "programme_name": programme.name,
        "role": lazy_text(_role, programme, enrolment.role),
        "matched_with": lazy_text(_matched_with, enrolment),
        "note": enrolment.decision_note,
        "link": absolute_url(reverse("programmes:detail", args=[programme.slug])),
    }


def invitation_values(
    programme: Programme, *, role: str, inviter: str, token: str, purpose: str, message: str
) -> dict[str, StrOrPromise]:
    """The values of the invitation and its reminder; `role` as the invitation names it."""
    accept_path = reverse("programmes:invitation_accept", args=[token])
    return {
        "programme_name": programme.name,
        "role": lazy_text(_role, programme, role),
        "inviter": inviter or "Tandem",
        "purpose": purpose,
        "message": message,
        "accept_link": absolute_url(accept_path),
        "signup_link": absolute_url(
            f"{reverse('account_signup')}?{urlencode({'next': accept_path})}"
        ),
    }


def invitation_values_of(invitation: Invitation) -> dict[str, StrOrPromise]:
    return invitation_values(
        invitation.programme,
        role=invitation.role,
        inviter=str(invitation.invited_by) if invitation.invited_by else "",
        token=invitation.token,
        purpose=invitation.programme.purpose,
        message=invitation.message,
    )


@task()
def send_decision_email(enrolment_id: int) -> bool:
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().filter(pk=enrolment_id).first()
        if (
            enrolment is None
            or enrolment.status not in (Enrolment.Status.APPROVED, Enrolment.Status.DECLINED)
            or enrolment.notified_status == enrolment.status
        ):
            return False
        decided = enrolment.decided_at.isoformat() if enrolment.decided_at else ""
        email_template_send(
            programme=enrolment.programme,
            key=decision_key(enrolment),
            send_key=f"enrolment-decision:{enrolment.pk}:{enrolment.status}:{decided}",
            to=enrolment.person.email,
            values=decision_values(enrolment, person_name=enrolment.person.name),
        )
        enrolment.notified_status = enrolment.status
        enrolment.save(update_fields=["notified_status"])
        return True


@task()
def send_invitation_email(invitation_id: int) -> bool:
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().filter(pk=invitation_id).first()
        if invitation is None or invitation.sent_at is not None:
            return False
        # Checked as the email leaves, not only when the invitation was made: the address may
        # have unsubscribed while a large batch was still being sent.
        if address_suppressed(invitation.email):
            return False
        email_template_send(
            programme=invitation.programme,
            key="invitation",
            send_key=f"invitation:{invitation.pk}:{invitation.send_count}",
            to=invitation.email,
            values=invitation_values_of(invitation),
        )
        invitation.sent_at = timezone.now()
        invitation.send_count += 1
        invitation.save(update_fields=["sent_at", "send_count"])
        return True
