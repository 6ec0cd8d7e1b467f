"""Sign-ins in the audit log: who signed in or out, and from which address; and what a sign-in
through single sign-on said about the person, passed on to the apps above.

A failed attempt is recorded with its address only: the name typed may be a stranger's
address, or a password typed into the wrong box.
"""

from __future__ import annotations

from typing import Any

from allauth.account.signals import user_logged_in as allauth_user_logged_in
from allauth.socialaccount.providers.saml.provider import SAMLProvider
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from tandem.accounts import saml
from tandem.accounts.signals import sso_signed_in
from tandem.core import audit


@receiver(user_logged_in, dispatch_uid="audit-sign-in")
def signed_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    audit.record("signin.succeeded", actor=user, obj=user, request=request)


@receiver(user_logged_out, dispatch_uid="audit-sign-out")
def signed_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit.record("signin.ended", actor=user, obj=user, request=request)


@receiver(user_login_failed, dispatch_uid="audit-sign-in-failed")
def sign_in_failed(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    audit.record("signin.failed", request=request)


@receiver(allauth_user_logged_in, dispatch_uid="sso-signed-in")
def signed_in_through_sso(
    sender: Any, request: HttpRequest, user: Any, sociallogin: Any = None, **kwargs: Any
) -> None:
    if sociallogin is None:
        return
    sso_signed_in.send(sender=type(user), user=user, claims=sso_claims(sociallogin))


def sso_claims(sociallogin: Any) -> dict[str, Any]:
    """What the identity provider said about the person, under OpenID Connect's claim names.

    OpenID Connect: the ID token's claims, overridden by the userinfo endpoint's (the fuller
    of the two). SAML: the assertion's attributes, read through the provider's names for them.
    """
    if isinstance(sociallogin.provider, SAMLProvider):
        return saml.claims(sociallogin)
    data = sociallogin.account.extra_data or {}
    return {**(data.get("id_token") or {}), **(data.get("userinfo") or {})}
