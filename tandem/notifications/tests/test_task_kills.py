"""An email task whose worker process is killed mid-send is sent exactly once after recovery."""

import socket

import pytest
from django_tasks_db.models import DBTaskResult

from tandem.accounts.tests.factories import UserFactory
from tandem.core.testing.processes import (
    kill,
    needs_postgresql,
    recover_after_heartbeat_stops,
    run_worker_until_idle,
    start_worker,
    wait_for,
)
from tandem.notifications.models import SentEmail
from tandem.notifications.services import notification_send

pytestmark = [needs_postgresql, pytest.mark.faults, pytest.mark.django_db(transaction=True)]


def test_an_email_whose_worker_is_killed_mid_send_is_sent_once(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    notification_send(
        recipient=UserFactory(email="ana@example.org"), kind="k", title="Hello", dedupe_key="e1"
    )
    hung_smtp = socket.socket()
    hung_smtp.bind(("127.0.0.1", 0))
    hung_smtp.listen(1)  # accepts, never greets: the worker blocks inside the send
    try:
        worker = start_worker(
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(hung_smtp.getsockname()[1]),
            EMAIL_USE_TLS="0",
            EMAIL_TIMEOUT="120",
        )
        wait_for(
            lambda: SentEmail.objects.filter(status="sending").exists(), what="the send to start"
        )
        kill(worker)
    finally:
        hung_smtp.close()
    assert DBTaskResult.objects.get().status == "RUNNING"

    assert recover_after_heartbeat_stops() == 1
    outbox = tmp_path / "outbox"
    done = run_worker_until_idle(
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(outbox),
    )

    assert done.returncode == 0, done.stderr
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    claim = SentEmail.objects.get()
    assert (claim.status, claim.attempts) == ("sent", 2)
    messages = [p.read_text() for p in outbox.iterdir()]
    assert len(messages) == 1
    assert "Hello" in messages[0]
