"""What a message looks like to each chat service's incoming webhook.

Slack takes `text` in its mrkdwn, where `&`, `<` and `>` must be escaped; Teams Workflows take
a message holding one Adaptive Card.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

SLACK = "slack"
TEAMS = "teams"


def _slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_payload(title: str, lines: Sequence[str], link: str) -> dict[str, Any]:
    parts = [f"*{_slack_escape(title)}*", *(f"• {_slack_escape(line)}" for line in lines)]
    if link:
        parts.append(f"<{link}|{_slack_escape(_('Open in Tandem'))}>")
    return {"text": "\n".join(parts)}


def teams_payload(title: str, lines: Sequence[str], link: str) -> dict[str, Any]:
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": title, "weight": "Bolder", "size": "Medium", "wrap": True}
    ]
    body += [{"type": "TextBlock", "text": f"- {line}", "wrap": True} for line in lines]
    card: dict[str, Any] = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": body,
    }
    if link:
        card["actions"] = [{"type": "Action.OpenUrl", "title": _("Open in Tandem"), "url": link}]
    return {
        "type": "message",
        "attachments": [
            {"contentType": "application/vnd.microsoft.card.adaptive", "content": card}
        ],
    }


def payload_for(kind: str, title: str, lines: Sequence[str], link: str) -> dict[str, Any]:
    if kind == TEAMS:
        return teams_payload(title, lines, link)
    return slack_payload(title, lines, link)
