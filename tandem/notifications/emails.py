"""Sending email at most once per key, whatever retries happen around it.

SMTP has no idempotency key, so "exactly once" holds up to one gap: a worker killed after the
mail server accepted a message but before the claim was marked sent. That message is sent
again by the recovered task; every other path sends once. See docs/deploy.md, "Faults".
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta
from email.mime.base import MIMEBase

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.utils import timezone

from tandem.core.heartbeat import claim_abandoned, current_worker_id
from tandem.notifications.models import SentEmail

logger = logging.getLogger(__name__)


def email_send_once(
    *,
    key: str,
    to: str,
    subject: str,
    body: str,
    headers: dict[str, str] | None = None,
    html: str = "",
    attachments: Sequence[MIMEBase] = (),
) -> bool:
    """Send unless an email with this key was already sent or is being sent; True if sent now.

    `headers` are added to the message as they are (a notification's `List-Unsubscribe`).
    `html`, when given, goes beside the plain-text `body` as its HTML alternative.
    `attachments` are MIME parts attached as built, so a calendar invitation keeps its
    `method` parameter.

    The claim row is committed before the message leaves, so two workers racing on the same
    key cannot both send. A send that raised leaves the claim as failed, and the next attempt
    may try again; so may the next attempt after the claiming worker died mid-send.
    """
    try:
        with transaction.atomic():
            claim, created = SentEmail.objects.select_for_update().get_or_create(
                key=key, defaults={"to": to, "subject": subject[:250]}
            )
            if not created and not _claim_is_free(claim):
                return False
            claim.status = SentEmail.Status.SENDING
            claim.attempts += 1
            claim.claimed_by = current_worker_id()
            claim.claimed_at = timezone.now()
            claim.save(update_fields=["status", "attempts", "claimed_by", "claimed_at"])
    except IntegrityError:
        return False  # another worker claimed it between our read and our insert

    message = EmailMultiAlternatives(subject=subject, body=body, to=[to], headers=headers)
    if html:
        message.attach_alternative(html, "text/html")
    for part in attachments:
        message.attach(part)
    try:
        message.send()
    except Exception as exc:  # the mail backend's errors vary by provider
        logger.warning("email %s to %s failed: %s", key, to, type(exc).__name__)
        SentEmail.objects.filter(pk=claim.pk).update(
            status=SentEmail.Status.FAILED, error=str(exc)[:500]
        )
        raise
    SentEmail.objects.filter(pk=claim.pk).update(
        status=SentEmail.Status.SENT, sent_at=timezone.now(), error=""
    )
    return True


def _claim_is_free(claim: SentEmail) -> bool:
    """A failed claim, or a "sending" claim whose holder can no longer finish it."""
    if claim.status == SentEmail.Status.FAILED:
        return True
    if claim.status != SentEmail.Status.SENDING:
        return False
    return claim_abandoned(
        claimed_by=claim.claimed_by,
        claimed_at=claim.claimed_at or claim.created_at,
        stale_after=timedelta(seconds=settings.TANDEM_EMAIL_CLAIM_STALE_SECONDS),
    )
