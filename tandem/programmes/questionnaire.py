"""Questionnaire answers: one validation rule for the apply form, the API and the services."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tandem.programmes.errors import ProgrammeError
from tandem.programmes.models import Question

MAX_TEXT_ANSWER = 5000
Answers = dict[str, str | list[str]]


def choice_values(question: Question) -> list[str]:
    return [str(value) for value, _label in question.choices]


def clean_answers(questions: Iterable[Question], raw: Mapping[str, Any]) -> Answers:
    """The answers keyed by question, or a ValidationError whose keys are the question keys."""
    questions = list(questions)
    known = {q.key for q in questions}
    errors: dict[str, list[str]] = {
        key: [_("This question is not part of the questionnaire.")]
        for key in raw
        if key not in known
    }
    cleaned: Answers = {}
    for question in questions:
        value = raw.get(question.key)
        try:
            result = _clean_one(question, value)
        except ValidationError as exc:
            errors[question.key] = list(exc.messages)
            continue
        if result not in ("", []):
            cleaned[question.key] = result
    if errors:
        raise ValidationError(errors)
    return cleaned


def _clean_one(question: Question, value: Any) -> str | list[str]:
    if question.kind == Question.Kind.MULTI:
        values = _as_list(value)
        allowed = choice_values(question)
        unknown = [v for v in values if v not in allowed]
        if unknown:
            raise ValidationError(
                _("Not a valid choice: %(values)s.") % {"values": ", ".join(unknown)}
            )
        if question.required and not values:
            raise ValidationError(_("Choose at least one."))
        return [v for v in allowed if v in values]  # questionnaire order, no duplicates
    if value is None:
        value = ""
    if not isinstance(value, str | int):
        raise ValidationError(_("Expected a single value."))
    text = str(value).strip()
    if question.kind in (Question.Kind.CHOICE, Question.Kind.SCALE):
        if text and text not in choice_values(question):
            raise ValidationError(_("Not a valid choice: %(values)s.") % {"values": text})
    elif len(text) > MAX_TEXT_ANSWER:
        raise ValidationError(
            _("Keep the answer under %(count)s characters.") % {"count": MAX_TEXT_ANSWER}
        )
    if question.required and not text:
        raise ValidationError(_("This question needs an answer."))
    return text


def _as_list(value: Any) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple) and all(isinstance(v, str | int) for v in value):
        return [str(v) for v in value]
    raise ValidationError(_("Expected a list of choices."))


def field_name(question: Question) -> str:
    return f"q_{question.key}"


class QuestionnaireForm(forms.Form):
    """A form with one field per question of a programme's questionnaire."""

    def __init__(self, questions: Iterable[Question], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[field_name(question)] = _field_for(question)

    def answers(self) -> Answers:
        """The cleaned answers; a refusal is keyed `answers.<question key>`."""
        raw = {q.key: self.cleaned_data.get(field_name(q)) for q in self.questions}
        try:
            return clean_answers(self.questions, raw)
        except ValidationError as exc:
            raise ProgrammeError(
                errors={f"answers.{key}": msgs for key, msgs in exc.message_dict.items()}
            ) from exc


def _field_for(question: Question) -> forms.Field:
    common: dict[str, Any] = {
        "label": question.text,
        "help_text": question.help_text,
        "required": question.required,
    }
    choices = [(str(v), str(label)) for v, label in question.choices]
    if question.kind == Question.Kind.MULTI:
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
    if question.kind in (Question.Kind.CHOICE, Question.Kind.SCALE):
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    return forms.CharField(
        max_length=MAX_TEXT_ANSWER, widget=forms.Textarea(attrs={"rows": 3}), **common
    )


def parse_choices(text: str) -> list[list[str]]:
    """Choices typed one per line as `value | label` (or just a label)."""
    result: list[list[str]] = []
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        value, sep, label = (part.strip() for part in line.partition("|"))
        if not sep:
            value, label = slugify(line).replace("-", "_"), line
        if not value or not label:
            raise ValidationError(
                _("Line %(number)s: write it as “value | label”.") % {"number": number}
            )
        if len(value) > 50 or len(label) > 200:
            raise ValidationError(
                _("Line %(number)s: the value or the label is too long.") % {"number": number}
            )
        if value in seen:
            raise ValidationError(
                _("Line %(number)s: the value “%(value)s” appears twice.")
                % {"number": number, "value": value}
            )
        seen.add(value)
        result.append([value, label])
    return result


def format_choices(choices: list[list[str]]) -> str:
    return "\n".join(f"{value} | {label}" for value, label in choices)
