from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tandem.core.models import Heartbeat, ScheduledJobRun

pytestmark = pytest.mark.django_db


def test_a_scheduler_pass_requeues_a_dead_workers_task_and_enqueues_due_jobs(time_machine):
    time_machine.move_to("2026-05-04 08:00:00+00:00", tick=False)
    silent = timezone.now() - timedelta(minutes=5)
    Heartbeat.objects.create(process_id="w-dead", kind="worker", started_at=silent, beat_at=silent)
    orphan = DBTaskResult.objects.create(
        status="RUNNING",
        started_at=silent,
        worker_ids=["w-dead"],
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="tandem.notifications.tasks.notification_email",
        backend_name="default",
        run_after=timezone.now(),
        exception_class_path="",
        traceback="",
    )
    out = StringIO()

    call_command("scheduler", "--once", stdout=out)

    orphan.refresh_from_db()
    assert orphan.status == "READY"
    assert "enqueued record-health-snapshots" in out.getvalue()
    assert ScheduledJobRun.objects.filter(name="record-health-snapshots").exists()
    scheduler = Heartbeat.objects.get(kind="scheduler")
    assert scheduler.last_pass_at == timezone.now()


def test_a_busy_database_does_not_stop_the_scheduler():
    from unittest import mock

    from django.db import OperationalError

    passes = mock.Mock(side_effect=[OperationalError("database is locked"), SystemExit(0)])
    with (
        mock.patch("tandem.core.management.commands.scheduler.scheduler_pass", passes),
        pytest.raises(SystemExit),
    ):
        call_command("scheduler", "--interval", "0", stdout=StringIO())

    assert passes.call_count == 2


def test_the_scheduler_gives_back_the_signal_handlers_it_found():
    """Run inside a process that goes on (a shell, a test run), it must leave that process
    stoppable: a forked child of it would otherwise ignore SIGTERM too."""
    import signal

    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)

    call_command("scheduler", "--once", stdout=StringIO())

    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)) == before
