from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Value
from django.db.models.functions import Replace
from django.utils import timezone

from tandem.accounts.models import User
from tandem.core.personal_data import ERASED_NAME, ErasureSubject
from tandem.notifications.models import Notification, SentEmail
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


def notifications_erase_person(subject: ErasureSubject) -> None:
    """Forget a person: their notifications go, and others' no longer quote their name."""
    if subject.user is not None:
        Notification.objects.filter(recipient=subject.user).delete()
    for column in ("title", "body"):
        Notification.objects.filter(**{f"{column}__contains": subject.name}).update(
            **{column: Replace(column, Value(subject.name), Value(ERASED_NAME))}
        )
    # The row stays, so that a retried send still finds it and never sends twice.
    SentEmail.objects.filter(to__iexact=subject.email).update(to=subject.erased_email, subject="")
