"""A scheduled job whose worker process is killed mid-job finishes exactly once after recovery."""

import pytest
from django_tasks_db.models import DBTaskResult

from tandem.core.models import ScheduledJobRun
from tandem.core.scheduler import jobs_enqueue_due
from tandem.core.testing.processes import (
    kill,
    needs_postgresql,
    recover_after_heartbeat_stops,
    run_worker_until_idle,
    start_worker,
    table_locked,
    wait_for,
)
from tandem.mentorships.tests.factories import MentorshipFactory
from tandem.reports.models import HealthSnapshot

pytestmark = [needs_postgresql, pytest.mark.faults, pytest.mark.django_db(transaction=True)]

JOB = "record-health-snapshots"


def test_a_scheduled_job_whose_worker_is_killed_mid_job_finishes_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    pairs = [MentorshipFactory(), MentorshipFactory()]
    enqueued = jobs_enqueue_due()
    assert JOB in enqueued

    def snapshot_task_running():
        return DBTaskResult.objects.filter(status="RUNNING", args_kwargs__args=[JOB]).exists()

    # The job stops where it writes the snapshots: claimed, running, nothing written.
    with table_locked(HealthSnapshot._meta.db_table):
        worker = start_worker()
        wait_for(snapshot_task_running, what="the snapshot job to start")
        kill(worker)

    assert recover_after_heartbeat_stops() == 1
    done = run_worker_until_idle()

    assert done.returncode == 0, done.stderr
    statuses = list(DBTaskResult.objects.values_list("status", flat=True))
    assert statuses == ["SUCCESSFUL"] * len(enqueued)
    assert HealthSnapshot.objects.count() == len(pairs)
    run = ScheduledJobRun.objects.get(name=JOB)
    assert run.last_finished_at is not None
    assert run.last_error == ""
    # Claimed once this period: a second scheduler pass enqueues nothing again.
    assert JOB not in jobs_enqueue_due()
