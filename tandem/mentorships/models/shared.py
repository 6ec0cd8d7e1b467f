"""What a relationship writes, defined once for a pair and a group (`tandem.circles`).

Each class here is abstract: a pair's model and a circle's model inherit the same fields,
choices and rules, and add only what ties them to their relationship (a mentorship or a
circle) and who wrote them.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tandem.programmes.models import Cadence


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIDEO = "video", _("Video call")
    PHONE = "phone", _("Phone")
    MIXED = "mixed", _("A mix")


class CharterTerms(models.Model):
    """The text of a charter: what the people agree, and how they work together."""

    # The free text the people write, which the admin leaves out.
    CONTENT_FIELDS = (
        "desired_outcomes",
        "agenda_habits",
        "location",
        "confidentiality",
        "roles",
        "ending",
    )
    # Everything the people set, on the page and through the API, in the order the form shows.
    EDITABLE_FIELDS = (
        "desired_outcomes",
        "agenda_habits",
        "cadence",
        "meeting_format",
        "location",
        "confidentiality",
        "roles",
        "review_on",
        "ends_on",
        "ending",
    )

    desired_outcomes = models.TextField(
        help_text=_("What the mentee wants to be able to do or be by the end.")
    )
    agenda_habits = models.TextField(
        blank=True, help_text=_("How you prepare and run a meeting: who sets the agenda, notes.")
    )
    cadence = models.CharField(max_length=12, choices=Cadence.choices, default=Cadence.FORTNIGHTLY)
    meeting_format = models.CharField(
        max_length=12, choices=MeetingFormat.choices, default=MeetingFormat.IN_PERSON
    )
    location = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Somewhere away from the usual workplace helps you both speak freely."),
    )
    confidentiality = models.TextField(
        help_text=_("What may be shared outside the pair, and with whom.")
    )
    roles = models.TextField(
        _("roles and responsibilities"), blank=True, help_text=_("What each of you commits to.")
    )
    review_on = models.DateField(_("review date"), null=True, blank=True)
    ends_on = models.DateField(_("planned end"), null=True, blank=True)
    ending = models.TextField(
        _("when and how it ends"),
        blank=True,
        help_text=_(
            "What tells you the relationship has done its work, and how either of you "
            "can end it early without blame."
        ),
    )

    class Meta:
        abstract = True

    def review_is_due(self, today: date) -> bool:
        return self.review_on is not None and self.review_on <= today


class GoalStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    ACHIEVED = "achieved", _("Achieved")
    DROPPED = "dropped", _("Dropped")


# The goal fields people edit, on the page and through the API, in the order the form shows.
GOAL_EDITABLE_FIELDS = ("title", "description", "success_criterion", "target_on", "is_stretch")


class GoalFields(models.Model):
    """A goal with a measurable criterion, and the progress made towards it."""

    Status = GoalStatus

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    success_criterion = models.CharField(
        _("how we will know"),
        max_length=300,
        help_text=_("Measurable: what will be true when done?"),
    )
    target_on = models.DateField(_("target date"), null=True, blank=True)
    is_stretch = models.BooleanField(
        _("stretch goal"),
        default=False,
        help_text=_("Ambitious on purpose: partial success counts."),
    )
    status = models.CharField(
        max_length=12, choices=GoalStatus.choices, default=GoalStatus.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(100)])
    achieved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_open(self) -> bool:
        return self.status in (GoalStatus.NOT_STARTED, GoalStatus.IN_PROGRESS)

    def is_overdue(self, today: date) -> bool:
        return self.target_on is not None and self.target_on < today and self.is_open


MARKS = ("engagement", "flexibility", "authenticity", "reciprocity")
MARK_LABELS = {
    "engagement": _("engagement"),
    "flexibility": _("flexibility"),
    "authenticity": _("authenticity"),
    "reciprocity": _("reciprocity"),
}
MARK_HELP = {
    "engagement": _("We both turn up prepared and give the relationship our attention."),
    "flexibility": _("We adapt when plans, needs or circumstances change."),
    "authenticity": _("We are honest with each other, including about what is hard."),
    "reciprocity": _("We both give and both gain."),
}


def _mark(name: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        MARK_LABELS[name],
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=MARK_HELP[name],
    )


class CheckInMarks(models.Model):
    """The four marks of a healthy relationship, from 1 to 5, and a comment.

    The scores are metadata (the coordinator sees them); the comment is not."""

    engagement = _mark("engagement")
    flexibility = _mark("flexibility")
    authenticity = _mark("authenticity")
    reciprocity = _mark("reciprocity")
    comment = models.TextField(blank=True)

    class Meta:
        abstract = True

    @property
    def average(self) -> float:
        return sum(getattr(self, mark) for mark in MARKS) / len(MARKS)

    def scores(self) -> dict[str, int]:
        return {mark: getattr(self, mark) for mark in MARKS}


class JournalFields(models.Model):
    """A reflection, private to its author until they share it."""

    title = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    shared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_shared(self) -> bool:
        return self.shared_at is not None


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")
    MISSED = "missed", _("Missed")


class MeetingFields(models.Model):
    """When and where a meeting is, and whether it happened."""

    Status = MeetingStatus

    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    meeting_format = models.CharField(
        max_length=12, choices=MeetingFormat.choices, default=MeetingFormat.IN_PERSON
    )
    location = models.CharField(max_length=200, blank=True)
    video_link = models.URLField(
        _("video link"),
        max_length=500,
        blank=True,
        help_text=_(
            "The call's address. Left empty for a video call, the programme's room is used."
        ),
    )
    status = models.CharField(
        max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    sequence = models.PositiveIntegerField(
        default=0, help_text=_("Bumped on each change so calendar applications update the event.")
    )

    class Meta:
        abstract = True

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    def is_past(self, now: datetime) -> bool:
        return self.starts_at < now
