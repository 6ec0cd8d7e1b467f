"""Who may provision: an identity provider holding a live SCIM token, and the operators who
create and revoke those tokens. Everyone else, signed in or not, gets nothing: the SCIM
endpoints answer 401 to any request without a token, and the token page 404 to anyone but an
operator (`accounts.access.require_operator`)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from tandem.scim.models import ScimToken


def scim_token_refusal(token: ScimToken | None) -> str | None:
    """Why the token cannot provision, in words for the identity provider's log."""
    if token is None:
        return "Invalid token."
    if token.revoked_at is not None:
        return "This token was revoked."
    return None


def scim_token_for_operator(token_id: int) -> ScimToken:
    """Any SCIM token: they belong to the platform, and any operator may revoke one."""
    return get_object_or_404(ScimToken, pk=token_id)
