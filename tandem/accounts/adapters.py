from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp, SocialLogin
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.accounts.signals import account_created, sso_person_known


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: User, form: Any, commit: bool = True) -> User:
        user = super().save_user(request, user, form, commit=False)
        user.name = form.cleaned_data.get("name", "").strip()
        if commit:
            user.save()
            # people links the account to an imported Person with the same email.
            account_created.send(sender=type(self), user=user)
        return user


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Single sign-on (docs/identity.md): who may come in, and what their first sign-in makes.

    A returning person (their provider account already linked) always signs in. Anyone else
    is matched by email: allauth signs into, and links, an existing account only when the
    provider asserted `email_verified`; this adapter refuses the rest with a message saying why.
    """

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        if sociallogin.is_existing:
            return
        email = (sociallogin.user.email or "").strip().lower() if sociallogin.user else ""
        if not email:
            _refuse(
                request,
                _(
                    "Your identity provider did not send your email address, and Tandem needs "
                    "it to know who you are. Ask your administrator to release the email claim."
                ),
            )
        if User.objects.filter(email__iexact=email).exists():
            # Had the provider verified the address, allauth would have matched this account.
            _refuse(
                request,
                _(
                    "An account for %(email)s already exists, and your identity provider did "
                    "not confirm that this address is yours, so Tandem did not link them. Sign "
                    "in with your password instead."
                )
                % {"email": email},
            )
        if not settings.TANDEM_SSO_CREATE_ACCOUNTS and not _known(email):
            _refuse(
                request,
                _(
                    "Tandem does not know %(email)s yet. Ask the person who runs Tandem for "
                    "your organisation to import or invite you, then sign in again."
                )
                % {"email": email},
            )

    def populate_user(self, request: HttpRequest, sociallogin: SocialLogin, data: Any) -> Any:
        user = super().populate_user(request, sociallogin, data)
        user.name = (data.get("name") or "").strip()[:150]
        return user

    def save_user(self, request: HttpRequest, sociallogin: SocialLogin, form: Any = None) -> Any:
        user = super().save_user(request, sociallogin, form)
        # people links the account to an imported Person with the same email, or makes one.
        account_created.send(sender=type(self), user=user)
        return user


def _known(email: str) -> bool:
    return any(answer for _, answer in sso_person_known.send(sender=User, email=email))


def _refuse(request: HttpRequest, message: str) -> None:
    messages.error(request, message)
    raise ImmediateHttpResponse(HttpResponseRedirect(reverse("account_login")))


class SignatureCheckingOIDCAdapter(OpenIDConnectOAuth2Adapter):
    """allauth's OpenID Connect client, checking every ID token's signature.

    allauth skips the signature of a token fetched straight from the token endpoint, as the
    specification allows over TLS. Tandem checks it against the provider's published keys all
    the same, so that a token endpoint answering with tokens its provider did not sign (a
    misconfigured proxy, a wrong server URL, an attacker on the path) is refused, not trusted.
    """

    def _decode_id_token(self, app: SocialApp, id_token: str) -> dict[str, Any]:
        return jwtkit.verify_and_decode(
            credential=id_token,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
            verify_signature=True,
        )


class MFAAdapter(DefaultMFAAdapter):
    def get_public_key_credential_rp_entity(self) -> dict[str, str]:
        # allauth names the site after django.contrib.sites, which Tandem leaves unnamed.
        return {**super().get_public_key_credential_rp_entity(), "name": "Tandem"}
