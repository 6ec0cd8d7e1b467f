from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

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
from tandem.programmes.roles import RoleLabels, role_labels

WEIGHT_FIELDS = {
    "goals": _("Goals against expertise"),
    "expectations": _("Expectation alignment"),
    "preferences": _("%(mentee)s preferences"),
    "cross_department": _("Cross-department bonus"),
    "junior_mentor": _("Junior %(mentor)s (reverse mentoring)"),
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


def weight_label(key: str, labels: RoleLabels) -> str:
    """A weight's name, with the programme's words for the roles it names."""
    return capfirst(
        str(WEIGHT_FIELDS[key]) % {"mentee": capfirst(labels.mentee), "mentor": labels.mentor}
    )


def weights_text(weights: Mapping[str, float], programme: Programme) -> str:
    """A run's weights named as the forms name them, each as its share of the score ("Goals
    against expertise 65%, …"): the score is their weighted mean, so the share is what each
    counts for whatever scale they were typed on. A weight of zero counts for nothing and is
    left out, and so is one the programme's kind does not use."""
    given = {key: float(weights.get(key) or 0) for key in weight_keys(programme)}
    used = {key: value for key, value in given.items() if value > 0}
    total = sum(used.values())
    if not total:
        return "—"
    labels = programme.labels
    return str(_(", ")).join(
        # Translators: a score weight and its share of the score, "Goals against expertise 65%".
        str(_("%(weight)s %(percent)s%%"))
        % {
            "weight": weight_label(key, labels),
            # A weight too small to round to 1% still counts for something.
            "percent": max(1, round(100 * value / total)),
        }
        for key, value in used.items()
    )


def _check_weights(data: dict[str, Any]) -> dict[str, Any]:
    weights = [data.get(f"weight_{key}") for key in WEIGHT_FIELDS if f"weight_{key}" in data]
    if all(w is not None for w in weights) and not any(weights):
        raise forms.ValidationError(_("Give at least one weight above zero."))
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
        labels = role_labels(programme)
        for key in weight_keys(programme):
            self.fields[f"weight_{key}"] = _weight_field(weight_label(key, labels))
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offered = weight_keys(self.instance.programme)
        labels = self.instance.programme.labels
        for key in WEIGHT_FIELDS:
            if key not in offered:
                del self.fields[f"weight_{key}"]
            else:
                self.fields[f"weight_{key}"].label = weight_label(key, labels)
        # The programme's words for its roles in the request settings.
        for name in ("request_expiry_days", "max_pending_requests"):
            field = self.fields[name]
            field.help_text = REQUEST_HELP[name] % {
                "mentor": labels.mentor,
                "mentors": labels.mentors,
                "mentee": labels.mentee,
            }

    def clean(self) -> dict[str, Any]:
        return _check_weights(super().clean() or {})


REQUEST_HELP = {
    "request_expiry_days": _("A %(mentor)s request nobody answered expires after this many days."),
    "max_pending_requests": _("How many %(mentors)s a %(mentee)s may ask at the same time."),
}


class PairRuleForm(forms.Form):
    mentee = ParticipantField(role="mentee", label=_("Mentee"))
    mentor = ParticipantField(role="mentor", label=_("Mentor"))
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
        if labels is not None:
            # The programme's words: "Peer" and "Partner", or its names for the two roles.
            self.fields["mentee"].label = capfirst(labels.mentee)
            self.fields["mentor"].label = capfirst(labels.partner_of("mentee"))
            self.fields["mentee"].role = labels.mentee  # type: ignore[attr-defined]
            self.fields["mentor"].role = labels.mentee if labels.symmetric else labels.mentor  # type: ignore[attr-defined]


class ProposalFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search by name, email or department"), required=False, max_length=100
    )
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.all(),
        required=False,
        empty_label=_("Any department"),
    )
    fit = forms.TypedChoiceField(
        label=_("Fit"),
        required=False,
        coerce=float,
        empty_value=None,
        choices=[],
    )
    mismatch = forms.BooleanField(label=_("Only expectation mismatches"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Made per request, in the reader's language.
        fit = self.fields["fit"]
        assert isinstance(fit, forms.ChoiceField)
        fit.choices = [("", _("Any fit")), *fit_choices()]

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
    pair = forms.ModelMultipleChoiceField(queryset=MatchProposal.objects.none())

    def __init__(self, *args: Any, run: MatchRun, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pair"].queryset = MatchProposal.objects.filter(run=run).select_related(  # type: ignore[attr-defined]
            "run__programme", "mentee", "mentor"
        )
        labels = run.programme.labels
        if labels.symmetric:
            self.none_ticked = str(_("Tick two pairs to swap their partners."))
            self.not_two = str(_("Tick exactly two pairs to swap their partners."))
        else:
            words = {"mentors": labels.mentors}
            self.none_ticked = _("Tick two pairs to swap their %(mentors)s.") % words
            self.not_two = _("Tick exactly two pairs to swap their %(mentors)s.") % words
        self.fields["pair"].error_messages = {
            **self.fields["pair"].error_messages,
            "required": self.none_ticked,
        }

    def clean_pair(self) -> list[MatchProposal]:
        pairs = list(self.cleaned_data["pair"])
        if len(pairs) != 2:
            raise forms.ValidationError(self.not_two)
        return pairs


class AssignForm(forms.Form):
    """An unmatched mentee of the run and a mentor, picked from the paginated mentor list."""

    unmatched = forms.ModelChoiceField(label=_("Mentee"), queryset=UnmatchedMentee.objects.none())
    mentor = forms.IntegerField(label=_("Mentor"))

    def __init__(self, *args: Any, run: MatchRun, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unmatched"].queryset = UnmatchedMentee.objects.filter(run=run).select_related(  # type: ignore[attr-defined]
            "run__programme", "mentee"
        )
        labels = run.programme.labels
        self.fields["unmatched"].label = capfirst(labels.mentee)
        self.fields["mentor"].label = capfirst(labels.partner_of("mentee"))


class MentorPickerForm(forms.Form):
    q = forms.CharField(
        label=_("Search mentors by name, email or department"), required=False, max_length=100
    )

    def __init__(self, *args: Any, labels: RoleLabels | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if labels is not None:
            self.fields["q"].label = _("Search %(mentors)s by name, email or department") % {
                "mentors": labels.mentors
            }


class MentorRequestForm(forms.Form):
    hope_to_gain = forms.CharField(
        label=_("What do you hope to gain?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A few sentences: the outcomes that would make this worth both your time."),
    )
    why_this_mentor = forms.CharField(
        label=_("Why this mentor?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What in their background or approach makes you ask them."),
    )


class RequestAnswerForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the mentee (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MentorSearchForm(forms.Form):
    q = forms.CharField(label=_("Search mentors"), required=False, max_length=100)
