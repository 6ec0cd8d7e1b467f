"""Digest emails: the notices people chose to receive daily or weekly, gathered into one email.

The `send-digests` job runs every hour. A daily digest carries the notices made before the
start of the current day, a weekly one those made before the start of the current ISO week
(Monday 00:00), both in the server's time zone. A notice made after the cut waits for the next
digest; a weekly digest whose Monday runs all failed goes out at the first run after.

Each digest has a key naming its cadence, recipient and period
(`digest:daily:<user id>:2026-12-01`, `digest:weekly:<user id>:2026-W49`). The job writes the
key onto the notices it carries, and the email is sent once under that key by
`email_send_once`, so a job or task that runs again never sends a digest twice, and a notice,
once it carries a key, is in that digest and no other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import CharField, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from tandem.accounts.language import in_language_of
from tandem.core.links import absolute_url
from tandem.notifications.emails import email_send_once
from tandem.notifications.kinds import Delivery
from tandem.notifications.models import Notification
from tandem.notifications.unsubscribe import DIGEST, unsubscribe_headers, unsubscribe_url

# Recipients handled per transaction: enough to keep the job's queries few, few enough that
# its memory does not grow with the number of people.
CHUNK = 500
# Notices listed in one email; the rest are counted and wait on the notifications page.
LISTED = 50


@dataclass(frozen=True)
class DigestPeriod:
    cadence: Delivery
    cut: datetime  # notices made before this go in
    label: str  # the period covered, as the key names it


def digest_periods(now: datetime) -> list[DigestPeriod]:
    """The daily and the weekly digest due at `now`."""
    today = timezone.localtime(now).date()
    monday = today - timedelta(days=today.weekday())
    yesterday, last_week = today - timedelta(days=1), monday - timedelta(days=7)
    iso = last_week.isocalendar()
    return [
        DigestPeriod(
            cadence=Delivery.DAILY,
            cut=_start_of(today),
            label=yesterday.isoformat(),
        ),
        DigestPeriod(
            cadence=Delivery.WEEKLY,
            cut=_start_of(monday),
            label=f"{iso.year}-W{iso.week:02d}",
        ),
    ]


def _covers(cadence: str, label: str) -> str:
    """The period a digest's label names, in words in the active language: "Tue 1 Dec 2026",
    "the week of 23 Nov 2026"."""
    if cadence == Delivery.WEEKLY:
        year, week = label.split("-W")
        day = date.fromisocalendar(int(year), int(week), 1)
        return gettext("the week of %(day)s") % {"day": date_format(day, "j M Y")}
    return date_format(date.fromisoformat(label), "D j M Y")


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def digest_key(period: DigestPeriod, user_id: int) -> str:
    return f"digest:{period.cadence}:{user_id}:{period.label}"


def _pending(period: DigestPeriod) -> QuerySet[Notification]:
    return Notification.objects.filter(
        digest=period.cadence, digest_key="", created_at__lt=period.cut
    )


def digests_send(*, now: datetime) -> int:
    """Gather the notices due in a digest at `now` and queue their emails; how many queued."""
    return sum(_send_period(period) for period in digest_periods(now))


def _send_period(period: DigestPeriod) -> int:
    queued, after = 0, 0
    while True:
        recipients = list(
            _pending(period)
            .filter(recipient_id__gt=after)
            .order_by("recipient_id")
            .values_list("recipient_id", flat=True)
            .distinct()[:CHUNK]
        )
        if not recipients:
            return queued
        after = recipients[-1]
        queued += _assign(period, recipients)


@transaction.atomic
def _assign(period: DigestPeriod, recipients: list[int]) -> int:
    from tandem.notifications.tasks import digest_email

    keys = {user_id: digest_key(period, user_id) for user_id in recipients}
    # A digest already made for this period is never added to: its email may be on its way.
    # What reached the database after it (a notice made just before the cut, committed just
    # after) waits for the next period's digest instead.
    made = set(
        Notification.objects.filter(digest=period.cadence, digest_key__in=keys.values())
        .values_list("digest_key", flat=True)
        .distinct()
    )
    fresh = [user_id for user_id in recipients if keys[user_id] not in made]
    if not fresh:
        return 0
    _pending(period).filter(recipient_id__in=fresh).update(
        digest_key=Concat(
            Value(f"digest:{period.cadence}:"),
            Cast("recipient_id", output_field=CharField()),
            Value(f":{period.label}"),
            output_field=CharField(),
        )
    )
    # Queued in the same transaction as the keys it sends: with the database queue both are
    # committed or neither is, so no digest is made without its email queued, and no worker
    # sees the task before the notices carry its key.
    for user_id in fresh:
        digest_email.enqueue(keys[user_id])
    return len(fresh)


def digest_email_send(*, key: str) -> bool:
    """Send the digest email for `key` unless it was sent; True when it was sent now."""
    cadence, label = key.split(":")[1], key.rsplit(":", 1)[1]
    carried = Notification.objects.filter(digest=cadence, digest_key=key)
    total = carried.count()
    listed = list(carried.select_related("recipient").order_by("created_at", "pk")[:LISTED])
    if not listed or not listed[0].recipient.is_active:
        return False
    recipient = listed[0].recipient
    unsubscribe = unsubscribe_url(user_id=recipient.pk, scope=DIGEST, target=cadence)
    daily = cadence == Delivery.DAILY
    with in_language_of(recipient):
        context = {
            "recipient": recipient,
            "daily": daily,
            "covers": _covers(cadence, label),
            "items": [(n.title, absolute_url(n.url) if n.url else "") for n in listed],
            "more": total - len(listed),
            "list_url": absolute_url(reverse("notifications:list")),
            "preferences_url": absolute_url(reverse("notifications:preferences")),
            "unsubscribe_url": unsubscribe,
        }
        subject = (
            ngettext(
                "Your daily digest: %(count)d notification",
                "Your daily digest: %(count)d notifications",
                total,
            )
            if daily
            else ngettext(
                "Your weekly digest: %(count)d notification",
                "Your weekly digest: %(count)d notifications",
                total,
            )
        ) % {"count": total}
        body = render_to_string("notifications/email/digest.txt", context)
    return email_send_once(
        key=key,
        to=recipient.email,
        subject=f"[Tandem] {subject}",
        body=body,
        headers=unsubscribe_headers(unsubscribe),
    )
