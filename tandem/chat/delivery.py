"""Posting a queued message to its channel, once, with retries that back off.

A post is claimed ("sending") in its own transaction before the request leaves, so two workers
cannot both post it. What happens next depends on the answer:

* 2xx: sent, never posted again;
* 429, a 5xx or no answer at all: tried again after `BACKOFF[attempt]` (or the `Retry-After`
  the service asked for, if longer), until `MAX_ATTEMPTS`;
* any other status (the address was revoked or mistyped): not sent, and the coordinator sees
  why on the channel's page; trying again cannot help.

Like email, a webhook has no idempotency key: a worker killed after the service accepted a
post but before the claim was marked sent leaves the one gap, and the post is made again.
"""

from __future__ import annotations

import logging
from datetime import timedelta

import requests
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tandem.chat.models import ChatMessage
from tandem.chat.payloads import payload_for
from tandem.core.heartbeat import claim_abandoned, current_worker_id

logger = logging.getLogger(__name__)

BACKOFF = (
    timedelta(seconds=30),
    timedelta(minutes=2),
    timedelta(minutes=10),
    timedelta(hours=1),
    timedelta(hours=6),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
RETRY_AFTER_CAP = timedelta(hours=6)


def message_deliver(message_id: int) -> bool:
    """Post the message if it is due and nobody else holds it; True when it was sent now."""
    message = _claim(message_id)
    if message is None:
        return False
    webhook = message.webhook
    with translation.override(settings.LANGUAGE_CODE):
        body = payload_for(webhook.kind, message.title, message.lines, message.link)
    try:
        response = requests.post(
            webhook.url,
            json=body,
            timeout=settings.TANDEM_CHAT_TIMEOUT,
            allow_redirects=False,
        )
    except requests.RequestException as exc:
        _retry_or_fail(
            message,
            error=_("No answer from the service (%(reason)s).") % {"reason": type(exc).__name__},
        )
        return False
    status = response.status_code
    if 200 <= status < 300:
        ChatMessage.objects.filter(pk=message.pk).update(
            status=ChatMessage.Status.SENT, sent_at=timezone.now(), last_error=""
        )
        return True
    if status == 429 or status >= 500:
        _retry_or_fail(
            message,
            error=_("The service answered %(status)s.") % {"status": status},
            retry_after=_retry_after(response),
        )
        return False
    logger.warning("chat message %s refused with %s", message.pk, status)
    ChatMessage.objects.filter(pk=message.pk).update(
        status=ChatMessage.Status.FAILED,
        last_error=_("The service refused it (%(status)s): check the webhook address.")
        % {"status": status},
    )
    return False


def _claim(message_id: int) -> ChatMessage | None:
    now = timezone.now()
    with transaction.atomic():
        message = (
            ChatMessage.objects.select_for_update()
            .select_related("webhook")
            .filter(pk=message_id)
            .first()
        )
        if message is None or not message.webhook.is_active:
            return None
        if message.status == ChatMessage.Status.PENDING:
            if message.next_attempt_at > now:
                return None
        elif message.status != ChatMessage.Status.SENDING or not _abandoned(message):
            return None
        message.status = ChatMessage.Status.SENDING
        message.attempts += 1
        message.claimed_by = current_worker_id()
        message.claimed_at = now
        message.save(update_fields=["status", "attempts", "claimed_by", "claimed_at"])
    return message


def _abandoned(message: ChatMessage) -> bool:
    return claim_abandoned(
        claimed_by=message.claimed_by,
        claimed_at=message.claimed_at,
        stale_after=timedelta(seconds=settings.TANDEM_CHAT_CLAIM_STALE_SECONDS),
    )


def _retry_after(response: requests.Response) -> timedelta | None:
    value = response.headers.get("Retry-After", "")
    if value.isdigit():
        return min(timedelta(seconds=int(value)), RETRY_AFTER_CAP)
    return None


def _retry_or_fail(
    message: ChatMessage, *, error: str, retry_after: timedelta | None = None
) -> None:
    if message.attempts >= MAX_ATTEMPTS:
        ChatMessage.objects.filter(pk=message.pk).update(
            status=ChatMessage.Status.FAILED,
            last_error=ngettext(
                "%(error)s Gave up after %(count)d attempt.",
                "%(error)s Gave up after %(count)d attempts.",
                message.attempts,
            )
            % {"error": error, "count": message.attempts},
        )
        return
    wait = BACKOFF[message.attempts - 1]
    if retry_after is not None and retry_after > wait:
        wait = retry_after
    ChatMessage.objects.filter(pk=message.pk).update(
        status=ChatMessage.Status.PENDING,
        next_attempt_at=timezone.now() + wait,
        last_error=error,
    )


def messages_due() -> list[int]:
    """Posts whose next attempt has come, and those a dead worker was holding."""
    now = timezone.now()
    due = ChatMessage.objects.filter(webhook__is_active=True).filter(
        Q(status=ChatMessage.Status.PENDING, next_attempt_at__lte=now)
        | Q(status=ChatMessage.Status.SENDING)
    )
    ids: list[int] = []
    for pk, status, claimed_by, claimed_at in due.values_list(
        "pk", "status", "claimed_by", "claimed_at"
    ).order_by("next_attempt_at", "pk")[:500]:
        if status == ChatMessage.Status.SENDING and not claim_abandoned(
            claimed_by=claimed_by,
            claimed_at=claimed_at,
            stale_after=timedelta(seconds=settings.TANDEM_CHAT_CLAIM_STALE_SECONDS),
        ):
            continue
        ids.append(pk)
    return ids
