"""A programme's chat channels (Slack or Microsoft Teams incoming webhooks) and the messages
queued for them.

Each message is written once under a key naming its occasion before anything is sent, so a
job that runs twice, or a task that is retried, finds the row and sends nothing new; a failed
post waits for its next attempt on the row itself.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tandem.core.models import TimeStampedModel
from tandem.programmes.models import Programme


class ChatWebhook(TimeStampedModel):
    class Kind(models.TextChoices):
        SLACK = "slack", "Slack"
        TEAMS = "teams", "Microsoft Teams"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="chat_webhooks")
    name = models.CharField(
        max_length=100, help_text=_("For you: the channel it posts to, such as #mentoring-team.")
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.SLACK)
    # A secret: whoever holds it can post to the channel, so pages show only its host.
    url = models.URLField(
        _("webhook address"),
        max_length=500,
        help_text=_(
            "The incoming webhook's address, from Slack's app settings or from a Teams "
            'channel\'s Workflows ("Post to a channel when a webhook request is received").'
        ),
    )
    post_digest = models.BooleanField(
        _("the coordinators' daily digest"),
        default=True,
        help_text=_("Each morning, the coordinator alerts of the day before, if there were any."),
    )
    post_announcements = models.BooleanField(
        _("announcements"),
        default=True,
        help_text=_("The title of each announcement posted, with a link to read it in Tandem."),
    )
    post_concerns = models.BooleanField(
        _("new concerns"),
        default=True,
        help_text=_(
            "That a concern was raised for the coordinators, with a link. Never its text "
            "nor who raised it."
        ),
    )
    is_active = models.BooleanField(pgettext_lazy("switched on", "on"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["programme", "name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()}, {self.programme})"


class ChatMessage(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Not sent")

    webhook = models.ForeignKey(ChatWebhook, on_delete=models.CASCADE, related_name="messages")
    # Names the occasion ("concern:42", "digest:2026-12-01"), so that it is posted once.
    key = models.CharField(max_length=120)
    title = models.CharField(max_length=200)
    lines = models.JSONField(default=list, blank=True)
    link = models.URLField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_by = models.CharField(max_length=64, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["webhook", "key"], name="one_chat_message_per_key")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.key} to {self.webhook_id} ({self.status})"
