from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from tandem.accounts.access import is_operator, must_set_up_mfa


def roles(request: HttpRequest) -> dict[str, Any]:
    """Whether to show the operator's navigation, and whether the user has still to set up the
    two-factor authentication their organisation requires; the rules live in access.py.

    The second is a callable, so only the pages that show it (the two-factor pages) ask."""
    return {
        "is_operator": is_operator(request.user),
        "mfa_setup_required": lambda: must_set_up_mfa(request.user),
    }


def sign_in(request: HttpRequest) -> dict[str, Any]:
    """Whether the sign-in pages offer single sign-on alone (TANDEM_SSO_ONLY)."""
    return {"sso_only": settings.TANDEM_SSO_ONLY}
