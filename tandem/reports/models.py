from __future__ import annotations

from django.db import models

from tandem.mentorships.models import Mentorship


class HealthSnapshot(models.Model):
    """A mentorship's health on one day, kept so coordinators can see health over time."""

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="health_snapshots"
    )
    day = models.DateField()
    status = models.CharField(max_length=12)
    score = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["mentorship", "day"]
        constraints = [
            models.UniqueConstraint(fields=["mentorship", "day"], name="one_snapshot_per_day")
        ]
        indexes = [models.Index(fields=["day"])]

    def __str__(self) -> str:
        return f"{self.mentorship_id} on {self.day}: {self.status}"
