"""The mentoring relationship itself, and the records matching reads when a pair ends early."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tandem.core.models import TimeStampedModel
from tandem.people.models import Person
from tandem.programmes.models import Programme

if TYPE_CHECKING:
    from .charter import CharterVersion


class MentorshipQuerySet(models.QuerySet["Mentorship"]):
    def open(self) -> MentorshipQuerySet:
        """The pairs `Mentorship.state_is_open` calls open."""
        return self.exclude(state=Mentorship.State.CLOSED)

    def for_person(self, person: Person) -> MentorshipQuerySet:
        return self.filter(Q(mentee=person) | Q(mentor=person))


class Mentorship(TimeStampedModel):
    class State(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        AGREEING = "agreeing", _("Agreeing the charter")
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        CLOSING = "closing", _("Closing")
        CLOSED = "closed", _("Closed")

    class Outcome(models.TextChoices):
        COMPLETED = "completed", _("Completed")
        ENDED_EARLY = "ended_early", _("Ended early")
        # The mentee looked for another mentor before the relationship started: nobody's fault,
        # and not counted as an early end in the programme's reports.
        WITHDRAWN = "withdrawn", _("Proposal withdrawn")
        # Closed by Tandem after a long silence the pair was warned about: nobody's fault.
        INACTIVE = "inactive", _("Ended: inactive")
        # One of the two left the organisation (their identity provider deactivated them):
        # nobody's fault, and not counted against the programme's completion rate.
        LEFT = "left", _("Ended: left the organisation")

    class Maturity(models.TextChoices):
        INITIATION = "initiation", _("Initiation")
        CULTIVATION = "cultivation", _("Cultivation")
        SEPARATION = "separation", _("Separation")
        REDEFINITION = "redefinition", _("Redefinition")

    class Origin(models.TextChoices):
        COORDINATOR = "coordinator", _("Paired by the coordinator")
        MATCH = "match", _("Published match")
        REQUEST = "request", _("Mentee's request")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="mentorships")
    mentee = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="mentorships_as_mentee"
    )
    mentor = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="mentorships_as_mentor"
    )
    state = models.CharField(max_length=12, choices=State.choices, default=State.PROPOSED)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True)
    maturity = models.CharField(
        max_length=12, choices=Maturity.choices, default=Maturity.INITIATION
    )
    origin = models.CharField(max_length=12, choices=Origin.choices, default=Origin.COORDINATOR)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agreeing_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    closure_proposed_at = models.DateTimeField(null=True, blank=True)
    closure_proposed_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Shown to the coordinator only; the partner never sees it.
    exit_reason = models.TextField(blank=True)
    reporting_line_exception = models.BooleanField(
        default=False,
        help_text=_("The mentor is in the mentee's management chain and the pair agreed to it."),
    )
    reporting_line_reason = models.CharField(max_length=300, blank=True)
    mentee_stays_in_touch = models.BooleanField(default=False)
    mentor_stays_in_touch = models.BooleanField(default=False)
    # When what the pair wrote was removed, the programme's retention period after closing.
    content_purged_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = MentorshipQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(mentee=models.F("mentor")), name="mentorship_mentee_is_not_mentor"
            ),
            models.UniqueConstraint(
                fields=["programme", "mentee", "mentor"],
                condition=~Q(state="closed"),
                name="one_open_mentorship_per_pair",
            ),
        ]
        indexes = [
            models.Index(fields=["programme", "state"]),
            # Lists newest first (the API's mentorships) read the first page from this index
            # instead of sorting every pair a coordinator may see.
            models.Index(fields=["-created_at"], name="mentorship_newest_first"),
        ]

    def __str__(self) -> str:
        return f"{self.mentee} with {self.mentor} ({self.programme})"

    @staticmethod
    def state_is_open(state: str) -> bool:
        """A pair is open until it is closed: the rule `MentorshipQuerySet.open` puts in SQL."""
        return state != Mentorship.State.CLOSED

    @property
    def is_open(self) -> bool:
        return self.state_is_open(self.state)

    @property
    def is_running(self) -> bool:
        """Meetings, goals and check-ins belong to a relationship that has started."""
        return self.state in (self.State.ACTIVE, self.State.PAUSED, self.State.CLOSING)

    @property
    def accepts_content(self) -> bool:
        """A closed mentorship keeps its history readable but takes no new content."""
        return self.state != self.State.CLOSED

    def role_of(self, person: Person) -> str | None:
        if person.pk == self.mentee_id:
            return "mentee"
        if person.pk == self.mentor_id:
            return "mentor"
        return None

    def partner_of(self, person: Person) -> Person:
        return self.mentor if person.pk == self.mentee_id else self.mentee

    def current_charter(self) -> CharterVersion | None:
        """The latest charter version, read from prefetched versions when the caller has them
        (lists of pairs), otherwise with one query."""
        if "charter_versions" in getattr(self, "_prefetched_objects_cache", {}):
            versions = list(self.charter_versions.all())
            return max(versions, key=lambda v: v.number) if versions else None
        return self.charter_versions.order_by("-number").first()

    def stays_in_touch(self, person: Person) -> bool:
        if person.pk == self.mentee_id:
            return self.mentee_stays_in_touch
        return self.mentor_stays_in_touch

    def anniversary_years(self, today: date) -> int:
        """Whole years completed on `today` when it is the start's anniversary, else 0."""
        if self.started_at is None:
            return 0
        start = self.started_at.date()
        if (start.month, start.day) != (today.month, today.day) or today.year <= start.year:
            return 0
        return today.year - start.year


class MentorExclusion(TimeStampedModel):
    """A mentor the matching engine must not propose again to this mentee in this programme."""

    class Reason(models.TextChoices):
        LOOKED_ELSEWHERE = "looked_elsewhere", _("The mentee looked for another mentor")
        ENDED_EARLY = "ended_early", _("The relationship ended early")
        COORDINATOR = "coordinator", _("Excluded by the coordinator")

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="mentor_exclusions"
    )
    mentee = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    mentorship = models.ForeignKey(
        Mentorship, null=True, blank=True, on_delete=models.SET_NULL, related_name="exclusions"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "mentee", "mentor"], name="one_exclusion_per_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.mentor} excluded for {self.mentee} in {self.programme}"


def default_health_weights() -> dict[str, float]:
    from tandem.mentorships.health import DEFAULT_WEIGHTS

    return dict(DEFAULT_WEIGHTS)


class ProgrammeHealthSettings(models.Model):
    """Per-programme weights of the health score (see docs/health.md)."""

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="health_settings"
    )
    weights = models.JSONField(default=default_health_weights)
    checkin_interval_days = models.PositiveSmallIntegerField(
        default=30, help_text=_("How often each person is asked to check in.")
    )
    contact_amber_days = models.PositiveSmallIntegerField(default=21)
    contact_red_days = models.PositiveSmallIntegerField(default=42)

    class Meta:
        verbose_name = _("programme health settings")
        verbose_name_plural = _("programme health settings")

    def __str__(self) -> str:
        return f"Health settings of {self.programme}"


class PairsProgramme(models.Model):
    """A row of a pair's history that carries the pair's programme, copied when the row is
    made (a pair never changes programme): the report counts a programme's meetings and
    check-ins by month from one index, where a join of every row to its pair took three
    quarters of the query at 100,000 people. Rows made with `bulk_create` set it themselves.
    """

    mentorship: Mentorship
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.CASCADE,
        related_name="+",
        editable=False,
        db_index=False,
    )

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.programme_id is None:
            self.programme_id = self.mentorship.programme_id
        super().save(*args, **kwargs)
