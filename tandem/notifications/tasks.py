from __future__ import annotations

from django_tasks import task

from tandem.core.links import absolute_url
from tandem.notifications.emails import email_send_once
from tandem.notifications.models import Notification


@task()
def notification_email(notification_id: int) -> bool:
    """Email a notification to its recipient; a retry of this task sends nothing new."""
    notification = (
        Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    )
    if notification is None:
        return False
    link = f"\n\n{absolute_url(notification.url)}" if notification.url else ""
    return email_send_once(
        key=f"notification:{notification.pk}",
        to=notification.recipient.email,
        subject=f"[Tandem] {notification.title}",
        body=f"{notification.body}{link}\n\n— Tandem",
    )
