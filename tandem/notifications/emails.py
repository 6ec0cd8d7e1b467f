"""Sending email at most once per key, whatever retries happen around it."""

from __future__ import annotations

import logging

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone

from tandem.notifications.models import SentEmail

logger = logging.getLogger(__name__)


def email_send_once(
    *,
    key: str,
    to: str,
    subject: str,
    body: str,
) -> bool:
    """Send unless an email with this key was already sent or is being sent; True if sent now.

    The claim row is committed before the message leaves, so two workers racing on the same
    key cannot both send. A send that raised leaves the claim as failed, and the next attempt
    may try again.
    """
    try:
        with transaction.atomic():
            claim, created = SentEmail.objects.select_for_update().get_or_create(
                key=key, defaults={"to": to, "subject": subject[:250]}
            )
            if not created and claim.status != SentEmail.Status.FAILED:
                return False
            claim.status = SentEmail.Status.SENDING
            claim.attempts += 1
            claim.save(update_fields=["status", "attempts"])
    except IntegrityError:
        return False  # another worker claimed it between our read and our insert

    message = EmailMessage(subject=subject, body=body, to=[to])
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
