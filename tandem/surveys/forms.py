from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.surveys.models import Question, Survey

Kind = Question.Kind


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = [
            "title",
            "intro",
            "audience",
            "trigger",
            "days_after_matching",
            "repeat_every_days",
            "remind_after_days",
        ]
        widgets = {"intro": forms.Textarea(attrs={"rows": 3})}
        labels = {"title": _("Title"), "audience": _("Audience")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Left empty, the survey keeps its reminder (the default for a new one), so a form
        # posted without the field changes nothing.
        self.fields["remind_after_days"].required = False

    def clean_remind_after_days(self) -> int:
        value = self.cleaned_data.get("remind_after_days")
        if value is None:
            return self.instance.remind_after_days
        return int(value)


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of question"), choices=Kind.choices)
    text = forms.CharField(label=_("Question"), max_length=300)
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For a choice question: one choice on each line."),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False, initial=True)

    @classmethod
    def for_question(cls, question: Question, data: Any = None) -> QuestionForm:
        return cls(
            data,
            initial={
                "kind": question.kind,
                "text": question.text,
                "choices": "\n".join(question.choices),
                "required": question.required,
            },
        )

    def service_values(self) -> dict[str, Any]:
        values = dict(self.cleaned_data)
        values["choices"] = values["choices"].splitlines()
        return values


def _scale(question: Question) -> list[tuple[str, str]]:
    assert question.scale is not None
    return [(str(n), str(n)) for n in question.scale]


class ResponseForm(forms.Form):
    """One field per question, named `q<id>`, and the respondent's permission."""

    def __init__(self, questions: list[Question], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            required = question.required
            field: forms.Field
            if question.scale is not None:
                field = forms.TypedChoiceField(
                    choices=_scale(question), coerce=int, widget=forms.RadioSelect
                )
                if question.kind == Kind.RATING:
                    field.help_text = _("1 is the lowest, 5 the highest.")
                else:
                    field.help_text = _("0 is not at all likely, 10 extremely likely.")
            elif question.kind == Kind.SINGLE:
                field = forms.ChoiceField(
                    choices=[(c, c) for c in question.choices], widget=forms.RadioSelect
                )
            elif question.kind == Kind.MULTIPLE:
                field = forms.MultipleChoiceField(
                    choices=[(c, c) for c in question.choices],
                    widget=forms.CheckboxSelectMultiple,
                )
            else:
                field = forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
            field.label = question.text
            field.required = required
            self.fields[f"q{question.pk}"] = field
        self.fields["shared_with_coordinator"] = forms.BooleanField(
            label=_("The coordinator may read this"),
            required=False,
            help_text=_(
                "With your name. Without it, your answers count only in totals over "
                "at least five people, and no one reads your words."
            ),
        )

    def answers(self) -> dict[int, Any]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}
