from __future__ import annotations

from typing import Any

from django import forms

from tandem.core.widgets import DateTimeInput
from tandem.flash.models import Booking, FlashSettings, Format, Reflection, Slot
from tandem.flash.services import MAX_MINUTES, MAX_WEEKS, MIN_MINUTES
from tandem.programmes.models import Programme


class SlotForm(forms.Form):
    programme = forms.ModelChoiceField(queryset=Programme.objects.none(), empty_label=None)
    starts_at = forms.DateTimeField(
        widget=DateTimeInput(), label="Starts", help_text="In your time zone."
    )
    minutes = forms.IntegerField(
        label="Length in minutes", min_value=MIN_MINUTES, max_value=MAX_MINUTES, initial=30
    )
    format = forms.ChoiceField(choices=Format.choices, initial=Format.VIDEO)
    location = forms.CharField(
        label="Place or video link",
        max_length=300,
        required=False,
        help_text="Where to meet, the video link, or the number to call.",
    )
    weeks = forms.IntegerField(
        label="Repeat weekly for",
        min_value=1,
        max_value=MAX_WEEKS,
        initial=1,
        help_text=f"Weeks, 1 to {MAX_WEEKS}; 1 publishes this slot only.",
    )

    def __init__(self, *args: Any, programmes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
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


class BookingForm(forms.ModelForm):
    class Meta:
        model = Booking
        fields = ["question"]
        widgets = {"question": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"question": "Only the mentor reads it."}


class ReflectionForm(forms.ModelForm):
    rating = forms.TypedChoiceField(
        coerce=int,
        choices=[(n, str(n)) for n in range(1, 6)],
        widget=forms.RadioSelect,
        label="How useful was it?",
        help_text="1 (not useful) to 5 (very useful).",
    )

    class Meta:
        model = Reflection
        fields = ["rating", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class AskForm(forms.Form):
    hope_to_gain = forms.CharField(
        label="What you hope to gain", widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )
    why_this_mentor = forms.CharField(
        label="Why this mentor", widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )
