"""The circle's charter: the pair's charter terms, signed by every current member.

A pair has two signature columns; a circle's membership changes, so each signature is a row
naming the membership that signed. An edit after anyone signed is a new version, which
every current member signs again; earlier versions stay readable.
"""

from __future__ import annotations

from django.db import models

from tandem.mentorships.models.shared import CharterTerms
from tandem.people.models import Person

from .circle import Circle, CircleMember


class CircleCharterVersion(CharterTerms):
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="charter_versions")
    number = models.PositiveIntegerField()
    written_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["circle", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["circle", "number"], name="unique_circle_charter_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"Charter v{self.number} of circle {self.circle_id}"


class CircleCharterSignature(models.Model):
    version = models.ForeignKey(
        CircleCharterVersion, on_delete=models.CASCADE, related_name="signatures"
    )
    member = models.ForeignKey(CircleMember, on_delete=models.CASCADE, related_name="signatures")
    signed_at = models.DateTimeField()

    class Meta:
        ordering = ["version", "signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["version", "member"], name="one_signature_per_member")
        ]

    def __str__(self) -> str:
        return f"Signature of member {self.member_id} on charter {self.version_id}"
