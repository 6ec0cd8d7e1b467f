from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tandem.core.widgets import DateInput
from tandem.people.models import Person, validate_timezone
from tandem.people.selectors import is_mentor_anywhere, manager_choice_problem, person_by_email
from tandem.people.terms import (
    LEVEL_HINT,
    LanguageLookup,
    SkillEntry,
    TermError,
    format_skill_list,
    parse_skill_list,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class ProfileForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    job_title = forms.CharField(label=_("Job title"), max_length=150, required=False)
    department = forms.CharField(
        label=_("Department"),
        max_length=120,
        required=False,
        help_text=_("Choose one from the list or type a new one."),
        widget=forms.TextInput(attrs={"list": "department-options", "autocomplete": "off"}),
    )
    location = forms.CharField(
        label=_("Location"), max_length=150, required=False, help_text=_("Office or city.")
    )
    timezone = forms.CharField(
        label=_("Time zone"),
        max_length=64,
        validators=[validate_timezone],
        help_text=_("An IANA time zone such as Europe/London or America/New_York."),
        widget=forms.TextInput(attrs={"list": "timezone-options", "autocomplete": "off"}),
    )
    languages = forms.CharField(
        label=_("Languages"),
        required=False,
        help_text=_("Separate with commas, e.g. “English, French” or “en, fr”."),
    )
    language = forms.ChoiceField(
        label=_("Language of Tandem's pages and emails"),
        choices=[("", _("Your browser's language")), *settings.LANGUAGES],
        required=False,
        help_text=_(
            "With your browser's language, pages follow your browser and emails are in English."
        ),
    )
    manager_email = forms.EmailField(
        label=_("Your manager's email"),
        required=False,
        help_text=_("Leave empty if you have no manager in the organisation."),
    )
    bio = forms.CharField(
        label=_("Background"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    skills = forms.CharField(
        label=_("Skills"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=format_lazy(
            _(
                "One per line as “skill: level”, e.g. “Python: expert” ({hint}). "
                "Common names and abbreviations such as “ML” are recognised."
            ),
            hint=LEVEL_HINT,
        ),
    )
    interests = forms.CharField(
        label=_("Interests"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    birthday = forms.DateField(label=_("Birthday"), required=False, widget=DateInput())
    celebrate_birthday = forms.BooleanField(
        required=False, label=_("Celebrate my birthday with my mentoring partners")
    )
    work_anniversary = forms.DateField(
        label=_("Date I joined the organisation"),
        required=False,
        widget=DateInput(),
    )
    celebrate_work_anniversary = forms.BooleanField(
        required=False, label=_("Celebrate my work anniversary")
    )
    not_taking_mentees = forms.BooleanField(
        required=False,
        label=_("I am not taking new mentees"),
        help_text=_(
            "Mentees will not find you among recommended mentors or be able to ask you, "
            "and matching gives you nobody new. Your current mentees and requests stay as "
            "they are."
        ),
    )
    not_taking_mentees_until = forms.DateField(
        label=_("Until (optional)"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "The last day it holds; from the day after you take new mentees again. "
            "Leave empty to keep it until you switch it off."
        ),
    )
    visibility = forms.MultipleChoiceField(
        label=_("Other participants may see"),
        choices=Person.VISIBLE_FIELD_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Your name is always shown. Matching still uses your whole profile."),
    )

    SECTIONS: tuple[tuple[StrOrPromise, tuple[str, ...]], ...] = (
        (_("About you"), ("name", "job_title", "department", "location", "manager_email")),
        (_("Time zone and languages"), ("timezone", "languages", "language")),
        (_("Background and skills"), ("bio", "skills", "interests")),
        (
            _("Celebrations"),
            ("birthday", "celebrate_birthday", "work_anniversary", "celebrate_work_anniversary"),
        ),
        (_("New mentees"), ("not_taking_mentees", "not_taking_mentees_until")),
        (_("Privacy"), ("visibility",)),
    )
    AVAILABILITY_FIELDS = ("not_taking_mentees", "not_taking_mentees_until")

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        self.person = person
        kwargs.setdefault("initial", self.initial_for(person))
        super().__init__(*args, **kwargs)
        if not is_mentor_anywhere(person):
            # Only mentors are asked; leaving the fields out keeps whatever was stored.
            for name in self.AVAILABILITY_FIELDS:
                del self.fields[name]

    @staticmethod
    def initial_for(person: Person) -> dict[str, Any]:
        skills = [(ps.skill.name, ps.level) for ps in person.person_skills.select_related("skill")]
        return {
            "name": person.name,
            "job_title": person.job_title,
            "department": person.department.name if person.department else "",
            "location": person.location,
            "timezone": person.timezone,
            "languages": ", ".join(language.name for language in person.languages.all()),
            "language": person.user.language if person.user else "",
            "manager_email": person.manager.email if person.manager else "",
            "bio": person.bio,
            "skills": format_skill_list(skills),
            "interests": person.interests,
            "birthday": person.birthday,
            "celebrate_birthday": person.celebrate_birthday,
            "work_anniversary": person.work_anniversary,
            "celebrate_work_anniversary": person.celebrate_work_anniversary,
            # A pause whose date has passed shows as off, so the page saves as loaded.
            "not_taking_mentees": person.is_not_taking_mentees,
            "not_taking_mentees_until": (
                person.not_taking_mentees_until if person.is_not_taking_mentees else None
            ),
            "visibility": person.visible_fields,
        }

    def sections(self) -> list[tuple[StrOrPromise, list[forms.BoundField]]]:
        out = []
        for title, names in self.SECTIONS:
            fields = [self[name] for name in names if name in self.fields]
            if fields:
                out.append((title, fields))
        return out

    def clean_timezone(self) -> str:
        return str(self.cleaned_data["timezone"]).strip()

    def clean_languages(self) -> list[Any]:
        try:
            return LanguageLookup().parse_list(self.cleaned_data["languages"], ",")
        except TermError as exc:
            raise ValidationError(str(exc)) from exc

    def clean_skills(self) -> list[SkillEntry]:
        try:
            return parse_skill_list(self.cleaned_data["skills"], separators="\n;")
        except TermError as exc:
            raise ValidationError(str(exc)) from exc

    def clean_manager_email(self) -> Person | None:
        email = self.cleaned_data["manager_email"]
        if not email:
            return None
        manager = person_by_email(email)
        if manager is None:
            raise ValidationError(gettext("Nobody in the organisation has this email address."))
        problem = manager_choice_problem(person=self.person, manager=manager)
        if problem:
            raise ValidationError(problem)
        return manager

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("celebrate_birthday") and not cleaned.get("birthday"):
            self.add_error("birthday", gettext("Add your birthday so that it can be celebrated."))
        if cleaned.get("celebrate_work_anniversary") and not cleaned.get("work_anniversary"):
            self.add_error("work_anniversary", gettext("Add the date you joined to celebrate it."))
        until = cleaned.get("not_taking_mentees_until")
        if cleaned.get("not_taking_mentees") and until and until < timezone.localdate():
            self.add_error(
                "not_taking_mentees_until",
                gettext("Choose today or a later day, or leave it empty."),
            )
        return cleaned

    def changes(self) -> dict[str, Any]:
        """The cleaned data in the shape person_profile_update takes."""
        data = dict(self.cleaned_data)
        data["manager"] = data.pop("manager_email")
        data["visible_fields"] = data.pop("visibility")
        return data


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8 CSV with a header row; see the column list below."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                gettext("The file is larger than 20 MB; split it into several files.")
            )
        raw = upload.read()
        try:
            self.text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError(
                gettext("The file is not UTF-8 text: save it as “CSV UTF-8”.")
            ) from exc
        if not self.text.strip():
            raise ValidationError(gettext("The file is empty."))
        return upload


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_(
            "A JPEG, PNG or WebP up to 5 MB. It is cropped square; camera details and "
            "location are removed."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove = forms.BooleanField(required=False, label=_("Remove my photo"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("photo") and not data.get("remove"):
            raise ValidationError(gettext("Choose a photo to upload."))
        return data


class EraseForm(forms.Form):
    """The operator types the person's email address, so the wrong person is never erased."""

    email = forms.EmailField(
        label=_("Their email address, to confirm"),
        help_text=_("Erasing cannot be undone."),
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip().lower()
        if email != self.person.email.lower():
            raise forms.ValidationError(gettext("That is not this person's email address."))
        return email


class ParticipantField(forms.CharField):
    """One participant of the programme, typed as an email address or a full name.

    A programme can hold tens of thousands of people, so they are not listed in a select; the
    email is exact and the name is accepted when only one person in the role has it.
    """

    def __init__(self, *, role: str, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 254)
        kwargs.setdefault("help_text", _("Their email address, or their full name."))
        super().__init__(**kwargs)
        self.role = role
        self.queryset: Any = Person.objects.none()
        self.widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})

    def clean(self, value: Any) -> Person:
        text = super().clean(value).strip()
        by_email = list(self.queryset.filter(email__iexact=text)[:2])
        if len(by_email) == 1:
            return by_email[0]
        by_name = list(self.queryset.filter(name__iexact=text)[:2])
        if len(by_name) == 1:
            return by_name[0]
        if by_name:
            raise forms.ValidationError(
                # Translators: role is the programme's word for the role, such as "mentee".
                gettext("More than one %(role)s is called %(name)s: give their email address.")
                % {"role": self.role, "name": text}
            )
        raise forms.ValidationError(
            # Translators: role is the programme's word for the role, such as "mentee".
            gettext("No approved %(role)s of this programme has that email address or name.")
            % {"role": self.role}
        )
