from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tandem.accounts.tests.factories import UserFactory
from tandem.core.scheduler import PeriodicJob, job_claim
from tandem.core.tasks_recovery import tasks_recover_stale
from tandem.notifications.emails import email_send_once
from tandem.notifications.models import Notification, SentEmail
from tandem.notifications.services import notification_send
from tandem.notifications.tasks import notification_email

pytestmark = pytest.mark.django_db


def test_a_notification_is_shown_in_the_app_and_emailed_once(django_capture_on_commit_callbacks):
    user = UserFactory(email="ana@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        notification_send(
            recipient=user,
            kind="match",
            title="You have a mentor",
            body="Meet Bob.",
            url="/mentorships/",
            dedupe_key="match:1",
        )

    assert Notification.objects.filter(recipient=user).count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "[Tandem] You have a mentor"
    assert "/mentorships/" in mail.outbox[0].body


def test_the_same_event_does_not_notify_twice(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = notification_send(recipient=user, kind="k", title="t", dedupe_key="event:7")
        second = notification_send(recipient=user, kind="k", title="t", dedupe_key="event:7")

    assert first is not None
    assert second is None
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_retried_email_task_never_sends_twice(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notification = notification_send(recipient=user, kind="k", title="t", dedupe_key="e")
    assert notification is not None

    notification_email.call(notification.pk)
    notification_email.call(notification.pk)

    assert len(mail.outbox) == 1
    assert SentEmail.objects.get().status == SentEmail.Status.SENT


def test_an_email_that_failed_is_sent_by_the_next_attempt():
    with (
        mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("smtp down")),
        pytest.raises(OSError, match="smtp down"),
    ):
        email_send_once(key="k1", to="a@example.org", subject="Hello", body="Hi")
    assert SentEmail.objects.get(key="k1").status == SentEmail.Status.FAILED

    assert email_send_once(key="k1", to="a@example.org", subject="Hello", body="Hi") is True

    claim = SentEmail.objects.get(key="k1")
    assert claim.status == SentEmail.Status.SENT
    assert claim.attempts == 2
    assert len(mail.outbox) == 1


def test_a_rolled_back_request_sends_no_email(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            from django.db import transaction

            with transaction.atomic():
                notification_send(recipient=user, kind="k", title="t", dedupe_key="x")
                raise RuntimeError("the request failed")
        except RuntimeError:
            pass

    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_tasks_left_running_by_a_dead_worker_are_queued_again():
    started = timezone.now() - timedelta(hours=2)
    common = {
        "args_kwargs": {"args": [], "kwargs": {}},
        "task_path": "tandem.notifications.tasks.notification_email",
        "backend_name": "default",
        "run_after": timezone.now(),
        "exception_class_path": "",
        "traceback": "",
    }
    stale = DBTaskResult.objects.create(status="RUNNING", started_at=started, **common)
    fresh = DBTaskResult.objects.create(status="RUNNING", started_at=timezone.now(), **common)

    assert tasks_recover_stale(older_than=timedelta(minutes=30)) == 1

    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.status == "READY"
    assert fresh.status == "RUNNING"


def test_a_periodic_job_is_claimed_once_per_period():
    job = PeriodicJob("nightly", timedelta(hours=1), lambda: None)
    now = timezone.now()

    assert job_claim(job, now=now) is True
    assert job_claim(job, now=now + timedelta(minutes=10)) is False
    assert job_claim(job, now=now + timedelta(minutes=61)) is True


def test_people_see_only_their_own_notifications(client):
    ana, ben = UserFactory(), UserFactory()
    notification_send(recipient=ben, kind="k", title="Private to Ben", dedupe_key="b", email=False)
    client.force_login(ana)

    response = client.get(reverse("notifications:list"))

    assert response.status_code == 200
    assert b"Private to Ben" not in response.content


def test_marking_one_notification_read_leaves_the_others_unread(client):
    ana = UserFactory()
    one = notification_send(recipient=ana, kind="k", title="One", dedupe_key="1", email=False)
    notification_send(recipient=ana, kind="k", title="Two", dedupe_key="2", email=False)
    client.force_login(ana)
    assert one is not None

    client.post(reverse("notifications:mark_read"), {"id": one.pk})

    assert Notification.objects.filter(recipient=ana, read_at__isnull=True).count() == 1


def _sending_claim(key, **fields):
    return SentEmail.objects.create(
        key=key,
        to="a@example.org",
        subject="Hello",
        status=SentEmail.Status.SENDING,
        attempts=1,
        **fields,
    )


def test_an_email_whose_worker_died_while_sending_is_sent_by_the_recovered_task():
    from tandem.core.models import Heartbeat

    dead_since = timezone.now() - timedelta(minutes=5)
    Heartbeat.objects.create(
        process_id="w-dead", kind="worker", started_at=dead_since, beat_at=dead_since
    )
    _sending_claim("k-dead", claimed_by="w-dead", claimed_at=dead_since)

    assert email_send_once(key="k-dead", to="a@example.org", subject="Hello", body="Hi") is True

    claim = SentEmail.objects.get(key="k-dead")
    assert claim.status == SentEmail.Status.SENT
    assert claim.attempts == 2
    assert len(mail.outbox) == 1


def test_an_email_being_sent_by_a_live_worker_is_not_sent_again():
    from tandem.core.models import Heartbeat

    now = timezone.now()
    Heartbeat.objects.create(process_id="w-live", kind="worker", started_at=now, beat_at=now)
    _sending_claim("k-live", claimed_by="w-live", claimed_at=now)

    assert email_send_once(key="k-live", to="a@example.org", subject="Hello", body="Hi") is False
    assert mail.outbox == []


def test_a_sending_claim_outside_a_worker_is_retried_only_once_it_is_stale(settings):
    settings.TANDEM_EMAIL_CLAIM_STALE_SECONDS = 600
    _sending_claim("k-web", claimed_at=timezone.now() - timedelta(seconds=30))
    assert email_send_once(key="k-web", to="a@example.org", subject="Hello", body="Hi") is False

    SentEmail.objects.filter(key="k-web").update(claimed_at=timezone.now() - timedelta(seconds=601))
    assert email_send_once(key="k-web", to="a@example.org", subject="Hello", body="Hi") is True
    assert len(mail.outbox) == 1


def test_a_hung_mail_server_fails_the_send_after_email_timeout(settings):
    import smtplib
    import socket
    import time

    from django.core.mail import get_connection

    assert get_connection("django.core.mail.backends.smtp.EmailBackend").timeout == 20

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)  # accepts the connection, never greets: a hung mail server
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", silent.getsockname()[1]
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_TIMEOUT = 1
        started = time.monotonic()
        with pytest.raises(smtplib.SMTPServerDisconnected, match="timed out"):
            email_send_once(key="k-hung", to="a@example.org", subject="Hello", body="Hi")
        assert time.monotonic() - started < 10
    finally:
        silent.close()
    assert SentEmail.objects.get(key="k-hung").status == SentEmail.Status.FAILED


def test_a_task_held_by_a_worker_that_stopped_beating_is_queued_again_within_a_minute():
    from tandem.core.models import Heartbeat

    now = timezone.now()
    common = {
        "args_kwargs": {"args": [], "kwargs": {}},
        "task_path": "tandem.notifications.tasks.notification_email",
        "backend_name": "default",
        "run_after": now,
        "exception_class_path": "",
        "traceback": "",
    }
    silent = now - timedelta(seconds=90)
    Heartbeat.objects.create(process_id="w-dead", kind="worker", started_at=silent, beat_at=silent)
    Heartbeat.objects.create(process_id="w-live", kind="worker", started_at=silent, beat_at=now)
    orphan = DBTaskResult.objects.create(
        status="RUNNING", started_at=now - timedelta(minutes=2), worker_ids=["w-dead"], **common
    )
    long_one = DBTaskResult.objects.create(
        status="RUNNING", started_at=now - timedelta(hours=3), worker_ids=["w-live"], **common
    )

    assert tasks_recover_stale(now=now) == 1

    orphan.refresh_from_db()
    long_one.refresh_from_db()
    assert orphan.status == "READY"
    assert long_one.status == "RUNNING"
