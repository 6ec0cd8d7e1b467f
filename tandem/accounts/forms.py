from __future__ import annotations

from typing import Any

from allauth.mfa.webauthn.forms import AddWebAuthnForm
from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tandem.accounts.models import PersonalToken, User
from tandem.accounts.services import DEFAULT_TOKEN_LIFETIME, TOKEN_LIFETIMES
from tandem.core.audit import AuditSearch
from tandem.core.widgets import DateInput


class SignupNameForm(forms.Form):
    """Extra sign-up field: the name people will see."""

    name = forms.CharField(max_length=150, label=_("Full name"))

    def signup(self, request: HttpRequest, user: User) -> None:
        user.name = self.cleaned_data["name"].strip()
        user.save(update_fields=["name"])


class PersonalTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. 'reporting script'."),
    )
    scope = forms.ChoiceField(
        label=_("It may"),
        choices=[
            (PersonalToken.Scope.READ, _("Read only: look, never change anything")),
            (PersonalToken.Scope.WRITE, _("Read and write: whatever you may do yourself")),
        ],
        initial=PersonalToken.Scope.READ,
        widget=forms.RadioSelect,
    )
    expires_in = forms.ChoiceField(
        label=_("Expires"),
        choices=[
            ("30", _("In 30 days")),
            ("90", _("In 90 days")),
            ("365", _("In a year")),
            ("never", _("Never")),
        ],
        initial=DEFAULT_TOKEN_LIFETIME,
        help_text=_("A token that expires cannot be used for long if it leaks."),
    )

    def lifetime_days(self) -> int | None:
        return TOKEN_LIFETIMES[self.cleaned_data["expires_in"]]


class RoleChangeForm(forms.Form):
    """The confirmation: which way the role goes is part of the form, so a stale page that
    still says "grant" cannot withdraw."""

    granted = forms.TypedChoiceField(
        choices=[("1", _("Grant")), ("0", _("Withdraw"))],
        coerce=lambda value: value == "1",
        widget=forms.HiddenInput,
    )


class AuditSearchForm(forms.Form):
    """The operator's search of the audit log; every field narrows it, none is required."""

    action = forms.CharField(
        required=False,
        max_length=60,
        label=_("Action starts with"),
        widget=forms.TextInput(attrs={"list": "audit-actions"}),
    )
    actor = forms.CharField(required=False, max_length=100, label=_("Who (email)"))
    object_type = forms.CharField(required=False, max_length=40, label=_("Object type"))
    object_id = forms.CharField(required=False, max_length=40, label=_("Object id"))
    since = forms.DateField(required=False, widget=DateInput, label=_("From"))
    until = forms.DateField(required=False, widget=DateInput, label=_("Until"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end comes before the start."))
        return cleaned

    def search(self) -> AuditSearch:
        data = self.cleaned_data if self.is_valid() else {}
        return AuditSearch(
            action=(data.get("action") or "").strip(),
            actor=(data.get("actor") or "").strip(),
            object_type=(data.get("object_type") or "").strip(),
            object_id=(data.get("object_id") or "").strip(),
            since=data.get("since"),
            until=data.get("until"),
        )


class AddKeyForm(AddWebAuthnForm):
    """allauth's form for adding a passkey or security key, in Tandem's words.

    A passkey (a key that signs in on its own) is the usual choice, so it is ticked."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].help_text = _("To tell your keys apart, e.g. 'work laptop'.")
        passwordless = self.fields["passwordless"]
        passwordless.label = _("Sign in with this key alone, without a password (a passkey)")
        passwordless.help_text = _(
            "Your device asks for your fingerprint, face or PIN each time. Untick for a "
            "security key that only comes after your password."
        )
        passwordless.initial = True
