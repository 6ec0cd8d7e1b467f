"""Posting and withdrawing announcements, and forgetting a person in them."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Replace
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.announcements.models import Announcement
from tandem.announcements.signals import announcement_posted
from tandem.core.errors import ServiceError
from tandem.core.personal_data import ERASED_NAME, ErasureSubject
from tandem.notifications.services import notifications_withdraw
from tandem.programmes.models import Programme

KIND = "announcement.posted"


class AnnouncementError(ServiceError):
    pass


def announcement_dedupe_key(announcement: Announcement) -> str:
    return f"announcement:{announcement.pk}"


def announcement_check(
    *, audience: str, pair_state: str, title: str, body: str, show_until: date | None
) -> None:
    """Refuse what cannot be posted; the post form's preview asks this too."""
    if not title.strip():
        raise AnnouncementError(_("Give the announcement a title."), field="title")
    if not body.strip():
        raise AnnouncementError(_("Write the announcement."), field="body")
    if audience not in Announcement.Audience.values:
        raise AnnouncementError(_("Choose who the announcement is for."), field="audience")
    if audience == Announcement.Audience.PAIRS and not pair_state:
        raise AnnouncementError(_("Choose the state of the pairs it is for."), field="pair_state")
    if show_until is not None and show_until < timezone.localdate():
        raise AnnouncementError(_("Choose today or a later day."), field="show_until")


def announcement_post(
    *,
    programme: Programme,
    by: User,
    title: str,
    body: str,
    audience: str,
    pair_state: str = "",
    show_until: date | None = None,
) -> Announcement:
    """Record an announcement and notify its audience once the transaction commits.

    The notices go out from a background task, so that a programme of thousands does not hold
    the coordinator's request; each notice and email carries a key naming the announcement,
    so a retried task sends nothing twice.
    """
    announcement_check(
        audience=audience, pair_state=pair_state, title=title, body=body, show_until=show_until
    )
    announcement = Announcement.objects.create(
        programme=programme,
        author=by,
        title=title.strip(),
        body=body.replace("\r\n", "\n"),
        audience=audience,
        pair_state=pair_state if audience == Announcement.Audience.PAIRS else "",
        show_until=show_until,
    )
    from tandem.announcements.tasks import announcement_notify

    transaction.on_commit(lambda: announcement_notify.enqueue(announcement.pk))
    transaction.on_commit(
        lambda: announcement_posted.send(sender=Announcement, announcement=announcement)
    )
    return announcement


@transaction.atomic
def announcement_withdraw(*, announcement: Announcement, by: User) -> None:
    """Take an announcement down: it leaves every page and every digest not yet made, and its
    emails not yet sent are not sent. What was already emailed cannot be called back."""
    if announcement.withdrawn_at is not None:
        raise AnnouncementError(_("This announcement was already withdrawn."))
    Announcement.objects.filter(pk=announcement.pk).update(withdrawn_at=timezone.now())
    notifications_withdraw(kind=KIND, dedupe_key=announcement_dedupe_key(announcement))


def announcements_erase_person(subject: ErasureSubject) -> None:
    """Announcements stay for their readers; they no longer quote the person's name. The
    author's account is anonymised with the account itself."""
    for column in ("title", "body"):
        Announcement.objects.filter(**{f"{column}__contains": subject.name}).update(
            **{column: Replace(column, Value(subject.name), Value(ERASED_NAME))}
        )


# The fields of the post form that `announcement_check` reads.
CHECKED = ("audience", "pair_state", "title", "body", "show_until")
