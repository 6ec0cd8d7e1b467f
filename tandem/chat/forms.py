from __future__ import annotations

from django import forms

from tandem.chat.models import ChatWebhook
from tandem.chat.services import EDITABLE

_URL = ChatWebhook._meta.get_field("url")


class ChatWebhookForm(forms.ModelForm):
    url = forms.URLField(
        label=str(_URL.verbose_name).capitalize(),
        help_text=_URL.help_text,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    class Meta:
        model = ChatWebhook
        fields = EDITABLE
