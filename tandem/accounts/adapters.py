from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.stagekit import clear_login
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp, SocialLogin
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from tandem.accounts.access import SSO_ONLY_REFUSAL, password_sign_in_allowed
from tandem.accounts.models import User
from tandem.accounts.signals import account_created, sso_person_known
from tandem.core import audit


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: User, form: Any, commit: bool = True) -> User:
        user = super().save_user(request, user, form, commit=False)
        user.name = form.cleaned_data.get("name", "").strip()
        if commit:
            user.save()
            # people links the account to an imported Person with the same email.
            account_created.send(sender=type(self), user=user)
        return user

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Signing up with a password; single sign-on's first sign-ins are decided apart."""
        return not settings.TANDEM_SSO_ONLY

    def pre_login(
        self,
        request: HttpRequest,
        user: Any,
        *,
        email_verification: str,
        signal_kwargs: dict[str, Any] | None,
        email: str | None,
        signup: bool,
        redirect_url: str | None,
    ) -> HttpResponse | None:
        """Every way into an account but single sign-on passes here after its credential was
        checked (a password, a passkey, a code, a confirmed address): with TANDEM_SSO_ONLY,
        only the break-glass accounts may go on. A wrong password never gets this far, so
        the refusal tells nobody which accounts are break-glass."""
        through_sso = bool(signal_kwargs and signal_kwargs.get("sociallogin"))
        if not through_sso and not password_sign_in_allowed(user):
            clear_login(request)
            audit.record("signin.failed", request=request, reason="sso_only")
            messages.error(request, SSO_ONLY_REFUSAL)
            return HttpResponseRedirect(reverse("account_login"))
        return super().pre_login(
            request,
            user,
            email_verification=email_verification,
            signal_kwargs=signal_kwargs,
            email=email,
            signup=signup,
            redirect_url=redirect_url,
        )


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
                sociallogin,
                "no_email",
                _(
                    "Your identity provider did not send your email address, and Tandem needs "
                    "it to know who you are. Ask your administrator to release the email claim."
                ),
            )
        existing = User.objects.filter(email__iexact=email).first()
        if existing is not None:
            # Had the provider verified the address, allauth would have matched this account.
            instead = (
                _("Sign in with your password instead.")
                if password_sign_in_allowed(existing)
                else _("Ask the person who runs Tandem for your organisation to sort it out.")
            )
            _refuse(
                request,
                sociallogin,
                "unverified_email",
                _(
                    "An account for %(email)s already exists, and your identity provider did "
                    "not confirm that this address is yours, so Tandem did not link them. "
                    "%(instead)s"
                )
                % {"email": email, "instead": instead},
            )
        if not settings.TANDEM_SSO_CREATE_ACCOUNTS and not _known(email):
            _refuse(
                request,
                sociallogin,
                "unknown_person",
                _(
                    "Tandem does not know %(email)s yet. Ask the person who runs Tandem for "
                    "your organisation to import or invite you, then sign in again."
                )
                % {"email": email},
            )

    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        # Who may get an account on a first sign-in is decided in pre_social_login
        # (TANDEM_SSO_CREATE_ACCOUNTS), not by whether signing up with a password is open.
        return True

    def populate_user(self, request: HttpRequest, sociallogin: SocialLogin, data: Any) -> Any:
        user = super().populate_user(request, sociallogin, data)
        full_name = data.get("name") or " ".join(
            part for part in (data.get("first_name"), data.get("last_name")) if part
        )
        user.name = (full_name or "").strip()[:150]
        return user

    def on_authentication_error(
        self,
        request: HttpRequest,
        provider: Any,
        error: Any = None,
        exception: Any = None,
        extra_context: Any = None,
    ) -> None:
        """A sign-in through the provider that failed before Tandem saw who it was for (a
        state Tandem did not issue, a code used twice, a token that does not verify)."""
        audit.record(
            "signin.failed",
            request=request,
            provider=getattr(provider, "sub_id", ""),
            reason=str(error or "error"),
        )
        super().on_authentication_error(
            request, provider, error=error, exception=exception, extra_context=extra_context
        )

    def save_user(self, request: HttpRequest, sociallogin: SocialLogin, form: Any = None) -> Any:
        user = super().save_user(request, sociallogin, form)
        # people links the account to an imported Person with the same email, or makes one.
        account_created.send(sender=type(self), user=user)
        return user


def _known(email: str) -> bool:
    return any(answer for _, answer in sso_person_known.send(sender=User, email=email))


def _refuse(request: HttpRequest, sociallogin: SocialLogin, reason: str, message: str) -> None:
    audit.record(
        "signin.failed", request=request, provider=sociallogin.provider.sub_id, reason=reason
    )
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
