from __future__ import annotations

from django_tasks import task

from tandem.core.links import absolute_url
from tandem.notifications.digests import digest_email_send
from tandem.notifications.emails import email_send_once
from tandem.notifications.kinds import DIGESTS, Delivery, category_for
from tandem.notifications.models import Notification, SentEmail
from tandem.notifications.services import delivery_for
from tandem.notifications.unsubscribe import CATEGORY, unsubscribe_headers, unsubscribe_url


@task()
def notification_email(notification_id: int) -> bool:
    """Email a notification to its recipient; a retry of this task sends nothing new."""
    notification = (
        Notification.objects.select_related("recipient").filter(pk=notification_id).first()
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
    link = f"\n\n{absolute_url(notification.url)}" if notification.url else ""
    category = category_for(notification.kind)
    unsubscribe = unsubscribe_url(
        user_id=notification.recipient_id, scope=CATEGORY, target=category.key
    )
    return email_send_once(
        key=key,
        to=notification.recipient.email,
        subject=f"[Tandem] {notification.title}",
        body=(
            f"{notification.body}{link}\n\n— Tandem\n\n"
            f"Stop emails like this one ({category.label}): {unsubscribe}"
        ),
        headers=unsubscribe_headers(unsubscribe),
    )


@task()
def digest_email(key: str) -> bool:
    """Email one digest; a retry of this task, or a second queueing, sends nothing new."""
    return digest_email_send(key=key)
