"""One-click unsubscribe links (RFC 8058) for the emails notifications send.

A link carries a signed token naming a person and what the email was: one category of notices
(an email of its own) or one digest (daily or weekly). The signature is the only proof needed,
so no row is stored and the link works signed out, from any mail client. Tokens do not expire:
an old email's link should still stop the emails it came with. They stop working only when the
secret key changes.

Emails that are not notifications (invitations and their reminder, decisions on an application,
password resets) are transactional and carry no such link, whatever a programme's wording
(`EmailSpec.unsubscribe`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing
from django.urls import reverse

from tandem.core.links import absolute_url
from tandem.notifications.kinds import BY_KEY, DIGESTS, Category, Delivery

SALT = "tandem.notifications.unsubscribe"
CATEGORY, DIGEST = "category", "digest"


@dataclass(frozen=True)
class Unsubscribe:
    """What one link stops: a category's emails, or a digest (`target` is its cadence)."""

    user_id: int
    scope: str  # CATEGORY or DIGEST
    target: str

    @property
    def category(self) -> Category | None:
        return BY_KEY[self.target] if self.scope == CATEGORY else None

    @property
    def cadence(self) -> Delivery | None:
        return Delivery(self.target) if self.scope == DIGEST else None


def unsubscribe_token(*, user_id: int, scope: str, target: str) -> str:
    return signing.dumps([user_id, scope, target], salt=SALT)


def unsubscribe_read(token: str) -> Unsubscribe | None:
    """What `token` stops, or None when it was not signed here or names nothing that exists."""
    try:
        user_id, scope, target = signing.loads(token, salt=SALT)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not isinstance(user_id, int):
        return None
    if scope == CATEGORY and target in BY_KEY:
        return Unsubscribe(user_id, scope, target)
    if scope == DIGEST and target in DIGESTS:
        return Unsubscribe(user_id, scope, target)
    return None


def unsubscribe_url(*, user_id: int, scope: str, target: str) -> str:
    token = unsubscribe_token(user_id=user_id, scope=scope, target=target)
    return absolute_url(reverse("notifications:unsubscribe", args=[token]))


def unsubscribe_headers(url: str) -> dict[str, str]:
    """The headers that let a mail client offer "Unsubscribe" and POST to `url` itself."""
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
