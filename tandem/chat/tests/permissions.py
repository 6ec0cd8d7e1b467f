"""Chat channels: a programme's coordinators and the operator manage them; nobody else learns
that they exist."""

from typing import Any

from tandem.chat.models import ChatWebhook
from tandem.core.testing.permissions import INVALID, NOT_FOUND, OK, REDIRECT, Case, signed_in

SLACK_URL = "https://hooks.slack.com/services/T0001/B0001/secret"


def prepare(p: Any) -> None:
    ChatWebhook.objects.create(programme=p.programme, name="#mentoring", url=SLACK_URL)


def slug(p: Any) -> dict[str, Any]:
    return {"slug": p.programme.slug}


def webhook(p: Any) -> dict[str, Any]:
    return {"slug": p.programme.slug, "pk": ChatWebhook.objects.get(name="#mentoring").pk}


def channel_data(p: Any) -> dict[str, Any]:
    return {"name": "#mentoring", "kind": "slack", "url": SLACK_URL, "is_active": "on"}


coordinators = {"carol": OK, "superuser": OK}

CASES = [
    Case("chat:webhooks", signed_in(NOT_FOUND, **coordinators), kwargs=slug),
    Case("chat:webhook_add", signed_in(NOT_FOUND, **coordinators), kwargs=slug),
    Case(
        "chat:webhook_add",
        signed_in(NOT_FOUND, carol=INVALID, superuser=INVALID),
        method="post",
        kwargs=slug,
        data=lambda p: {"name": "#x", "kind": "slack", "url": "https://192.168.0.1/hook"},
    ),
    Case("chat:webhook_edit", signed_in(NOT_FOUND, **coordinators), kwargs=webhook),
    Case(
        "chat:webhook_edit",
        signed_in(NOT_FOUND, carol=REDIRECT, superuser=REDIRECT),
        method="post",
        kwargs=webhook,
        data=channel_data,
    ),
    Case(
        "chat:webhook_test",
        signed_in(NOT_FOUND, carol=REDIRECT, superuser=REDIRECT),
        method="post",
        kwargs=webhook,
    ),
    Case(
        "chat:webhook_delete",
        signed_in(NOT_FOUND, carol=REDIRECT, superuser=REDIRECT),
        method="post",
        kwargs=webhook,
    ),
]
