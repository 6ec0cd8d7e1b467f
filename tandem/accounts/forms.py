from __future__ import annotations

from django import forms
from django.http import HttpRequest

from tandem.accounts.models import PersonalToken, User
from tandem.accounts.services import DEFAULT_TOKEN_LIFETIME, TOKEN_LIFETIMES


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
    scope = forms.ChoiceField(
        label="It may",
        choices=[
            (PersonalToken.Scope.READ, "Read only: look, never change anything"),
            (PersonalToken.Scope.WRITE, "Read and write: whatever you may do yourself"),
        ],
        initial=PersonalToken.Scope.READ,
        widget=forms.RadioSelect,
    )
    expires_in = forms.ChoiceField(
        label="Expires",
        choices=[
            ("30", "In 30 days"),
            ("90", "In 90 days"),
            ("365", "In a year"),
            ("never", "Never"),
        ],
        initial=DEFAULT_TOKEN_LIFETIME,
        help_text="A token that expires cannot be used for long if it leaks.",
    )

    def lifetime_days(self) -> int | None:
        return TOKEN_LIFETIMES[self.cleaned_data["expires_in"]]


class RoleChangeForm(forms.Form):
    """The confirmation: which way the role goes is part of the form, so a stale page that
    still says "grant" cannot withdraw."""

    granted = forms.TypedChoiceField(
        choices=[("1", "Grant"), ("0", "Withdraw")],
        coerce=lambda value: value == "1",
        widget=forms.HiddenInput,
    )
