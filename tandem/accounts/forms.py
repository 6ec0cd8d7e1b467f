from __future__ import annotations

from django import forms
from django.http import HttpRequest

from tandem.accounts.models import User


class SignupNameForm(forms.Form):
    """Extra sign-up field: the name people will see."""

    name = forms.CharField(max_length=150, label="Full name")

    def signup(self, request: HttpRequest, user: User) -> None:
        user.name = self.cleaned_data["name"].strip()
        user.save(update_fields=["name"])


class PersonalTokenForm(forms.Form):
    name = forms.CharField(
        max_length=100, help_text="What the token is for, e.g. 'reporting script'."
    )


class RoleChangeForm(forms.Form):
    """The confirmation: which way the role goes is part of the form, so a stale page that
    still says "grant" cannot withdraw."""

    granted = forms.TypedChoiceField(
        choices=[("1", "Grant"), ("0", "Withdraw")],
        coerce=lambda value: value == "1",
        widget=forms.HiddenInput,
    )
