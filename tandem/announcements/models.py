"""A coordinator's announcement to a programme's participants, or to some of them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tandem.mentorships.models import Mentorship
from tandem.programmes.models import Programme


class Announcement(models.Model):
    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("Everyone in the programme")
        MENTORS = "mentors", _("Mentors only")
        MENTEES = "mentees", _("Mentees only")
        PAIRS = "pairs", _("Pairs in a state")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="announcements")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="announcements",
    )
    title = models.CharField(max_length=150)
    body = models.TextField(
        help_text=_("Markdown: **bold**, *italic*, [a link](https://…), lists.")
    )
    audience = models.CharField(max_length=10, choices=Audience.choices)
    # For the audience "pairs in a state": the state the pairs are in when it is read.
    pair_state = models.CharField(max_length=12, choices=Mentorship.State.choices, blank=True)
    show_until = models.DateField(
        _("show on the home page until"),
        null=True,
        blank=True,
        help_text=_("Leave empty to show it for two weeks."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["programme", "withdrawn_at", "created_at"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.programme})"

    @property
    def audience_label(self) -> str:
        if self.audience == self.Audience.PAIRS:
            return gettext("Pairs: %(state)s") % {"state": self.get_pair_state_display().lower()}
        return self.get_audience_display()
