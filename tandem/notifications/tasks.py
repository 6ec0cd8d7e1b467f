from __future__ import annotations

from django_tasks import task

from tandem.core.links import absolute_url
from tandem.notifications.digests import digest_email_send
from tandem.notifications.kinds import DIGESTS, Delivery, category_for
from tandem.notifications.models import Notification, SentEmail
from tandem.notifications.services import delivery_for, email_template_send


@task()
def notification_email(notification_id: int) -> bool:
    """Email a notification to its recipient; a retry of this task sends nothing new."""
    notification = (
        Notification.objects.select_related("recipient", "programme")
        .filter(pk=notification_id)
        .first()
    )
    if notification is None or notification.digest:
        return False
    key = f"notification:{notification.pk}"
    # Notices made in bulk (a published match run's) are queued here without passing through
    # `notification_send`, so the recipient's preference is asked before the first attempt;
    # a retry of a started send finishes it, whatever the preference says now.
    if not SentEmail.objects.filter(key=key).exists():
        delivery = delivery_for(user=notification.recipient, kind=notification.kind)
        if delivery == Delivery.IN_APP:
            return False
        if delivery in DIGESTS:
            Notification.objects.filter(pk=notification.pk, digest="", digest_key="").update(
                digest=delivery
            )
            return False
    recipient = notification.recipient
    return email_template_send(
        programme=notification.programme,
        key="notification",
        send_key=key,
        recipient=recipient,
        values={
            "person_name": recipient.name or recipient.email,
            "programme_name": notification.programme.name if notification.programme else "",
            "title": notification.title,
            "body": notification.body,
            "link": absolute_url(notification.url) if notification.url else "",
        },
        unsubscribe_category=category_for(notification.kind).key,
    )


@task()
def digest_email(key: str) -> bool:
    """Email one digest; a retry of this task, or a second queueing, sends nothing new."""
    return digest_email_send(key=key)
