"""Match runs with their proposals, the coordinator's pair rules, and mentees' requests."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tandem.core.models import TimeStampedModel
from tandem.matching.engine.model import Weights
from tandem.people.models import Person
from tandem.programmes.models import Programme

DEFAULT_WEIGHTS = Weights()
# The junior-mentor weight a reverse programme starts with: enough to prefer a junior mentor
# among mentors who fit about as well, not enough to outweigh a clearly better fit.
REVERSE_JUNIOR_MENTOR = 0.25
# The publishing stage that counts the people told so far, as the worker stores it.
NOTIFYING_STAGE = re.compile(r"^Notifying people \((?P<done>\d+) of (?P<total>\d+)\)$")


class MatchingSettings(models.Model):
    """A programme's matching defaults: score weights and how long a request stays open."""

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="matching_settings"
    )
    request_expiry_days = models.PositiveSmallIntegerField(
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_("A mentor request nobody answered expires after this many days."),
    )
    max_pending_requests = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("How many mentors a mentee may ask at the same time."),
    )
    weight_goals = models.FloatField(
        default=DEFAULT_WEIGHTS.goals, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    weight_expectations = models.FloatField(
        default=DEFAULT_WEIGHTS.expectations,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    weight_preferences = models.FloatField(
        default=DEFAULT_WEIGHTS.preferences,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    weight_cross_department = models.FloatField(
        default=DEFAULT_WEIGHTS.cross_department,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    # Reverse mentoring's preference for a mentor earlier in their career than the mentee;
    # a reverse programme without settings of its own starts at REVERSE_JUNIOR_MENTOR.
    weight_junior_mentor = models.FloatField(
        default=DEFAULT_WEIGHTS.junior_mentor,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )

    class Meta:
        verbose_name = _("matching settings")
        verbose_name_plural = _("matching settings")

    def __str__(self) -> str:
        return f"Matching settings of {self.programme}"

    @property
    def weights(self) -> dict[str, float]:
        return {
            "goals": self.weight_goals,
            "expectations": self.weight_expectations,
            "preferences": self.weight_preferences,
            "cross_department": self.weight_cross_department,
            "junior_mentor": self.weight_junior_mentor,
        }


class MatchRun(TimeStampedModel):
    """One run of the matching engine over a programme's cohort, and what came of it."""

    class Mode(models.TextChoices):
        OPTIMAL = "optimal", _("Optimal (most matched, then best total score)")
        STABLE = "stable", _("Stable (no pair would rather swap)")
        GREEDY = "greedy", _("Greedy (baseline)")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Ready for review")
        FAILED = "failed", _("Failed")
        PUBLISHING = "publishing", _("Publishing")
        PUBLISHED = "published", _("Published")
        # Another run of the programme was published after this one read the cohort, so its
        # pairs are out of date: it can be read and re-run, never published.
        SUPERSEDED = "superseded", _("Out of date")

    FINISHED = (Status.DONE, Status.FAILED, Status.PUBLISHED, Status.SUPERSEDED)

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="match_runs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reruns",
        help_text=_("The run this one re-ran, keeping its pins."),
    )
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.OPTIMAL)
    weights = models.JSONField(default=dict)
    rules = models.JSONField(default=dict, help_text=_("The programme's rules when the run began."))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=40, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    metrics = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["programme", "-created_at"])]

    def __str__(self) -> str:
        return f"Match run {self.pk} of {self.programme} ({self.mode})"

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def stage_text(self) -> str:
        """The stage in the active language. The worker stores it in English (marked for
        translation where it is written), so that a run reads in each coordinator's language."""
        notifying = NOTIFYING_STAGE.match(self.stage)
        if notifying is not None:
            return _("Notifying people (%(done)s of %(total)s)") % {
                "done": notifying["done"],
                "total": notifying["total"],
            }
        # The stored English is the message id ("" would be the catalogue's header).
        return str(_(self.stage)) if self.stage else ""

    @property
    def is_reviewable(self) -> bool:
        """Proposals can be adjusted and published only while the run waits for review."""
        return self.status == self.Status.DONE

    @property
    def matched(self) -> int:
        return int(self.metrics.get("matched", 0))

    @property
    def unmatched(self) -> int:
        return int(self.metrics.get("unmatched", 0))


class MatchProposal(models.Model):
    class Origin(models.TextChoices):
        ENGINE = "engine", _("Proposed by the engine")
        MANUAL = "manual", _("Set by the coordinator")

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="proposals")
    mentee = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    reasons = models.JSONField(default=list)
    # A peer pair only: the reasons the other way round (the `mentor` column's goals against
    # the `mentee` column's offer); `reasons` hold the first way. `score` is then the mean of
    # the two directions, so that fit labels read the same as for a mentor and mentee.
    partner_reasons = models.JSONField(default=list, blank=True)
    # Frequency, format, style and focus areas side by side, with a mismatch flag for each.
    alignment = models.JSONField(default=dict)
    pinned = models.BooleanField(default=False)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.ENGINE)

    class Meta:
        ordering = ["-score", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["run", "mentee"], name="one_proposal_per_mentee")
        ]
        indexes = [
            # Free places per mentor are counted against a run's proposals.
            models.Index(fields=["run", "mentor"]),
            # The review page's order, best first.
            models.Index(fields=["run", "-pinned", "-score", "id"], name="proposal_review_order"),
        ]

    def __str__(self) -> str:
        return f"{self.mentee} with {self.mentor} ({self.score:.2f})"

    @property
    def has_mismatch(self) -> bool:
        return bool(self.alignment.get("mismatch"))


class UnmatchedMentee(models.Model):
    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="unmatched_mentees")
    mentee = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=300)

    class Meta:
        ordering = ["mentee__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["run", "mentee"], name="one_unmatched_row_per_mentee")
        ]

    def __str__(self) -> str:
        return f"{self.mentee}: {self.reason}"


class PairRule(TimeStampedModel):
    """A coordinator's decision about one pair that every later run of the programme keeps."""

    class Kind(models.TextChoices):
        PIN = "pin", _("Pinned: always pair them")
        FORBID = "forbid", _("Forbidden: never pair them")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="pair_rules")
    mentee = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["kind", "mentee__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "mentee", "mentor"], name="one_rule_per_pair"
            ),
            models.UniqueConstraint(
                fields=["programme", "mentee"],
                condition=Q(kind="pin"),
                name="one_pin_per_mentee",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.mentee} with {self.mentor}"


class MentorRequestQuerySet(models.QuerySet["MentorRequest"]):
    def pending(self) -> MentorRequestQuerySet:
        return self.filter(status=MentorRequest.Status.PENDING)


class MentorRequest(TimeStampedModel):
    """A mentee asking a mentor of a self-selection programme to mentor them."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="mentor_requests"
    )
    mentee = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="requests_sent")
    mentor = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="requests_received")
    hope_to_gain = models.TextField(_("what you hope to gain"), max_length=1000)
    why_this_mentor = models.TextField(_("why this mentor"), max_length=1000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    response_note = models.TextField(blank=True, max_length=1000)
    expires_at = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)
    mentorship = models.ForeignKey(
        "mentorships.Mentorship",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = MentorRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "mentee", "mentor"],
                condition=Q(status="pending"),
                name="one_pending_request_per_pair",
            ),
            models.CheckConstraint(
                condition=~Q(mentee=models.F("mentor")), name="request_mentee_is_not_mentor"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "expires_at"]),
            models.Index(fields=["mentor", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.mentee} asks {self.mentor} ({self.get_status_display()})"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING
