"""One-click unsubscribe links (RFC 8058) for the emails notifications send.

A link carries a signed token naming a person and what the email was: one category of notices
(an email of its own) or one digest (daily or weekly). The signature is the only proof needed,
so no row is stored and the link works signed out, from any mail client. Tokens do not expire:
an old email's link should still stop the emails it came with. They stop working only when the
secret key changes.

Invitations and their reminder go out in bulk to people who may have no account, so their
link names an address instead (`invitation_unsubscribe_*`): following it records a suppression
of that address (`EmailSuppression`), and nobody is invited at it again.

The decisions on an application and the account emails (password resets, address
confirmations) are transactional and carry no link, whatever a programme's wording
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
# A salt of its own: a person's link can never be read as an address's, nor the reverse.
INVITATION_SALT = "tandem.notifications.unsubscribe.invitations"
INVITATIONS = "invitations"


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


def invitation_unsubscribe_token(*, email: str) -> str:
    return signing.dumps([email.strip().lower(), INVITATIONS], salt=INVITATION_SALT)


def invitation_unsubscribe_read(token: str) -> str | None:
    """The address `token` stops invitations to, or None when it was not signed here."""
    try:
        email, scope = signing.loads(token, salt=INVITATION_SALT)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if scope != INVITATIONS or not isinstance(email, str) or "@" not in email:
        return None
    return email


def invitation_unsubscribe_url(*, email: str) -> str:
    token = invitation_unsubscribe_token(email=email)
    return absolute_url(reverse("notifications:unsubscribe_invitations", args=[token]))
