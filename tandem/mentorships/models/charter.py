"""The pair's agreement. Every signed text is kept: an edit after signing is a new version."""

from __future__ import annotations

from django.db import models

from tandem.people.models import Person

from .mentorship import Mentorship
from .shared import CharterTerms, MeetingFormat

__all__ = ["CharterVersion", "MeetingFormat"]


class CharterVersion(CharterTerms):
    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="charter_versions"
    )
    number = models.PositiveIntegerField()
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
