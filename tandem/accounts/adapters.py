from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest

from tandem.accounts.models import User


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: User, form: Any, commit: bool = True) -> User:
        user = super().save_user(request, user, form, commit=False)
        user.name = form.cleaned_data.get("name", "").strip()
        if commit:
            user.save()
            from tandem.people.services import person_link_user

            person_link_user(user=user)
        return user
