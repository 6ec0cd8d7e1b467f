from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tandem.core.widgets import DateTimeInput
from tandem.flash.models import Booking, FlashSettings, Format, Reflection, Slot
from tandem.flash.services import MAX_MINUTES, MAX_WEEKS, MIN_MINUTES
from tandem.programmes.models import Programme


class SlotForm(forms.Form):
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.none(), empty_label=None
    )
    starts_at = forms.DateTimeField(
        widget=DateTimeInput(), label=_("Starts"), help_text=_("In your time zone.")
    )
    minutes = forms.IntegerField(
        label=_("Length in minutes"), min_value=MIN_MINUTES, max_value=MAX_MINUTES, initial=30
    )
    format = forms.ChoiceField(label=_("Format"), choices=Format.choices, initial=Format.VIDEO)
    location = forms.CharField(
        label=_("Place or video link"),
        max_length=300,
        required=False,
        help_text=_("Where to meet, the video link, or the number to call."),
    )
    weeks = forms.IntegerField(
        label=_("Repeat weekly for"),
        min_value=1,
        max_value=MAX_WEEKS,
        initial=1,
    )

    def __init__(self, *args: Any, programmes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["weeks"].help_text = gettext(
            "Weeks, 1 to %(most)s; 1 publishes this slot only."
        ) % {"most": MAX_WEEKS}
        field: Any = self.fields["programme"]
        field.queryset = programmes


class CapForm(forms.ModelForm):
    class Meta:
        model = FlashSettings
        fields = ["weekly_cap"]


class PlaceForm(forms.ModelForm):
    class Meta:
        model = Slot
        fields = ["format", "location"]
        labels = {"format": _("Format")}


class BookingForm(forms.ModelForm):
    class Meta:
        model = Booking
        fields = ["question"]
        widgets = {"question": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"question": _("Only the mentor reads it.")}


class ReflectionForm(forms.ModelForm):
    rating = forms.TypedChoiceField(
        coerce=int,
        choices=[(n, str(n)) for n in range(1, 6)],
        widget=forms.RadioSelect,
        label=_("How useful was it?"),
        help_text=_("1 (not useful) to 5 (very useful)."),
    )

    class Meta:
        model = Reflection
        fields = ["rating", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class AskForm(forms.Form):
    hope_to_gain = forms.CharField(
        label=_("What you hope to gain"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )
    why_this_mentor = forms.CharField(
        label=_("Why this mentor"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )
