from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.http import HttpRequest

from tandem.accounts.models import User
from tandem.accounts.signals import account_created


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: User, form: Any, commit: bool = True) -> User:
        user = super().save_user(request, user, form, commit=False)
        user.name = form.cleaned_data.get("name", "").strip()
        if commit:
            user.save()
            # people links the account to an imported Person with the same email.
            account_created.send(sender=type(self), user=user)
        return user


class MFAAdapter(DefaultMFAAdapter):
    def get_public_key_credential_rp_entity(self) -> dict[str, str]:
        # allauth names the site after django.contrib.sites, which Tandem leaves unnamed.
        return {**super().get_public_key_credential_rp_entity(), "name": "Tandem"}
