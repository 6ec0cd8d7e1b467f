"""An import whose worker process is killed mid-import finishes exactly once after recovery."""

import pytest
from django_tasks_db.models import DBTaskResult

from tandem.accounts.tests.factories import UserFactory
from tandem.core.testing.processes import (
    kill,
    needs_postgresql,
    recover_after_heartbeat_stops,
    run_worker_until_idle,
    start_worker,
    table_locked,
    wait_for,
)
from tandem.people.models import ImportJob, Person
from tandem.people.services import import_job_create
from tandem.people.tests.csvdata import org_chart, to_csv

pytestmark = [needs_postgresql, pytest.mark.faults, pytest.mark.django_db(transaction=True)]


def test_an_import_whose_worker_is_killed_mid_import_finishes_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    people = org_chart()
    source = to_csv(people)
    job = import_job_create(user=UserFactory(), filename="people.csv", source=source)
    before = Person.objects.count()

    # The import stops where it writes people: started, nothing saved yet.
    with table_locked(Person._meta.db_table):
        worker = start_worker()
        wait_for(
            lambda: ImportJob.objects.filter(pk=job.pk).exclude(status="pending").exists(),
            what="the import to start",
        )
        kill(worker)
    job.refresh_from_db()
    assert not job.is_finished

    assert recover_after_heartbeat_stops() == 1
    done = run_worker_until_idle()

    assert done.returncode == 0, done.stderr
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    assert Person.objects.count() == before + len(people)
    assert list(DBTaskResult.objects.values_list("status", flat=True)) == ["SUCCESSFUL"]
