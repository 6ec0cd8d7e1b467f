from __future__ import annotations

from django import forms

from tandem.announcements.models import Announcement
from tandem.core.widgets import DateInput


class AnnouncementForm(forms.ModelForm):
    class Meta:
        model = Announcement
        fields = ["title", "body", "audience", "pair_state", "show_until"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 10}),
            "audience": forms.RadioSelect,
            "show_until": DateInput,
        }
        labels = {"pair_state": "Pairs in the state", "body": "Announcement"}
        help_texts = {"pair_state": "Only for the audience “pairs in a state”."}
