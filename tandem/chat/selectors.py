from __future__ import annotations

from urllib.parse import urlsplit

from django.db.models import Count, Q, QuerySet

from tandem.chat.models import ChatMessage, ChatWebhook
from tandem.programmes.models import Programme

RECENT_MESSAGES = 10


def webhooks_of(programme: Programme) -> QuerySet[ChatWebhook]:
    """The programme's channels, each with how many posts were sent and not sent."""
    return ChatWebhook.objects.filter(programme=programme).annotate(
        sent_count=Count("messages", filter=Q(messages__status=ChatMessage.Status.SENT)),
        failed_count=Count("messages", filter=Q(messages__status=ChatMessage.Status.FAILED)),
        waiting_count=Count(
            "messages",
            filter=Q(messages__status__in=[ChatMessage.Status.PENDING, ChatMessage.Status.SENDING]),
        ),
    )


def recent_messages(webhook: ChatWebhook) -> list[ChatMessage]:
    return list(webhook.messages.order_by("-created_at", "-pk")[:RECENT_MESSAGES])


def address_host(url: str) -> str:
    """What a page shows of a webhook's address: its host; the rest is the secret."""
    return urlsplit(url).hostname or ""
