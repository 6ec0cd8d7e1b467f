"""Emails sent in the background, through `email_send_once`: a retried task sends nothing twice."""

from __future__ import annotations

from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django_tasks import task

from tandem.core.links import absolute_url
from tandem.notifications.emails import email_send_once
from tandem.programmes.models import Enrolment, Invitation


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
        programme, person = enrolment.programme, enrolment.person
        context = {
            "enrolment": enrolment,
            "programme": programme,
            "person": person,
            "approved": enrolment.status == Enrolment.Status.APPROVED,
            "programme_url": absolute_url(reverse("programmes:detail", args=[programme.slug])),
        }
        verdict = "approved" if context["approved"] else "not accepted"
        decided = enrolment.decided_at.isoformat() if enrolment.decided_at else ""
        email_send_once(
            key=f"enrolment-decision:{enrolment.pk}:{enrolment.status}:{decided}",
            to=person.email,
            subject=f"[Tandem] Your application to {programme.name}: {verdict}",
            body=render_to_string("programmes/email/decision.txt", context),
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
        email_send_once(
            key=f"invitation:{invitation.pk}:{invitation.send_count}",
            to=invitation.email,
            subject=f"[Tandem] You are invited to {programme.name}",
            body=render_to_string("programmes/email/invitation.txt", context),
        )
        invitation.sent_at = timezone.now()
        invitation.send_count += 1
        invitation.save(update_fields=["sent_at", "send_count"])
        return True
