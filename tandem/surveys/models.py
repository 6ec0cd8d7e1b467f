"""A coordinator's surveys, whom each was sent to and on what occasion, and the answers."""

from __future__ import annotations

import secrets

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tandem.core.models import TimeStampedModel
from tandem.mentorships.models import Mentorship
from tandem.people.models import Person
from tandem.programmes.models import Programme

# Below this many respondents an aggregate could point at one person: it is withheld.
MIN_RESPONDENTS = 5


class Survey(TimeStampedModel):
    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("Mentors and mentees")
        MENTORS = "mentors", _("Mentors only")
        MENTEES = "mentees", _("Mentees only")

    class Trigger(models.TextChoices):
        ONCE = "once", _("Once, to the programme's participants")
        AFTER_MATCHING = "after_matching", _("Some days after a pair is matched")
        MEETING_HELD = "meeting_held", _("After each meeting marked held")
        CLOSURE = "closure", _("When a pair closes")

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("survey status", "Draft")
        ACTIVE = "active", pgettext_lazy("survey status", "Active")
        CLOSED = "closed", pgettext_lazy("survey status", "Closed")

    PAIR_TRIGGERS = (Trigger.AFTER_MATCHING, Trigger.MEETING_HELD, Trigger.CLOSURE)

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="surveys")
    title = models.CharField(max_length=200)
    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("Shown above the questions to each respondent.")
    )
    audience = models.CharField(max_length=10, choices=Audience.choices, default=Audience.EVERYONE)
    trigger = models.CharField(
        _("send"), max_length=20, choices=Trigger.choices, default=Trigger.ONCE
    )
    days_after_matching = models.PositiveSmallIntegerField(
        _("days after matching"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(730)],
        help_text=_(
            "For surveys sent after matching: 30 sends it a month after the pair was made."
        ),
    )
    repeat_every_days = models.PositiveSmallIntegerField(
        _("then every (days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(7), MaxValueValidator(365)],
        help_text=_("Optional: send it again at this interval while the pair is open."),
    )
    remind_after_days = models.PositiveSmallIntegerField(
        _("remind after (days)"),
        default=7,
        validators=[MaxValueValidator(90)],
        help_text=_(
            "Whoever has not answered is reminded once, this many days after it was sent "
            "to them. 0 sends no reminder."
        ),
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Occasions before this moment are not surveyed: activating a survey does not reach back
    # to every pair matched or closed before it existed.
    activated_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_pair_based(self) -> bool:
        return self.trigger in self.PAIR_TRIGGERS


class Question(models.Model):
    class Kind(models.TextChoices):
        RATING = "rating", _("Rating from 1 to 5")
        NPS = "nps", _("From 0 to 10 (would recommend)")
        SINGLE = "single", _("One choice")
        MULTIPLE = "multiple", _("Several choices")
        TEXT = "text", _("Free text")

    CHOICE_KINDS = (Kind.SINGLE, Kind.MULTIPLE)

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    text = models.CharField(max_length=300)
    choices = models.JSONField(default=list, blank=True)
    required = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def scale(self) -> range | None:
        if self.kind == self.Kind.RATING:
            return range(1, 6)
        if self.kind == self.Kind.NPS:
            return range(0, 11)
        return None


def _token() -> str:
    return secrets.token_urlsafe(16)


class Delivery(models.Model):
    """A survey sent to one person on one occasion: the once-only record, and what the
    response rate counts. `occasion` names it ("once", "matched:<pair>:<period>",
    "meeting:<meeting>", "closure:<pair>")."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="deliveries")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="survey_deliveries")
    mentorship = models.ForeignKey(
        Mentorship,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="survey_deliveries",
    )
    occasion = models.CharField(max_length=60)
    token = models.CharField(max_length=40, unique=True, default=_token, editable=False)
    sent_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    # Claimed before the reminder goes, so that two schedulers never both remind.
    reminded_at = models.DateTimeField(null=True, blank=True)
    shared_with_coordinator = models.BooleanField(
        _("the coordinator may read this"),
        default=False,
    )

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "person", "occasion"], name="survey_delivery_once"
            )
        ]
        indexes = [models.Index(fields=["person", "answered_at"])]

    def __str__(self) -> str:
        return f"{self.survey} to person {self.person_id} ({self.occasion})"


class Answer(models.Model):
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    # An int for the scales, a choice for one choice, a list of choices, or text.
    value = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["delivery", "question"], name="survey_answer_once")
        ]

    def __str__(self) -> str:
        return f"answer to question {self.question_id}"
