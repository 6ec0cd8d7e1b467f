"""The fan-out of a posted announcement: a notice to each person it is for, and their email."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django_tasks import task

from tandem.accounts.models import User
from tandem.announcements.models import Announcement
from tandem.announcements.selectors import announcement_recipients
from tandem.announcements.services import KIND, announcement_dedupe_key
from tandem.core.i18n import interpolate_lazy
from tandem.core.links import absolute_url
from tandem.notifications.kinds import DIGESTS, Delivery
from tandem.notifications.services import delivery_for, email_template_send, notification_send

# Recipients handled per transaction: few queries per person, memory flat in the programme's size.
CHUNK = 200


@task()
def announcement_notify(announcement_id: int) -> int:
    """Notify everyone an announcement is for; how many were notified now. A retry, or a
    second run, notifies nobody twice: each notice is keyed by the announcement."""
    announcement = (
        Announcement.objects.select_related("programme")
        .filter(pk=announcement_id, withdrawn_at__isnull=True)
        .first()
    )
    if announcement is None:
        return 0
    url = reverse("announcements:detail", args=[announcement.pk])
    # Lazy: each person reads the title in their own language.
    title = interpolate_lazy(
        gettext_lazy("%(programme)s: %(title)s"),
        programme=announcement.programme.name,
        title=announcement.title,
    )
    notified, after = 0, 0
    while True:
        chunk = list(
            announcement_recipients(announcement)
            .filter(pk__gt=after)
            .select_related("user")
            .order_by("pk")[:CHUNK]
        )
        if not chunk:
            return notified
        after = chunk[-1].pk
        with transaction.atomic():
            for person in chunk:
                user: User = person.user  # type: ignore[assignment]
                delivery = delivery_for(user=user, kind=KIND)
                notice = notification_send(
                    recipient=user,
                    kind=KIND,
                    title=title,
                    url=url,
                    dedupe_key=announcement_dedupe_key(announcement),
                    # A digest carries its title like any notice; an email of its own is the
                    # announcement in the programme's wording, sent below.
                    email=delivery in DIGESTS,
                )
                if notice is None:
                    continue
                notified += 1
                if delivery == Delivery.IMMEDIATE:
                    # Queued in the notice's transaction: both are kept or neither is.
                    announcement_email.enqueue(announcement.pk, user.pk)


@task()
def announcement_email(announcement_id: int, user_id: int) -> bool:
    """Email an announcement to one person; nothing once it is withdrawn, nothing twice."""
    announcement = (
        Announcement.objects.select_related("programme")
        .filter(pk=announcement_id, withdrawn_at__isnull=True)
        .first()
    )
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if announcement is None or user is None:
        return False
    return email_template_send(
        programme=announcement.programme,
        key="announcement",
        send_key=f"announcement:{announcement.pk}:{user.pk}",
        recipient=user,
        values={
            "person_name": user.name or user.email,
            "programme_name": announcement.programme.name,
            "title": announcement.title,
            "announcement": announcement.body,
            "link": absolute_url(reverse("announcements:detail", args=[announcement.pk])),
        },
        unsubscribe_category="announcements",
    )
