"""Forms parse and validate input; the services decide and write."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tandem.core.widgets import DateInput, DateTimeInput
from tandem.mentorships.health import DEFAULT_WEIGHTS, FACTOR_LABELS
from tandem.mentorships.models import (
    MARK_LABELS,
    MARKS,
    CharterVersion,
    DevelopmentOpportunity,
    Goal,
    LearningNeed,
    Meeting,
    MeetingFormat,
    Mentorship,
    OutcomeSurvey,
    Prompt,
    TeachBack,
)
from tandem.mentorships.models.shared import GOAL_EDITABLE_FIELDS, MARK_HELP
from tandem.people.forms import ParticipantField
from tandem.people.models import Person
from tandem.programmes.models import Enrolment, Programme
from tandem.programmes.roles import RoleLabels

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class LabelledChoiceField(forms.ModelChoiceField):
    """Options read as what the people wrote ("Lead the budget round"), never as the model's
    id-only name ("Goal 64 of mentorship 1"), which exists for logs and the admin."""

    def __init__(self, *args: Any, label_attr: str = "title", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.label_attr = label_attr

    def label_from_instance(self, obj: Any) -> str:
        text = str(getattr(obj, self.label_attr))
        return text if len(text) <= 80 else f"{text[:79]}…"


class PairForm(forms.Form):
    mentee = ParticipantField(role="mentee", label=_("Mentee"))
    mentor = ParticipantField(role="mentor", label=_("Mentor"))
    reporting_line_exception = forms.BooleanField(
        required=False,
        label=_("Allow a reporting-line exception"),
        help_text=_(
            "Only if the mentor is in the mentee's management chain and there is no "
            "other way; it will show as an exception."
        ),
    )
    reporting_line_reason = forms.CharField(required=False, max_length=300, label=_("Reason"))

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # One filter() call, so programme, status and role all apply to the same enrolment:
        # chained calls would join every enrolment of the person and could find someone
        # enrolled in two programmes twice.
        roles = (("mentee", Enrolment.Role.MENTEE), ("mentor", Enrolment.Role.MENTOR))
        labels = programme.labels
        if programme.is_peer:
            roles = (("mentee", Enrolment.Role.PEER), ("mentor", Enrolment.Role.PEER))
            self.fields["mentee"].label = gettext("Peer")
            self.fields["mentor"].label = gettext("Partner")
            self.fields["reporting_line_exception"].help_text = gettext(
                "Only if one is in the other's management chain and there is no other way; "
                "it will show as an exception."
            )
        for field, role in roles:
            self.fields[field].role = labels.of(field)  # type: ignore[attr-defined]
            self.fields[field].queryset = Person.objects.filter(  # type: ignore[attr-defined]
                enrolments__programme=programme,
                enrolments__status=Enrolment.Status.APPROVED,
                enrolments__role=role,
            )


class CharterForm(forms.ModelForm[CharterVersion]):
    class Meta:
        model = CharterVersion
        fields = list(CharterVersion.EDITABLE_FIELDS)
        widgets = {"review_on": DateInput(), "ends_on": DateInput()}
        # The fields whose model names no label of its own.
        labels = {
            "desired_outcomes": _("Desired outcomes"),
            "agenda_habits": _("Agenda habits"),
            "cadence": _("Cadence"),
            "meeting_format": _("Meeting format"),
            "location": _("Location"),
            "confidentiality": _("Confidentiality"),
        }

    def __init__(self, *args: Any, labels: RoleLabels | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if labels is not None:
            # What the pair wants from it, in the words of the programme's kind.
            self.fields["desired_outcomes"].label = labels.charter_outcomes
            self.fields["desired_outcomes"].help_text = labels.charter_outcomes_help


class GoalForm(forms.ModelForm[Goal]):
    class Meta:
        model = Goal
        fields = list(GOAL_EDITABLE_FIELDS)
        widgets = {"target_on": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}
        labels = {"title": _("Title"), "description": _("Description")}


class GoalProgressForm(forms.Form):
    progress = forms.IntegerField(min_value=0, max_value=100, label=_("Progress (%)"))
    status = forms.ChoiceField(label=_("Status"), choices=Goal.Status.choices)


class CommentForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label=_("Comment"))


class MilestoneForm(forms.Form):
    title = forms.CharField(max_length=200, label=_("Milestone"))
    due_on = forms.DateField(required=False, widget=DateInput(), label=_("Due"))


class LearningNeedForm(forms.Form):
    description = forms.CharField(max_length=300, label=_("What do you need to learn?"))
    goal = LabelledChoiceField(
        queryset=Goal.objects.none(), required=False, label=_("For goal"), label_attr="title"
    )

    def __init__(self, *args: Any, mentorship: Mentorship, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = mentorship.goals.all()  # type: ignore[attr-defined]


class OpportunityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DevelopmentOpportunity.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    details = forms.CharField(
        label=_("Details"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    need = LabelledChoiceField(
        queryset=LearningNeed.objects.none(),
        required=False,
        label=_("Meets the need"),
        label_attr="description",
    )

    def __init__(self, *args: Any, mentorship: Mentorship, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["need"].queryset = mentorship.learning_needs.all()  # type: ignore[attr-defined]


class OpportunityStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=DevelopmentOpportunity.Status.choices)


class TeachBackForm(forms.ModelForm[TeachBack]):
    class Meta:
        model = TeachBack
        fields = ["description", "audience", "taught_on", "opportunity"]
        widgets = {"taught_on": DateInput(), "description": forms.Textarea(attrs={"rows": 2})}
        field_classes = {"opportunity": LabelledChoiceField}
        labels = {
            "description": _("Description"),
            "audience": _("Audience"),
            "taught_on": _("Taught on"),
            "opportunity": _("Opportunity"),
        }

    def __init__(self, *args: Any, mentorship: Mentorship, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opportunity"].queryset = mentorship.opportunities.all()  # type: ignore[attr-defined]


class MeetingForm(forms.Form):
    starts_at = forms.DateTimeField(
        widget=DateTimeInput(), label=_("Starts"), help_text=_("In your time zone.")
    )
    duration_minutes = forms.IntegerField(
        min_value=10, max_value=480, initial=60, label=_("Length (minutes)")
    )
    meeting_format = forms.ChoiceField(choices=MeetingFormat.choices, label=_("Format"))
    location = forms.CharField(
        label=_("Location"),
        max_length=200,
        required=False,
        help_text=_("Somewhere away from the usual workplace."),
    )
    video_link = forms.URLField(
        label=_("Video link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_(
            "For a video call. Left empty, the programme's video room is used if it has one."
        ),
    )
    repeat = forms.IntegerField(
        min_value=1,
        max_value=26,
        initial=1,
        label=_("Number of meetings"),
        help_text=_("More than one schedules a series at the charter's cadence."),
    )


class MeetingStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Meeting.Status.choices)


class AgendaItemForm(forms.Form):
    text = forms.CharField(max_length=300, label=_("Agenda item"))


class NoteForm(forms.Form):
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}), required=False, label=_("Notes")
    )


class ActionItemForm(forms.Form):
    text = forms.CharField(max_length=300, label=_("Action"))
    owner = forms.ChoiceField(
        label=_("Owner"), choices=[("mentee", _("Mentee")), ("mentor", _("Mentor"))]
    )
    due_on = forms.DateField(required=False, widget=DateInput(), label=_("Due"))

    def __init__(self, *args: Any, mentorship: Mentorship, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mentorship = mentorship
        labels = mentorship.programme.labels
        self.fields["owner"].choices = [  # type: ignore[attr-defined]
            ("mentee", labels.named("mentee", mentorship.mentee.name)),
            ("mentor", labels.named("mentor", mentorship.mentor.name)),
        ]

    def owner_person(self) -> Person:
        if self.cleaned_data["owner"] == "mentor":
            return self.mentorship.mentor
        return self.mentorship.mentee


class AttendanceForm(forms.Form):
    def __init__(self, *args: Any, mentorship: Mentorship, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from tandem.mentorships.models import Attendance

        for role, person in (("mentee", mentorship.mentee), ("mentor", mentorship.mentor)):
            self.fields[role] = forms.ChoiceField(
                choices=[("", gettext("Not recorded")), *Attendance.Status.choices],
                required=False,
                label=person.name,
            )


class JournalEntryForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}), label=_("Reflection"))
    share = forms.BooleanField(
        required=False,
        label=_("Share with my partner"),
        help_text=_("Entries are private to you unless you share them."),
    )

    def __init__(self, *args: Any, share_label: StrOrPromise = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if share_label:
            self.fields["share"].label = share_label


class FeedbackForm(forms.Form):
    keep = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("What should your partner keep doing?"),
    )
    try_next = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("What could they try next?"),
        help_text=_("Look forward: a suggestion for the next meetings, not a verdict on the past."),
    )


SCORE_CHOICES = [(n, str(n)) for n in range(1, 6)]
PAIR_COMMENT_HELP = _("Seen by your partner only. The coordinator sees the scores.")


class CheckInForm(forms.Form):
    """The four marks and a comment; `comment_help` says who reads the comment."""

    def __init__(
        self,
        *args: Any,
        comment_help: StrOrPromise = PAIR_COMMENT_HELP,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for mark in MARKS:
            self.fields[mark] = forms.TypedChoiceField(
                choices=SCORE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                label=capfirst(MARK_LABELS[mark]),
                help_text=gettext("%(mark_help)s 1 is poor, 5 is excellent.")
                % {"mark_help": MARK_HELP[mark]},
            )
        self.fields["comment"] = forms.CharField(
            label=_("Comment"),
            widget=forms.Textarea(attrs={"rows": 3}),
            required=False,
            help_text=comment_help,
        )


class ConcernForm(forms.Form):
    audience = forms.ChoiceField(
        choices=[
            ("partner", _("My partner")),
            ("coordinator", _("The programme coordinator")),
            ("both", _("Both")),
        ],
        widget=forms.RadioSelect,
        label=_("Send to"),
    )
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        label=_("Message"),
        help_text=_("Exactly this text is sent, and nothing else from your mentorship."),
    )


class ClosureForm(forms.Form):
    went_well = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label=_("What went well?")
    )
    learnt = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label=_("What did you learn?")
    )
    next_steps = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("What will you do next?")
    )
    share_reflection = forms.BooleanField(
        required=False, label=_("Share this reflection with my partner")
    )
    goals_achieved = forms.ChoiceField(
        choices=OutcomeSurvey.GoalsAchieved.choices, label=_("How many of the goals were achieved?")
    )
    confidence_before = forms.IntegerField(
        min_value=1, max_value=10, label=_("Your confidence before the mentorship (1 to 10)")
    )
    confidence_after = forms.IntegerField(
        min_value=1, max_value=10, label=_("Your confidence now (1 to 10)")
    )
    would_recommend = forms.IntegerField(
        min_value=0,
        max_value=10,
        label=_("How likely are you to recommend mentoring to a colleague? (0 to 10)"),
    )


class ExitForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label=_("Reason (optional)"),
        help_text=_("Only the programme coordinator reads this; your partner does not."),
    )


class MaturityForm(forms.Form):
    maturity = forms.ChoiceField(choices=Mentorship.Maturity.choices, label=_("Phase"))


class PromptForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Prompt.Purpose.choices)
    text = forms.CharField(max_length=300, label=_("Question"))


class HealthSettingsForm(forms.Form):
    checkin_interval_days = forms.IntegerField(
        min_value=7, max_value=180, label=_("Ask for a check-in every (days)")
    )
    contact_amber_days = forms.IntegerField(
        min_value=1, max_value=365, label=_("Amber after this many days without contact")
    )
    contact_red_days = forms.IntegerField(
        min_value=2, max_value=365, label=_("Red after this many days without contact")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in DEFAULT_WEIGHTS:
            self.fields[f"weight_{name}"] = forms.DecimalField(
                min_value=0,
                max_value=10,
                decimal_places=2,
                label=gettext("Weight: %(factor)s") % {"factor": FACTOR_LABELS[name]},
            )

    def weights(self) -> dict[str, object]:
        return {name: float(self.cleaned_data[f"weight_{name}"]) for name in DEFAULT_WEIGHTS}
