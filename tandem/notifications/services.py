from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from tandem.accounts.models import User
from tandem.notifications.models import Notification
from tandem.people.models import Person


def notification_send(
    *,
    recipient: User,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    dedupe_key: str,
    email: bool = True,
) -> Notification | None:
    """Notify someone in the app (and by email) once per `dedupe_key`.

    Returns the new notification, or None when this event already notified them. The email
    is queued only after the surrounding transaction commits, so a rolled-back request sends
    nothing.
    """
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                kind=kind,
                title=title[:200],
                body=body,
                url=url,
                dedupe_key=dedupe_key[:200],
            )
    except IntegrityError:
        return None
    if email and recipient.is_active:
        from tandem.notifications.tasks import notification_email

        transaction.on_commit(lambda: notification_email.enqueue(notification.pk))
    return notification


def notification_send_to_person(
    *, person: Person, kind: str, title: str, url: str, dedupe_key: str, body: str = ""
) -> Notification | None:
    """`notification_send` for a person; someone imported without an account is skipped."""
    if person.user_id is None:
        return None
    return notification_send(
        recipient=person.user,  # type: ignore[arg-type]
        kind=kind,
        title=title,
        body=body,
        url=url,
        dedupe_key=dedupe_key,
    )


def notifications_mark_read(*, recipient: User, ids: list[int] | None = None) -> int:
    unread = Notification.objects.filter(recipient=recipient, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
