from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from tandem.accounts.access import READ_ONLY_REFUSAL, token_may, token_refusal
from tandem.accounts.models import PersonalToken

logger = logging.getLogger(__name__)

TOKEN_AUTH_DESCRIPTION = (
    "Personal token: `Authorization: Token <key>`, created on the API tokens page "
    "(/accounts/tokens/), where its key is shown once. A token acts as its owner and sees "
    "exactly what they see. A read-only token may only read (GET, HEAD, OPTIONS): any other "
    "method answers 403. A token may expire (after 30, 90 or 365 days, or never); an expired "
    "or revoked token answers 401 with the reason."
)


class PersonalTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token <key>` with a personal token created on the account page."""

    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[Any, PersonalToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Token header must be 'Token <key>'."))
        try:
            key = header[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(_("Token contains invalid characters.")) from exc
        token = PersonalToken.find(key)
        refusal = token_refusal(token)
        if token is None or refusal is not None:
            raise exceptions.AuthenticationFailed(refusal)
        _touch(token)
        # Decided here, for every API call a token makes, so no view can forget the scope.
        if not token_may(token, request.method or ""):
            raise exceptions.PermissionDenied(READ_ONLY_REFUSAL)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


def _touch(token: PersonalToken) -> None:
    """Record when the token was last used, at most once per TANDEM_TOKEN_TOUCH_MINUTES.

    A write on every API call queues behind long writers (an import holds SQLite's write lock
    for seconds); "last used" is advice for the owner, so a busy database skips it instead of
    failing the request.
    """
    now = timezone.now()
    every = timedelta(minutes=settings.TANDEM_TOKEN_TOUCH_MINUTES)
    if token.last_used_at is not None and token.last_used_at > now - every:
        return
    try:
        with transaction.atomic():
            PersonalToken.objects.filter(pk=token.pk).update(last_used_at=now)
    except OperationalError as exc:
        logger.info("token %s: last use not recorded (%s)", token.prefix, exc)


class PersonalTokenScheme(OpenApiAuthenticationExtension):
    target_class = "tandem.api.authentication.PersonalTokenAuthentication"
    name = "personalToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": TOKEN_AUTH_DESCRIPTION,
        }
