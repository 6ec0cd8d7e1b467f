from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.notifications.kinds import ALL_CATEGORIES, Delivery


class NotificationPreferencesForm(forms.Form):
    """One choice per category of notifications, named by the category's key."""

    def __init__(self, data: Any = None, *, initial: dict[str, Delivery]) -> None:
        super().__init__(data, initial=initial)
        for category in ALL_CATEGORIES:
            self.fields[category.key] = forms.ChoiceField(
                label=category.label,
                help_text=category.help,
                choices=Delivery.choices,
                widget=forms.RadioSelect,
            )


class EmailTemplateForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Email"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Markdown: **bold**, *italic*, [a link](https://…), lists with - ."),
    )
