from __future__ import annotations

from typing import Any

from django import forms

from tandem.matching.models import (
    MatchingSettings,
    MatchProposal,
    MatchRun,
    PairRule,
    UnmatchedMentee,
)
from tandem.matching.reasons import fit_choices
from tandem.people.forms import ParticipantField
from tandem.people.models import Department
from tandem.programmes.models import Programme
from tandem.programmes.roles import RoleLabels

WEIGHT_FIELDS = {
    "goals": "Goals against expertise",
    "expectations": "Expectation alignment",
    "preferences": "Mentee preferences",
    "cross_department": "Cross-department bonus",
    "junior_mentor": "Junior mentor (reverse mentoring)",
}
# Weights offered only where they mean something: the junior-mentor preference belongs to
# reverse mentoring, and peers rank nobody, so their runs have no preferences to weigh.
ONLY_FOR_KIND = {"junior_mentor": "reverse"}
NOT_FOR_KIND = {"preferences": "peer"}


def weight_keys(programme: Programme | None) -> list[str]:
    kind = programme.kind if programme is not None else None
    return [
        key
        for key in WEIGHT_FIELDS
        if ONLY_FOR_KIND.get(key, kind) == kind and (kind is None or NOT_FOR_KIND.get(key) != kind)
    ]


def _check_weights(data: dict[str, Any]) -> dict[str, Any]:
    weights = [data.get(f"weight_{key}") for key in WEIGHT_FIELDS if f"weight_{key}" in data]
    if all(w is not None for w in weights) and not any(weights):
        raise forms.ValidationError("Give at least one weight above zero.")
    return data


def _weight_field(label: str) -> forms.FloatField:
    return forms.FloatField(
        label=label,
        min_value=0,
        max_value=10,
        widget=forms.NumberInput(attrs={"step": "0.05"}),
    )


class MatchRunForm(forms.Form):
    mode = forms.ChoiceField(choices=MatchRun.Mode.choices, widget=forms.RadioSelect)

    def __init__(self, *args: Any, programme: Programme | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key in weight_keys(programme):
            self.fields[f"weight_{key}"] = _weight_field(WEIGHT_FIELDS[key])
        if programme is not None and programme.is_peer:
            # One engine pairs a pool of peers; the modes are those of mentor-mentee matching.
            self.fields["mode"].widget = forms.HiddenInput()
            self.fields["mode"].initial = MatchRun.Mode.OPTIMAL

    def clean(self) -> dict[str, Any]:
        return _check_weights(super().clean() or {})

    def weights(self) -> dict[str, float]:
        return {key: self.cleaned_data.get(f"weight_{key}") or 0.0 for key in WEIGHT_FIELDS}


class MatchingSettingsForm(forms.ModelForm[MatchingSettings]):
    class Meta:
        model = MatchingSettings
        fields = [
            "request_expiry_days",
            "max_pending_requests",
            "weight_goals",
            "weight_expectations",
            "weight_preferences",
            "weight_cross_department",
            "weight_junior_mentor",
        ]
        labels = {f"weight_{key}": label for key, label in WEIGHT_FIELDS.items()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offered = weight_keys(self.instance.programme)
        for key in WEIGHT_FIELDS:
            if key not in offered:
                del self.fields[f"weight_{key}"]

    def clean(self) -> dict[str, Any]:
        return _check_weights(super().clean() or {})


class PairRuleForm(forms.Form):
    mentee = ParticipantField(role="mentee", label="Mentee")
    mentor = ParticipantField(role="mentor", label="Mentor")
    kind = forms.ChoiceField(choices=PairRule.Kind.choices, widget=forms.RadioSelect)

    def __init__(
        self,
        *args: Any,
        mentees: Any,
        mentors: Any,
        labels: RoleLabels | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentee"].queryset = mentees  # type: ignore[attr-defined]
        self.fields["mentor"].queryset = mentors  # type: ignore[attr-defined]
        if labels is not None and labels.symmetric:
            self.fields["mentee"].label = labels.mentee.capitalize()
            self.fields["mentor"].label = labels.partner_of("mentee").capitalize()
            for name in ("mentee", "mentor"):
                self.fields[name].role = labels.mentee  # type: ignore[attr-defined]


class ProposalFilterForm(forms.Form):
    q = forms.CharField(label="Search by name, email or department", required=False, max_length=100)
    department = forms.ModelChoiceField(
        queryset=Department.objects.all(), required=False, empty_label="Any department"
    )
    fit = forms.TypedChoiceField(
        label="Fit",
        required=False,
        coerce=float,
        empty_value=None,
        choices=[("", "Any fit"), *fit_choices()],
    )
    mismatch = forms.BooleanField(label="Only expectation mismatches", required=False)

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        department = data.get("department")
        return {
            "search": data.get("q") or "",
            "department": department.pk if department else None,
            "min_score": data.get("fit"),
            "mismatch_only": bool(data.get("mismatch")),
        }


class SwapForm(forms.Form):
    pair = forms.ModelMultipleChoiceField(
        queryset=MatchProposal.objects.none(),
        error_messages={"required": "Tick two pairs to swap their mentors."},
    )

    def __init__(self, *args: Any, run: MatchRun, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pair"].queryset = MatchProposal.objects.filter(run=run).select_related(  # type: ignore[attr-defined]
            "run__programme", "mentee", "mentor"
        )

    def clean_pair(self) -> list[MatchProposal]:
        pairs = list(self.cleaned_data["pair"])
        if len(pairs) != 2:
            raise forms.ValidationError("Tick exactly two pairs to swap their mentors.")
        return pairs


class AssignForm(forms.Form):
    """An unmatched mentee of the run and a mentor, picked from the paginated mentor list."""

    unmatched = forms.ModelChoiceField(label="Mentee", queryset=UnmatchedMentee.objects.none())
    mentor = forms.IntegerField(label="Mentor")

    def __init__(self, *args: Any, run: MatchRun, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unmatched"].queryset = UnmatchedMentee.objects.filter(run=run).select_related(  # type: ignore[attr-defined]
            "run__programme", "mentee"
        )


class MentorPickerForm(forms.Form):
    q = forms.CharField(
        label="Search mentors by name, email or department", required=False, max_length=100
    )


class MentorRequestForm(forms.Form):
    hope_to_gain = forms.CharField(
        label="What do you hope to gain?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A few sentences: the outcomes that would make this worth both your time.",
    )
    why_this_mentor = forms.CharField(
        label="Why this mentor?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What in their background or approach makes you ask them.",
    )


class RequestAnswerForm(forms.Form):
    note = forms.CharField(
        label="Note to the mentee (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MentorSearchForm(forms.Form):
    q = forms.CharField(label="Search mentors", required=False, max_length=100)
