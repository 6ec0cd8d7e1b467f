"""allauth's password-reset forms, for TANDEM_SSO_ONLY (docs/identity.md).

Apart from forms.py, which allauth imports while loading its own forms (the sign-up form's
extra field): these forms import allauth's.
"""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import get_adapter
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from allauth.account.forms import ResetPasswordKeyForm as AllauthResetPasswordKeyForm
from django import forms
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from tandem.accounts.access import SSO_ONLY_REFUSAL, password_sign_in_allowed


class ResetPasswordForm(AllauthResetPasswordForm):
    """allauth's "forgot your password": with TANDEM_SSO_ONLY, only a break-glass account is
    sent a link. Anyone else is sent an email saying how they sign in instead, and the page
    answers the same for every address, so it tells nobody which accounts are break-glass."""

    users: list[Any]  # set by allauth's clean_email

    def save(self, request: HttpRequest, **kwargs: Any) -> str:
        if settings.TANDEM_SSO_ONLY:
            self.users = [user for user in self.users if password_sign_in_allowed(user)]
            if not self.users:
                email = self.cleaned_data["email"]
                get_adapter(request).send_mail(
                    "account/email/password_reset_sso_only",
                    email,
                    {
                        "email": email,
                        "login_url": request.build_absolute_uri(reverse("account_login")),
                    },
                )
                return email
        return super().save(request, **kwargs)


class ResetPasswordKeyForm(AllauthResetPasswordKeyForm):
    """Setting a new password from an emailed link: refused, with TANDEM_SSO_ONLY, for any
    account but a break-glass one (a link sent before single sign-on only was turned on)."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.user is not None and not password_sign_in_allowed(self.user):
            raise forms.ValidationError(SSO_ONLY_REFUSAL)
        return cleaned
