"""Group runs: the engine forming a programme's circles, and its proposal until it is published.

A run stores what it proposed (circles with their facilitators, each mentee's place with its
fit and reasons, the mentees it could not place with the reason); the coordinator adjusts the
proposal, and publishing turns it into `Circle` and `CircleMember` rows, once.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tandem.core.models import TimeStampedModel
from tandem.people.models import Person
from tandem.programmes.models import Programme

from .circle import DEFAULT_MAX_MENTEES


class GroupRun(TimeStampedModel):
    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("group run status", "Queued")
        RUNNING = "running", pgettext_lazy("group run status", "Running")
        DONE = "done", pgettext_lazy("group run status", "Ready for review")
        FAILED = "failed", pgettext_lazy("group run status", "Failed")
        PUBLISHED = "published", pgettext_lazy("group run status", "Published")
        # Another run of the programme was published after this one read the cohort.
        SUPERSEDED = "superseded", pgettext_lazy("group run status", "Out of date")

    FINISHED = (Status.DONE, Status.FAILED, Status.PUBLISHED, Status.SUPERSEDED)

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="group_runs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # None: one circle per mentor's topic; otherwise the mentors spread over this many circles.
    circle_count = models.PositiveSmallIntegerField(null=True, blank=True)
    # The programme's rules, weights and circle size when the run began: the run keeps them.
    rules = models.JSONField(default=dict)
    weights = models.JSONField(default=dict)
    max_mentees = models.PositiveSmallIntegerField(default=DEFAULT_MAX_MENTEES)
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
        return f"Group run {self.pk} of {self.programme}"

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def is_reviewable(self) -> bool:
        return self.status == self.Status.DONE


class ProposedCircle(models.Model):
    run = models.ForeignKey(GroupRun, on_delete=models.CASCADE, related_name="circles")
    name = models.CharField(max_length=150)
    topic = models.TextField(blank=True)
    facilitator = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    co_facilitator = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # Why the engine left this circle empty (dissolved below the minimum, or nobody fitted).
    empty_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def facilitator_ids(self) -> list[int]:
        return [pk for pk in (self.facilitator_id, self.co_facilitator_id) if pk is not None]


class Placement(models.Model):
    class Origin(models.TextChoices):
        ENGINE = "engine", _("Placed by the engine")
        MANUAL = "manual", _("Placed by the coordinator")

    run = models.ForeignKey(GroupRun, on_delete=models.CASCADE, related_name="placements")
    circle = models.ForeignKey(ProposedCircle, on_delete=models.CASCADE, related_name="placements")
    mentee = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    # The engine's fit of the mentee to the circle; none for a place the coordinator chose.
    fit = models.FloatField(null=True, blank=True)
    # The engine's reasons, in its own neutral voice; pages write them again for each reader.
    reasons = models.JSONField(default=list)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.ENGINE)

    class Meta:
        ordering = ["circle", "mentee__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["run", "mentee"], name="one_placement_per_mentee")
        ]

    def __str__(self) -> str:
        return f"{self.mentee} in {self.circle}"


class UnplacedMentee(models.Model):
    run = models.ForeignKey(GroupRun, on_delete=models.CASCADE, related_name="unplaced")
    mentee = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=300)

    class Meta:
        ordering = ["mentee__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["run", "mentee"], name="one_unplaced_row_per_mentee")
        ]

    def __str__(self) -> str:
        return f"{self.mentee}: {self.reason}"
