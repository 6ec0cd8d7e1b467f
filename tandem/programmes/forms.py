from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tandem.accounts.access import is_operator
from tandem.accounts.models import User
from tandem.core.widgets import DateInput
from tandem.people.models import Department, Person
from tandem.people.selectors import people_locations, person_by_email
from tandem.programmes import defaults
from tandem.programmes.models import Enrolment, Programme, Question
from tandem.programmes.questionnaire import format_choices, parse_choices
from tandem.programmes.selectors import InviteeCriteria, LineProblem, users_by_email
from tandem.programmes.skills import split_terms


class ProgrammeForm(forms.ModelForm[Programme]):
    coordinator_emails = forms.CharField(
        label=_("Coordinators"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Email addresses of everyone who runs this programme, one per line. "
            "Each needs a Tandem account."
        ),
    )

    class Meta:
        model = Programme
        fields = list(Programme.EDITABLE_FIELDS)
        labels = {
            "kind": _("Type"),
            "starts_on": _("Starts on"),
            "ends_on": _("Ends on"),
            "default_duration_months": _("Default duration (months)"),
            "exclude_management_chain": _(
                "Never match anyone with someone up their management chain"
            ),
            "exclude_same_department": _("Never match two people from the same department"),
            "require_shared_language": _("Require a shared language"),
            "max_timezone_gap_hours": _("Largest time-zone gap (hours)"),
            "min_score": _("Minimum match score (0 to 1)"),
            "content_retention_days": _("Keep a closed pair's content for (days)"),
            "invitation_reminder_days": _(
                "Remind invited people who have not signed up after (days)"
            ),
        }
        help_texts = {
            "max_timezone_gap_hours": _("Leave empty for no limit."),
            "default_duration_months": _("How long a mentoring relationship usually lasts."),
            "min_score": _("0 for no minimum."),
        }
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "starts_on": DateInput,
            "ends_on": DateInput,
            "guidelines_what_mentoring_is": forms.Textarea(attrs={"rows": 8}),
            "guidelines_roles": forms.Textarea(attrs={"rows": 8}),
            "guidelines_confidentiality": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["invitation_reminder_days"].required = False
        score = self.initial.get("min_score")
        if isinstance(score, Decimal):
            # Kept with three places ("0.000"); shown as a person types it ("0", "0.5").
            self.initial["min_score"] = format(score.normalize(), "f")
        if self.instance.pk:
            emails = self.instance.coordinators.order_by("email").values_list("email", flat=True)
            self.initial.setdefault("coordinator_emails", "\n".join(emails))
        else:
            self.initial.setdefault("coordinator_emails", user.email)
            self.initial.setdefault(
                "guidelines_what_mentoring_is", defaults.GUIDELINES_WHAT_MENTORING_IS
            )
            self.initial.setdefault("guidelines_roles", defaults.GUIDELINES_ROLES)
            self.initial.setdefault(
                "guidelines_confidentiality", defaults.GUIDELINES_CONFIDENTIALITY
            )

    def clean_invitation_reminder_days(self) -> int:
        # Optional on the page so that forms posted before the setting existed still save.
        days = self.cleaned_data.get("invitation_reminder_days")
        if days is None:
            return self.instance.invitation_reminder_days if self.instance.pk else 7
        return int(days)

    def clean_coordinator_emails(self) -> list[User]:
        raw = self.cleaned_data["coordinator_emails"].replace(",", "\n").splitlines()
        emails = []
        for email in (e.strip().lower() for e in raw):
            if not email:
                continue
            try:
                validate_email(email)
            except ValidationError as exc:
                raise ValidationError(
                    _("“%(email)s” is not an email address.") % {"email": email}
                ) from exc
            emails.append(email)
        users, missing = users_by_email(emails)
        if missing:
            raise ValidationError(
                _("No Tandem account for: %(emails)s.") % {"emails": ", ".join(missing)}
            )
        if not is_operator(self.user) and self.user not in users:
            raise ValidationError(_("Keep yourself as a coordinator, or ask another to edit."))
        if not users:
            raise ValidationError(_("A programme needs at least one coordinator."))
        return users

    def programme_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class QuestionForm(forms.ModelForm[Question]):
    choices_text = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One per line, as “value | label”. Not used by free-text questions."),
    )

    class Meta:
        model = Question
        fields = ["key", "text", "help_text", "kind", "required"]
        labels = {"text": _("Question"), "kind": _("Type of answer")}
        help_texts = {"key": _("A short name for the answer in exports and the API, e.g. sector.")}

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.instance.programme = programme
        if self.instance.pk:
            self.initial.setdefault("choices_text", format_choices(self.instance.choices))
        if self.instance.is_core:
            for name in ("key", "kind", "required", "choices_text"):
                self.fields[name].disabled = True

    def clean_key(self) -> str:
        key: str = self.cleaned_data["key"]
        if self.instance.is_core:
            return self.instance.key
        if key in Question.CORE_KEYS:
            raise ValidationError(_("This key belongs to a core question; choose another."))
        taken = self.programme.questions.filter(key=key).exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(_("Another question of this programme uses this key."))
        return key

    def clean_choices_text(self) -> list[list[str]]:
        if self.instance.is_core:
            return list(self.instance.choices)
        return parse_choices(self.cleaned_data.get("choices_text") or "")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # The model checks choices against the kind; feed it the parsed list.
        self.instance.choices = cleaned.get("choices_text", [])
        return cleaned

    def _update_errors(self, errors: ValidationError) -> None:
        if hasattr(errors, "error_dict") and "choices" in errors.error_dict:
            errors.error_dict["choices_text"] = errors.error_dict.pop("choices")
        super()._update_errors(errors)  # type: ignore[misc]

    def question_fields(self) -> dict[str, Any]:
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        fields["choices"] = self.cleaned_data["choices_text"]
        return fields


