"""Preferences decide how each notice travels; digests gather the rest into one email."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from tandem.accounts.models import User
from tandem.accounts.tests.factories import UserFactory
from tandem.notifications import digests
from tandem.notifications.digests import digests_send
from tandem.notifications.kinds import OTHER, Delivery, category_for
from tandem.notifications.models import Notification, NotificationPreference, SentEmail
from tandem.notifications.receivers import PARTNER_MESSAGES
from tandem.notifications.services import (
    delivery_for,
    notification_preferences_save,
    notification_send,
)
from tandem.notifications.tasks import digest_email, notification_email

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
# Monday 30 November to Sunday 6 December 2026 is ISO week 49.
MONDAY = datetime.datetime(2026, 11, 30, tzinfo=UTC)


def at(day: datetime.datetime, hour: int, minute: int = 0) -> datetime.datetime:
    return day.replace(hour=hour, minute=minute)


def send(time_machine, when: datetime.datetime, user: User, kind: str, title: str) -> None:
    time_machine.move_to(when, tick=False)
    notification_send(
        recipient=user, kind=kind, title=title, url="/mentorships/", dedupe_key=f"{kind}:{title}"
    )


def run_job(time_machine, when: datetime.datetime) -> int:
    time_machine.move_to(when, tick=False)
    return digests_send(now=when)


KINDS_SENT_TODAY = [
    "reminder.meeting",
    "reminder.check_in",
    "celebration.anniversary",
    "celebration.person",
    "concern.raised",
    "mentorship.created",
    *(f"mentorship.{event}" for event in PARTNER_MESSAGES),
    *(f"mentor_request_{event}" for event in ("received", "accepted", "declined")),
    *(f"mentor_request_{event}" for event in ("withdrawn", "expired")),
    "match_published",
    "nudge.request",
    "nudge.charter",
    "nudge.quiet",
    "nudge.escalated",
    "nudge.auto_close",
    "nudge.overdue",
    "alert.request",
    "alert.inactive",
    "alert.health",
    "survey.sent",
    "survey.reminder",
    "flash.booked",
    "flash.cancelled",
    "flash.changed",
]


@pytest.mark.parametrize("kind", KINDS_SENT_TODAY)
def test_every_kind_tandem_sends_has_a_category(kind: str) -> None:
    assert category_for(kind) is not OTHER


@pytest.mark.parametrize(
    ("kind", "category", "default"),
    [
        ("reminder.meeting", "reminders", Delivery.IMMEDIATE),
        ("reminder.check_in", "reminders", Delivery.IMMEDIATE),
        ("nudge.request", "nudges", Delivery.IMMEDIATE),
        ("nudge.auto_close", "nudges", Delivery.IMMEDIATE),
        ("mentorship.created", "pairing", Delivery.IMMEDIATE),
        ("match_published", "pairing", Delivery.IMMEDIATE),
        ("mentor_request_received", "requests", Delivery.IMMEDIATE),
        ("concern.raised", "concerns", Delivery.IMMEDIATE),
        ("mentorship.charter_signed", "activity", Delivery.DAILY),
        ("mentorship.goal_achieved", "activity", Delivery.DAILY),
        ("celebration.anniversary", "celebrations", Delivery.DAILY),
        ("alert.request", "alerts", Delivery.DAILY),
        ("alert.health", "alerts", Delivery.DAILY),
        ("something.new", "other", Delivery.IMMEDIATE),
    ],
)
def test_without_a_choice_each_kind_travels_by_its_categorys_default(
    kind: str, category: str, default: Delivery
) -> None:
    user = UserFactory()

    assert category_for(kind).key == category
    assert delivery_for(user=user, kind=kind) == default


def test_a_choice_applies_to_its_category_only() -> None:
    user = UserFactory()

    notification_preferences_save(user=user, deliveries={"reminders": Delivery.WEEKLY})

    assert delivery_for(user=user, kind="reminder.meeting") == Delivery.WEEKLY
    assert delivery_for(user=user, kind="nudge.quiet") == Delivery.IMMEDIATE


def test_choosing_the_default_again_stores_nothing() -> None:
    user = UserFactory()
    notification_preferences_save(user=user, deliveries={"activity": Delivery.IN_APP})
    assert NotificationPreference.objects.filter(user=user).count() == 1

    notification_preferences_save(user=user, deliveries={"activity": Delivery.DAILY})

    assert not NotificationPreference.objects.filter(user=user).exists()


def test_in_app_only_sends_no_email(django_capture_on_commit_callbacks) -> None:
    user = UserFactory()
    notification_preferences_save(user=user, deliveries={"reminders": Delivery.IN_APP})

    with django_capture_on_commit_callbacks(execute=True):
        notification_send(recipient=user, kind="reminder.meeting", title="Soon", dedupe_key="m")

    notification = Notification.objects.get(recipient=user)
    assert notification.digest == ""
    assert mail.outbox == []


def test_immediate_sends_one_email_and_no_digest(time_machine, django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        send(time_machine, at(MONDAY, 9), user, "reminder.meeting", "Meeting tomorrow")

    assert [m.subject for m in mail.outbox] == ["[Tandem] Meeting tomorrow"]
    assert run_job(time_machine, at(MONDAY + datetime.timedelta(days=8), 1)) == 0
    assert len(mail.outbox) == 1


def test_a_days_activity_becomes_one_email_the_next_day_and_only_once(time_machine) -> None:
    user = UserFactory(email="ana@example.org")
    tuesday = MONDAY + datetime.timedelta(days=1)
    send(time_machine, at(MONDAY, 9), user, "mentorship.charter_signed", "Bob signed the charter")
    send(
        time_machine,
        at(MONDAY, 14),
        user,
        "mentorship.meeting_scheduled",
        "Bob scheduled a meeting",
    )
    send(time_machine, at(MONDAY, 23, 59), user, "celebration.anniversary", "1 year with Bob")
    send(time_machine, at(tuesday, 0, 30), user, "mentorship.goal_achieved", "A goal was achieved")
    assert mail.outbox == []  # nothing travels on its own

    assert run_job(time_machine, at(tuesday, 1)) == 1
    assert run_job(time_machine, at(tuesday, 2)) == 0

    (email,) = mail.outbox
    assert email.to == ["ana@example.org"]
    assert email.subject == "[Tandem] Your daily digest: 3 notifications"
    assert "Your daily digest for Mon 30 Nov 2026:" in email.body
    for title in ("Bob signed the charter", "Bob scheduled a meeting", "1 year with Bob"):
        assert title in email.body
    assert "A goal was achieved" not in email.body  # made after the cut: tomorrow's
    assert f"{settings.SITE_URL}/mentorships/" in email.body
    assert f"{settings.SITE_URL}{reverse('notifications:preferences')}" in email.body
    key = f"digest:daily:{user.pk}:2026-11-30"
    assert set(Notification.objects.filter(digest_key=key).values_list("title", flat=True)) == {
        "Bob signed the charter",
        "Bob scheduled a meeting",
        "1 year with Bob",
    }

    run_job(time_machine, at(tuesday + datetime.timedelta(days=1), 1))

    assert len(mail.outbox) == 2
    assert "A goal was achieved" in mail.outbox[1].body
    assert mail.outbox[1].subject == "[Tandem] Your daily digest: 1 notification"


def test_a_week_of_activity_becomes_one_email_on_the_following_monday(time_machine) -> None:
    user = UserFactory(email="ana@example.org")
    notification_preferences_save(
        user=user,
        deliveries={
            "activity": Delivery.WEEKLY,
            "celebrations": Delivery.WEEKLY,
            "alerts": Delivery.WEEKLY,
        },
    )
    kinds = ["mentorship.charter_signed", "celebration.person", "alert.health"]
    titles = []
    for offset in range(7):
        day = MONDAY + datetime.timedelta(days=offset)
        for hour, kind in zip((8, 13, 22), kinds, strict=True):
            title = f"{kind} on {day:%a}"
            titles.append(title)
            send(time_machine, at(day, hour), user, kind, title)
        run_job(time_machine, at(day, 23))  # the hourly job runs all week: no weekly yet
    assert mail.outbox == []

    next_monday = MONDAY + datetime.timedelta(days=7)
    send(time_machine, at(next_monday, 0, 30), user, "alert.health", "Made after the cut")
    for hour in range(24):
        run_job(time_machine, at(next_monday, hour))
    for hour in range(24):
        run_job(time_machine, at(next_monday + datetime.timedelta(days=1), hour))

    (email,) = mail.outbox
    assert email.subject == "[Tandem] Your weekly digest: 21 notifications"
    assert "Your weekly digest for the week of 30 Nov 2026:" in email.body
    assert all(title in email.body for title in titles)
    assert "Made after the cut" not in email.body
    assert Notification.objects.filter(digest_key=f"digest:weekly:{user.pk}:2026-W49").count() == 21


def test_a_retried_digest_task_sends_nothing_twice(time_machine) -> None:
    user = UserFactory()
    send(time_machine, at(MONDAY, 9), user, "mentorship.paused", "Bob paused")
    run_job(time_machine, at(MONDAY + datetime.timedelta(days=1), 1))

    key = f"digest:daily:{user.pk}:2026-11-30"
    assert digest_email.call(key) is False
    assert digest_email.call(key) is False
    assert len(mail.outbox) == 1
    assert SentEmail.objects.get(key=key).status == SentEmail.Status.SENT


def test_a_notice_that_arrives_after_its_digest_was_made_goes_in_the_next(time_machine) -> None:
    user = UserFactory()
    tuesday = MONDAY + datetime.timedelta(days=1)
    send(time_machine, at(MONDAY, 9), user, "mentorship.paused", "Bob paused")
    run_job(time_machine, at(tuesday, 1))
    # Made before the cut but committed only after the digest was made.
    send(time_machine, at(MONDAY, 23, 59), user, "mentorship.resumed", "Bob resumed")

    assert run_job(time_machine, at(tuesday, 2)) == 0
    run_job(time_machine, at(tuesday + datetime.timedelta(days=1), 1))

    assert len(mail.outbox) == 2
    assert "Bob resumed" not in mail.outbox[0].body
    assert "Bob resumed" in mail.outbox[1].body


def test_the_job_works_through_recipients_in_chunks(time_machine, monkeypatch) -> None:
    monkeypatch.setattr(digests, "CHUNK", 2)
    users = [UserFactory() for _ in range(5)]
    for user in users:
        send(time_machine, at(MONDAY, 9), user, "mentorship.paused", "Bob paused")

    assert run_job(time_machine, at(MONDAY + datetime.timedelta(days=1), 1)) == 5

    recipients: list[str] = [str(address) for m in mail.outbox for address in m.to]
    assert sorted(recipients) == sorted(str(u.email) for u in users)


def test_a_long_digest_lists_the_first_and_counts_the_rest(time_machine, monkeypatch) -> None:
    monkeypatch.setattr(digests, "LISTED", 2)
    user = UserFactory()
    for n in range(5):
        send(time_machine, at(MONDAY, 9, n), user, "mentorship.paused", f"Notice {n}")

    run_job(time_machine, at(MONDAY + datetime.timedelta(days=1), 1))

    (email,) = mail.outbox
    assert "Notice 0" in email.body
    assert "Notice 1" in email.body
    assert "Notice 2" not in email.body
    assert "And 3 more on your notifications page" in email.body


def test_an_inactive_account_gets_no_digest(time_machine) -> None:
    user = UserFactory()
    send(time_machine, at(MONDAY, 9), user, "mentorship.paused", "Bob paused")
    User.objects.filter(pk=user.pk).update(is_active=False)

    run_job(time_machine, at(MONDAY + datetime.timedelta(days=1), 1))

    assert mail.outbox == []


def test_notices_made_in_bulk_follow_the_preference_when_their_email_is_sent() -> None:
    # A published match run writes its notices in bulk and queues their emails itself.
    user = UserFactory()
    notification_preferences_save(user=user, deliveries={"pairing": Delivery.WEEKLY})
    held = Notification.objects.create(
        recipient=user, kind="match_published", title="Paired", dedupe_key="bulk:1"
    )
    notification_preferences_save(user=user, deliveries={"pairing": Delivery.IN_APP})
    quiet = Notification.objects.create(
        recipient=user, kind="match_published", title="Paired again", dedupe_key="bulk:2"
    )

    notification_preferences_save(user=user, deliveries={"pairing": Delivery.WEEKLY})
    assert notification_email.call(held.pk) is False
    notification_preferences_save(user=user, deliveries={"pairing": Delivery.IN_APP})
    assert notification_email.call(quiet.pk) is False

    held.refresh_from_db()
    quiet.refresh_from_db()
    assert held.digest == Delivery.WEEKLY
    assert quiet.digest == ""
    assert mail.outbox == []


def test_the_scheduler_runs_the_digests_every_hour() -> None:
    from tandem.core.scheduler import periodic_jobs

    assert periodic_jobs()["send-digests"].every == datetime.timedelta(hours=1)
