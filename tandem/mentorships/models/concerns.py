"""A worry one member raises, sent exactly as written to the audience they chose."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tandem.core.models import TimeStampedModel
from tandem.people.models import Person

from .mentorship import Mentorship


class Concern(TimeStampedModel):
    class Audience(models.TextChoices):
        PARTNER = "partner", _("My partner")
        COORDINATOR = "coordinator", _("The programme coordinator")
        BOTH = "both", _("Both")

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="concerns")
    raised_by = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    audience = models.CharField(max_length=12, choices=Audience.choices)
    # Exactly what the person chose to send; nothing else reaches the recipients.
    text = models.TextField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["mentorship", "-created_at"]

    def __str__(self) -> str:
        return f"Concern {self.pk} raised by {self.raised_by}"

    @property
    def reaches_partner(self) -> bool:
        return self.audience in (self.Audience.PARTNER, self.Audience.BOTH)

    @property
    def reaches_coordinator(self) -> bool:
        return self.audience in (self.Audience.COORDINATOR, self.Audience.BOTH)