def role_choices(programme: Programme | None) -> list[tuple[str, str]]:
    """The roles someone may take in ``programme``: every role when none is given."""
    if programme is None:
        return [(value, str(label)) for value, label in Enrolment.Role.choices]
    allowed, labels = programme.roles(), programme.labels
    return [
        (value, labels.of(value).capitalize())
        for value, _label in Enrolment.Role.choices
        if value in allowed
    ]


class ProgrammeRolesMixin:
    """A form whose ``role`` field offers only the programme's roles."""

    fields: dict[str, forms.Field]

    def limit_roles(self, programme: Programme | None) -> None:
        choices = role_choices(programme)
        field = self.fields["role"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices
        if len(choices) == 1:
            field.initial = choices[0][0]


class ApplicationForm(ProgrammeRolesMixin, forms.Form):
    role = forms.ChoiceField(
        label=_("I am applying as"), choices=Enrolment.Role.choices, widget=forms.RadioSelect
    )
    goals = forms.CharField(
        label=_("Your goals"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Mentees: what you want to learn, develop or achieve."),
    )
    offers = forms.CharField(
        label=_("What you can offer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The experience and skills you can share with the other person of your pair."),
    )
    skills_wanted = forms.CharField(
        label=_("Skills you want to develop"),
        required=False,
        help_text=_("Mentees: separated by commas, e.g. “public speaking, machine learning”."),
    )
    capacity = forms.IntegerField(
        label=_("How many mentees can you take at once?"),
        required=False,
        min_value=1,
        max_value=20,
        help_text=_("Mentors: from 1 to 20."),
    )

    def __init__(self, *args: Any, programme: Programme | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_roles(programme)
        if programme is not None and programme.is_peer:
            # One pool: nobody chooses a role, and every peer gives both sides.
            self.fields["role"].widget = forms.HiddenInput()
            self.fields["goals"].label = _("What you want to work on")
            self.fields["goals"].help_text = _("What you hope your partner can help you with.")
            self.fields["skills_wanted"].help_text = _(
                "Separated by commas, e.g. “public speaking, machine learning”."
            )
            del self.fields["capacity"]
        else:
            del self.fields["offers"]
            if programme is not None and (programme.mentor_term or programme.mentee_term):
                self._name_roles(programme)

    def _name_roles(self, programme: Programme) -> None:
        """The help in the programme's own words for its roles."""
        labels = programme.labels
        words = {
            "Mentees": capfirst(labels.mentees),
            "Mentors": capfirst(labels.mentors),
            "mentees": labels.mentees,
        }
        self.fields["goals"].help_text = (
            _("%(Mentees)s: what you want to learn, develop or achieve.") % words
        )
        self.fields["skills_wanted"].help_text = (
            _("%(Mentees)s: separated by commas, e.g. “public speaking, machine learning”.") % words
        )
        self.fields["capacity"].label = _("How many %(mentees)s can you take at once?") % words
        self.fields["capacity"].help_text = _("%(Mentors)s: from 1 to 20.") % words

    def skill_terms(self) -> list[str]:
        return split_terms(self.cleaned_data.get("skills_wanted") or "")


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the applicant (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class BulkDecisionForm(DecisionForm):
    decision = forms.ChoiceField(
        choices=[
            (Enrolment.Status.APPROVED, _("Approve")),
            (Enrolment.Status.DECLINED, _("Decline")),
        ]
    )
    enrolments = forms.TypedMultipleChoiceField(coerce=int, choices=[], label=_("Applications"))

    def __init__(self, *args: Any, enrolment_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enrolments"].choices = [(pk, str(pk)) for pk in enrolment_ids]  # type: ignore[attr-defined]


class EnrolmentFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("Any role")), *Enrolment.Role.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *Enrolment.Status.choices],
    )

    def __init__(self, *args: Any, programme: Programme | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if programme is not None:
            # The roles by the programme's own names.
            role = self.fields["role"]
            assert isinstance(role, forms.ChoiceField)
            role.choices = [("", _("Any role")), *role_choices(programme)]


class EmailListField(forms.CharField):
    """Several addresses at once, one per line or separated by commas or semicolons."""

    widget = forms.Textarea(attrs={"rows": 4})

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return list(
            dict.fromkeys(
                part.strip().lower() for part in re.split(r"[\s,;]+", text) if part.strip()
            )
        )

    def validate(self, value: Any) -> None:
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        bad = []
        for email in value:
            try:
                validate_email(email)
            except ValidationError:
                bad.append(email)
        if bad:
            raise ValidationError(
                _("These are not email addresses: %(bad)s."), params={"bad": ", ".join(bad)}
            )
        if len(value) > 200:
            raise ValidationError(_("Invite at most 200 people at a time."))

    def run_validators(self, value: Any) -> None:
        # The max-length validators of CharField would measure the list, not the text.
        return None


class InvitationForm(ProgrammeRolesMixin, forms.Form):
    email = EmailListField(
        label=_("Email addresses"),
        help_text=_("One or more, one per line or separated by commas."),
    )
    role = forms.ChoiceField(label=_("Invite as"), choices=Enrolment.Role.choices)
    message = forms.CharField(
        label=_("Personal message (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    resend = forms.BooleanField(
        label=_("Send the email again if this address was already invited"), required=False
    )

    def __init__(self, *args: Any, programme: Programme | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_roles(programme)


MAX_PASTED_LINES = 10_000


def parse_pasted_emails(text: str) -> tuple[list[tuple[int, str]], list[LineProblem]]:
    """Addresses pasted one per line (or several on a line, separated by commas or
    semicolons), each with its line number; and the parts that are not addresses, by line."""
    emails: dict[str, int] = {}
    problems: list[LineProblem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        for part in (p.strip().strip("<>").lower() for p in re.split(r"[,;]", line)):
            if not part:
                continue
            try:
                validate_email(part)
            except ValidationError:
                problems.append(LineProblem(number, part[:200], str(_("Not an email address."))))
                continue
            if part in emails:
                problems.append(
                    LineProblem(
                        number,
                        part,
                        _("Already on line %(line)s; counted once.") % {"line": emails[part]},
                    )
                )
                continue
            emails[part] = number
    return [(line, email) for email, line in emails.items()], problems


class BulkInvitationForm(ProgrammeRolesMixin, forms.Form):
    """Who to invite, chosen from the imported organisation; the parts given are combined."""

    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.order_by("name"),
        required=False,
        empty_label=_("Any department"),
    )
    location = forms.ChoiceField(label=_("Location"), required=False)
    manager = forms.EmailField(
        label=_("Reporting to (manager's email)"),
        required=False,
        help_text=_("Everyone reporting up to this person, at any level below them."),
    )
    emails = forms.CharField(
        label=_("Or paste email addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One per line, or separated by commas."),
    )
    role = forms.ChoiceField(label=_("Invite as"), choices=Enrolment.Role.choices)
    message = forms.CharField(
        label=_("Personal message (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, programme: Programme | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_roles(programme)
        self.fields["location"].choices = [  # type: ignore[attr-defined]
            ("", _("Any location")),
            *((name, name) for name in people_locations()),
        ]
        self.manager_person: Person | None = None
        self.pasted: list[tuple[int, str]] = []
        self.problems: list[LineProblem] = []

    def clean_manager(self) -> str:
        email = self.cleaned_data["manager"]
        if email:
            self.manager_person = person_by_email(email)
            if self.manager_person is None:
                raise ValidationError(_("No one in the organisation has this address."))
        return str(email)

    def clean_emails(self) -> str:
        text = self.cleaned_data["emails"]
        if len(text.splitlines()) > MAX_PASTED_LINES:
            raise ValidationError(
                _("Paste at most %(lines)s lines at a time.") % {"lines": f"{MAX_PASTED_LINES:,}"}
            )
        self.pasted, self.problems = parse_pasted_emails(text)
        return str(text)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors and self.criteria().is_empty and not self.problems:
            raise ValidationError(_("Choose at least one filter, or paste some addresses."))
        return cleaned

    def criteria(self) -> InviteeCriteria:
        department = self.cleaned_data.get("department")
        return InviteeCriteria(
            department_id=department.pk if department else None,
            location=self.cleaned_data.get("location", ""),
            manager_id=self.manager_person.pk if self.manager_person else None,
            emails=tuple(self.pasted),
        )

    def description(self) -> str:
        """The filter in words, for the batch's page."""
        parts: list[str] = []
        if department := self.cleaned_data.get("department"):
            parts.append(_("department %(name)s") % {"name": department.name})
        if location := self.cleaned_data.get("location"):
            parts.append(_("location %(name)s") % {"name": location})
        if self.manager_person is not None:
            parts.append(_("reporting to %(name)s") % {"name": self.manager_person.name})
        if self.pasted:
            count = len(self.pasted)
            parts.append(
                ngettext("%(count)s pasted address", "%(count)s pasted addresses", count)
                % {"count": count}
            )
        text = ", ".join(parts)
        return text[:1].upper() + text[1:]
