from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tandem.circles.models import MAX_MENTORS, GroupSettings
from tandem.people.models import Person


class GroupSettingsForm(forms.ModelForm[GroupSettings]):
    class Meta:
        model = GroupSettings
        fields = ["max_mentees", "mentees_may_join"]


class GroupRunForm(forms.Form):
    PER_TOPIC = "topics"
    COUNT = "count"

    how = forms.ChoiceField(
        label=_("How many circles"),
        choices=[
            (PER_TOPIC, _("One circle per mentor's topic")),
            (COUNT, _("A number of circles I choose")),
        ],
        widget=forms.RadioSelect,
        initial=PER_TOPIC,
    )
    circle_count = forms.IntegerField(
        label=_("Number of circles"),
        min_value=1,
        required=False,
        help_text=_("The mentors are spread over this many circles, one or two in each."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("how") == self.COUNT and not data.get("circle_count"):
            self.add_error("circle_count", gettext("Give the number of circles."))
        return data

    def count(self) -> int | None:
        if self.cleaned_data["how"] == self.COUNT:
            return int(self.cleaned_data["circle_count"])
        return None


class _PeopleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class CircleForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    topic = forms.CharField(
        label=_("Topic"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    max_mentees = forms.IntegerField(label=_("Mentees at most"), min_value=3, max_value=30)
    facilitators = _PeopleField(
        label=_("Facilitators"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    mentees = _PeopleField(
        label=_("Mentees"), queryset=Person.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, mentors: Any, mentees: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facilitators"].help_text = gettext(
            "One or %(most)s of the programme's mentors."
        ) % {"most": MAX_MENTORS}
        self.fields["facilitators"].queryset = mentors  # type: ignore[attr-defined]
        self.fields["mentees"].queryset = mentees  # type: ignore[attr-defined]


class AddMemberForm(forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.none(), label=_("Mentee"))

    def __init__(self, *args: Any, mentees: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        field.queryset = mentees  # type: ignore[attr-defined]
        field.label_from_instance = lambda obj: obj.name  # type: ignore[attr-defined]


class RenameForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    topic = forms.CharField(
        label=_("Topic"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class JoinForm(forms.Form):
    note = forms.CharField(
        label=_("A note for the circle"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
        help_text=_("What you hope to bring and to learn. The circle's members read it."),
    )
