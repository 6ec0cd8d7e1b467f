"""Group mentoring: a circle of one or two mentors (its facilitators) and several mentees.

A circle's membership changes over its life (people join from the browse page, leave without
blame), so each membership is a row with its own dates rather than a fixed pair of fields.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from tandem.core.models import TimeStampedModel
from tandem.people.models import Person
from tandem.programmes.models import Programme

if TYPE_CHECKING:
    from .charter import CircleCharterVersion

# A circle needs this many mentees to form (the "between 3 and N").
MIN_MENTEES = 3
# Below this many mentees a circle cannot go on: leaving that would drop under it is refused.
MIN_MENTEES_TO_CONTINUE = 2
MAX_MENTORS = 2
DEFAULT_MAX_MENTEES = 8


def _forms_with_at_least() -> str:
    return ngettext(
        "A circle forms with at least %(count)s mentee.",
        "A circle forms with at least %(count)s mentees.",
        MIN_MENTEES,
    ) % {"count": MIN_MENTEES}


class GroupSettings(models.Model):
    """How a group programme forms its circles."""

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="group_settings"
    )
    max_mentees = models.PositiveSmallIntegerField(
        _("mentees in a circle at most"),
        default=DEFAULT_MAX_MENTEES,
        validators=[MinValueValidator(MIN_MENTEES), MaxValueValidator(30)],
        help_text=lazy(_forms_with_at_least, str)(),
    )
    mentees_may_join = models.BooleanField(
        _("mentees may browse and join circles"),
        default=True,
        help_text=_("Approved mentees see the circles with room and can join one with a note."),
    )

    class Meta:
        verbose_name_plural = _("group settings")

    def __str__(self) -> str:
        return f"Circles of {self.programme}"


class CircleQuerySet(models.QuerySet["Circle"]):
    def open(self) -> CircleQuerySet:
        return self.exclude(state=Circle.State.CLOSED)


class Circle(TimeStampedModel):
    class State(models.TextChoices):
        # Published, the charter not yet signed by every member.
        FORMING = "forming", _("Agreeing the charter")
        ACTIVE = "active", pgettext_lazy("circle state", "Active")
        PAUSED = "paused", pgettext_lazy("circle state", "Paused")
        CLOSED = "closed", pgettext_lazy("circle state", "Closed")

    class Outcome(models.TextChoices):
        COMPLETED = "completed", pgettext_lazy("circle outcome", "Completed")
        ENDED_EARLY = "ended_early", pgettext_lazy("circle outcome", "Ended early")

    class Origin(models.TextChoices):
        COORDINATOR = "coordinator", _("Formed by the coordinator")
        MATCH = "match", _("Published match")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="circles")
    name = models.CharField(max_length=150)
    topic = models.TextField(blank=True, help_text=_("What the circle works on together."))
    max_mentees = models.PositiveSmallIntegerField(
        _("mentees at most"),
        default=DEFAULT_MAX_MENTEES,
        validators=[MinValueValidator(MIN_MENTEES), MaxValueValidator(30)],
    )
    open_to_join = models.BooleanField(
        default=True, help_text=_("Mentees of the programme may join while there is room.")
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.FORMING)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True)
    origin = models.CharField(max_length=12, choices=Origin.choices, default=Origin.COORDINATOR)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # When what the circle wrote was removed, the programme's retention period after closing.
    content_purged_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = CircleQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["programme", "state"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.programme})"

    @property
    def is_open(self) -> bool:
        return self.state != self.State.CLOSED

    @property
    def accepts_content(self) -> bool:
        """A closed circle keeps its history readable for its members but takes nothing new."""
        return self.state != self.State.CLOSED

    def current_charter(self) -> CircleCharterVersion | None:
        """The latest charter version, from prefetched versions when the caller has them."""
        if "charter_versions" in getattr(self, "_prefetched_objects_cache", {}):
            versions = list(self.charter_versions.all())
            return max(versions, key=lambda v: v.number) if versions else None
        return self.charter_versions.order_by("-number").first()


class CircleMemberQuerySet(models.QuerySet["CircleMember"]):
    def current(self) -> CircleMemberQuerySet:
        return self.filter(left_at__isnull=True)


class CircleMember(TimeStampedModel):
    class Role(models.TextChoices):
        MENTOR = "mentor", _("Facilitator")
        MENTEE = "mentee", _("Member")

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="circle_memberships")
    role = models.CharField(max_length=10, choices=Role.choices)
    joined_at = models.DateTimeField()
    left_at = models.DateTimeField(null=True, blank=True)
    # The note a mentee wrote when joining from the browse page; the circle's members read it.
    join_note = models.TextField(blank=True)
    # Why this person was placed here, in the coordinator's words (from a published run).
    reasons = models.JSONField(default=list, blank=True)

    objects = CircleMemberQuerySet.as_manager()

    class Meta:
        ordering = ["circle", "role", "joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["circle", "person"],
                condition=Q(left_at__isnull=True),
                name="one_current_membership_per_circle",
            )
        ]
        indexes = [models.Index(fields=["person", "left_at"])]

    def __str__(self) -> str:
        return f"{self.person} in {self.circle} ({self.get_role_display()})"

    @property
    def is_current(self) -> bool:
        return self.left_at is None

    @property
    def is_facilitator(self) -> bool:
        return self.role == self.Role.MENTOR
