from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from tandem.chat.models import ChatWebhook
from tandem.chat.services import EDITABLE

_URL = ChatWebhook._meta.get_field("url")


class ChatWebhookForm(forms.ModelForm):
    url = forms.URLField(
        label=capfirst(_URL.verbose_name),
        help_text=_URL.help_text,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    field_order = EDITABLE

    class Meta:
        model = ChatWebhook
        # The address is declared above, so that its scheme is never guessed.
        fields = tuple(name for name in EDITABLE if name != "url")
        labels = {"name": _("Name"), "kind": _("Kind")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("url", self.instance.url)
