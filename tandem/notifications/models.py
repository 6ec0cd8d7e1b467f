from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tandem.notifications.kinds import BY_KEY, Delivery

DIGEST_CHOICES = [
    ("", _("No digest")),
    (Delivery.DAILY.value, _("Daily")),
    (Delivery.WEEKLY.value, _("Weekly")),
]


class Notification(models.Model):
    """An in-app notice for one person. Its email, if any, is recorded in SentEmail."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=50)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    # The same event never notifies the same person twice (e.g. a retried task).
    dedupe_key = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Decided when the notice is made, from the recipient's preference: which digest email
    # carries it, if any ("" when it is emailed on its own or not at all).
    digest = models.CharField(max_length=10, choices=DIGEST_CHOICES, blank=True, default="")
    # The key of the digest email that carried it (its SentEmail key); blank until then.
    digest_key = models.CharField(max_length=100, blank=True, default="")
    # The programme the notice is about, when it is about one (a pair's, a coordinator's
    # alert): its email is sent in that programme's wording of the notification email.
    programme = models.ForeignKey(
        "programmes.Programme",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], name="one_notification_per_event"
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            # The digest job asks for one digest's rows not yet assigned, made before a cut,
            # and the digest's email asks for the rows carrying its key: both are ranges of
            # this index, however many notices were delivered otherwise.
            models.Index(
                fields=["digest", "digest_key", "created_at"], name="notification_digest_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} → {self.recipient}"


class SentEmail(models.Model):
    """Claimed before an email is handed to the mail backend, so a retry never sends twice."""

    class Status(models.TextChoices):
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    key = models.CharField(max_length=250, unique=True)
    to = models.EmailField()
    subject = models.CharField(max_length=250)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Who holds a "sending" claim and since when: a claim held by a dead worker may be retried.
    claimed_by = models.CharField(max_length=64, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to} ({self.status})"


class NotificationPreference(models.Model):
    """How someone wants one category of notices delivered; no row means the category's default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    category = models.CharField(max_length=30)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "category"], name="one_notification_preference_per_category"
            )
        ]

    def __str__(self) -> str:
        label = BY_KEY[self.category].label if self.category in BY_KEY else self.category
        return f"{label}: {self.get_delivery_display()} ({self.user})"


class EmailTemplate(models.Model):
    """A programme's own wording of one of Tandem's emails; no row means the default."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="email_templates"
    )
    key = models.CharField(max_length=40)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["programme", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "key"], name="one_email_template_per_programme_and_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} email of {self.programme}"
