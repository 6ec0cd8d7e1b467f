from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.announcements.models import Announcement
from tandem.core.widgets import DateInput
from tandem.mentorships.models import Mentorship


class AnnouncementForm(forms.ModelForm):
    class Meta:
        model = Announcement
        fields = ["title", "body", "audience", "pair_state", "show_until"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 10}),
            "audience": forms.RadioSelect,
            "show_until": DateInput,
        }
        labels = {
            "title": _("Title"),
            "audience": _("Audience"),
            "pair_state": _("Pairs in the state"),
            "body": _("Announcement"),
        }
        help_texts = {"pair_state": _("Only for the audience “pairs in a state”.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A radio list offers no blank choice: the audience must be chosen.
        audience: Any = self.fields["audience"]
        audience.choices = Announcement.Audience.choices
        pair_state: Any = self.fields["pair_state"]
        pair_state.choices = [("", _("Choose a state")), *Mentorship.State.choices]
