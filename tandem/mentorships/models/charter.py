"""The pair's agreement. Every signed text is kept: an edit after signing is a new version."""

from __future__ import annotations

from datetime import date

from django.db import models

from tandem.people.models import Person
from tandem.programmes.models import Cadence

from .mentorship import Mentorship


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    VIDEO = "video", "Video call"
    PHONE = "phone", "Phone"
    MIXED = "mixed", "A mix"


class CharterVersion(models.Model):
    # The free text the pair writes, which the admin leaves out.
    CONTENT_FIELDS = (
        "desired_outcomes",
        "agenda_habits",
        "location",
        "confidentiality",
        "roles",
        "ending",
    )
    # Everything the pair sets, on the page and through the API, in the order the form shows.
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

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="charter_versions"
    )
    number = models.PositiveIntegerField()
    desired_outcomes = models.TextField(
        help_text="What the mentee wants to be able to do or be by the end."
    )
    agenda_habits = models.TextField(
        blank=True, help_text="How you prepare and run a meeting: who sets the agenda, notes."
    )
    cadence = models.CharField(max_length=12, choices=Cadence.choices, default=Cadence.FORTNIGHTLY)
    meeting_format = models.CharField(
        max_length=12, choices=MeetingFormat.choices, default=MeetingFormat.IN_PERSON
    )
    location = models.CharField(
        max_length=200,
        blank=True,
        help_text="Somewhere away from the usual workplace helps you both speak freely.",
    )
    confidentiality = models.TextField(
        help_text="What may be shared outside the pair, and with whom."
    )
    roles = models.TextField(
        "roles and responsibilities", blank=True, help_text="What each of you commits to."
    )
    review_on = models.DateField("review date", null=True, blank=True)
    ends_on = models.DateField("planned end", null=True, blank=True)
    ending = models.TextField(
        "when and how it ends",
        blank=True,
        help_text="What tells you the relationship has done its work, and how either of you "
        "can end it early without blame.",
    )
    written_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    mentee_signed_at = models.DateTimeField(null=True, blank=True)
    mentor_signed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["mentorship", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "number"], name="unique_charter_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"Charter v{self.number} of mentorship {self.mentorship_id}"

    @property
    def is_fully_signed(self) -> bool:
        return self.mentee_signed_at is not None and self.mentor_signed_at is not None

    @property
    def has_signature(self) -> bool:
        return self.mentee_signed_at is not None or self.mentor_signed_at is not None

    def signed_at_by(self, person: Person) -> object:
        if person.pk == self.mentorship.mentee_id:
            return self.mentee_signed_at
        return self.mentor_signed_at

    def review_is_due(self, today: date) -> bool:
        return self.review_on is not None and self.review_on <= today
