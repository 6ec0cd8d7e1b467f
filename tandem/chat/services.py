"""Writes for chat channels: adding, changing and removing a webhook, and queueing posts."""

from __future__ import annotations

from collections.abc import Sequence
from fnmatch import fnmatch
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.chat.models import ChatMessage, ChatWebhook
from tandem.core import audit
from tandem.core.errors import ServiceError
from tandem.programmes.models import Programme

EDITABLE = (
    "name",
    "kind",
    "url",
    "post_digest",
    "post_announcements",
    "post_concerns",
    "is_active",
)


class ChatError(ServiceError):
    pass


def webhook_address_check(url: str) -> None:
    """Only the chat services' own hosts, over HTTPS: a webhook must not become a way for a
    coordinator to make the server call an address inside the organisation's network."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    allowed = [pattern.lower() for pattern in settings.TANDEM_CHAT_WEBHOOK_HOSTS]
    if not host or not any(fnmatch(host, pattern) for pattern in allowed):
        raise ChatError(
            _(
                "This is not the address of a Slack or Teams incoming webhook. Allowed hosts: "
                "%(hosts)s."
            )
            % {"hosts": ", ".join(allowed)},
            field="url",
        )
    if parts.scheme != "https" and not settings.TANDEM_CHAT_ALLOW_HTTP:
        raise ChatError(_("The address must start with https://."), field="url")


def webhook_create(*, programme: Programme, by: User, **fields: Any) -> ChatWebhook:
    webhook_address_check(fields["url"])
    webhook = ChatWebhook.objects.create(
        programme=programme, created_by=by, **{key: fields[key] for key in EDITABLE}
    )
    audit.record("chat.webhook_added", actor=by, obj=webhook, programme=programme.pk)
    return webhook


def webhook_update(*, webhook: ChatWebhook, by: User, **fields: Any) -> ChatWebhook:
    webhook_address_check(fields["url"])
    changed = sorted(key for key in EDITABLE if getattr(webhook, key) != fields[key])
    if changed:
        for key in EDITABLE:
            setattr(webhook, key, fields[key])
        webhook.save()
        audit.record("chat.webhook_changed", actor=by, obj=webhook, fields=changed)
    return webhook


def webhook_delete(*, webhook: ChatWebhook, by: User) -> None:
    audit.record("chat.webhook_removed", actor=by, obj=webhook, programme=webhook.programme_id)
    webhook.delete()


def message_queue(
    *, webhook: ChatWebhook, key: str, title: str, lines: Sequence[str] = (), link: str = ""
) -> ChatMessage | None:
    """Queue a post under its occasion's key; None when that occasion was already queued.

    The post goes out from a task once the caller's transaction commits.
    """
    try:
        with transaction.atomic():
            message = ChatMessage.objects.create(
                webhook=webhook,
                key=key,
                title=title[:200],
                lines=list(lines),
                link=link,
                next_attempt_at=timezone.now(),
            )
    except IntegrityError:
        return None
    from tandem.chat.tasks import chat_message_deliver

    transaction.on_commit(lambda: chat_message_deliver.enqueue(message.pk))
    return message


def test_message_queue(*, webhook: ChatWebhook, by: User) -> ChatMessage | None:
    """A message to check the channel works; one per press of the button. In the site's
    language, like every post: a channel is shared by people who each chose their own."""
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    with translation.override(settings.LANGUAGE_CODE):
        return message_queue(
            webhook=webhook,
            key=f"test:{stamp}",
            title=_("Tandem is connected to this channel for %(programme)s.")
            % {"programme": webhook.programme.name},
            lines=[_("Set up by %(person)s.") % {"person": by.get_full_name() or by.email}],
        )
