"""Forms of a circle's life: the pair's forms where the fields are the same, parsing only; the
services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tandem.circles.models import (
    Circle,
    CircleAttendance,
    CircleCharterVersion,
    CircleConcern,
    CircleGoal,
    CircleMember,
)
from tandem.core.widgets import DateInput
from tandem.mentorships.forms import (
    AgendaItemForm,
    CheckInForm,
    GoalForm,
    GoalProgressForm,
    JournalEntryForm,
    MeetingForm,
    NoteForm,
)
from tandem.mentorships.models.shared import GOAL_EDITABLE_FIELDS

__all__ = [
    "AgendaItemForm",
    "AttendanceForm",
    "CircleCharterForm",
    "CircleCheckInForm",
    "CircleGoalForm",
    "CircleJournalEntryForm",
    "CircleMeetingForm",
    "CloseForm",
    "ConcernForm",
    "GoalProgressForm",
    "NoteForm",
]


class CircleCharterForm(forms.ModelForm[CircleCharterVersion]):
    class Meta:
        model = CircleCharterVersion
        fields = list(CircleCharterVersion.EDITABLE_FIELDS)
        widgets = {"review_on": DateInput(), "ends_on": DateInput()}
        help_texts = {
            "desired_outcomes": _("What the circle wants its members to be able to do by the end."),
            "location": _("Somewhere away from the usual workplace helps everyone speak freely."),
            "confidentiality": _("What may be shared outside the circle, and with whom."),
            "roles": _("What the facilitators and the members each commit to."),
            "ending": _(
                "What tells you the circle has done its work, and how anyone can leave "
                "it without blame."
            ),
        }


class CircleGoalForm(forms.ModelForm[CircleGoal]):
    class Meta:
        model = CircleGoal
        # The pair's goal fields and widgets: a goal reads and is edited the same way.
        fields = list(GOAL_EDITABLE_FIELDS)
        widgets = GoalForm.Meta.widgets

    def __init__(self, *args: Any, with_whose: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only a new goal chooses whose it is; an existing one stays shared or the member's own.
        if with_whose:
            self.fields["whose"] = forms.ChoiceField(
                choices=[("shared", _("The circle's")), ("own", _("My own"))],
                initial="shared",
                widget=forms.RadioSelect,
                label=_("Whose goal"),
                help_text=_("Every member reads both; only you change your own goals."),
            )


class CircleMeetingForm(MeetingForm):
    """The pair's meeting form, one meeting at a time: a circle agrees its dates together."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["repeat"]
        self.fields["location"].help_text = _("The room, or the link to the video call.")


class AttendanceForm(forms.Form):
    """One choice per current member."""

    def __init__(self, *args: Any, members: list[CircleMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = members
        for member in members:
            self.fields[f"person_{member.person_id}"] = forms.ChoiceField(
                choices=CircleAttendance.Status.choices,
                initial=CircleAttendance.Status.PRESENT,
                label=member.person.name,
                widget=forms.RadioSelect,
            )

    def attendance(self) -> dict[int, str]:
        return {m.person_id: self.cleaned_data[f"person_{m.person_id}"] for m in self.members}


class CircleJournalEntryForm(JournalEntryForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, share_label=gettext("Share with the circle"), **kwargs)
        self.fields["share"].help_text = _(
            "Entries are private to you unless you share them with the circle's members."
        )


class CircleCheckInForm(CheckInForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(
            *args,
            comment_help=gettext(
                "Read by the circle's members. The coordinator sees the scores only."
            ),
            **kwargs,
        )


class ConcernForm(forms.Form):
    audience = forms.ChoiceField(
        choices=CircleConcern.Audience.choices, widget=forms.RadioSelect, label=_("Send to")
    )
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        label=_("Message"),
        help_text=_("Exactly this text is sent, and nothing else from your circle."),
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=Circle.Outcome.choices, widget=forms.RadioSelect, label=_("How did it end?")
    )
