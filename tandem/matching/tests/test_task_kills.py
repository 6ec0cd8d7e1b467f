"""A match run, and a publication, whose worker process is killed mid-run finish exactly once
after recovery."""

import pytest
from django_tasks_db.models import DBTaskResult

from tandem.core.testing.processes import (
    kill,
    needs_postgresql,
    recover_after_heartbeat_stops,
    run_worker_until_idle,
    start_worker,
    table_locked,
    wait_for,
)
from tandem.matching.models import MatchProposal, MatchRun
from tandem.matching.services import match_run_publish, match_run_start
from tandem.mentorships.models import Mentorship
from tandem.notifications.models import Notification

pytestmark = [needs_postgresql, pytest.mark.faults, pytest.mark.django_db(transaction=True)]


def test_a_match_run_whose_worker_is_killed_mid_run_finishes_once(
    transactional_db, cohort, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    run = match_run_start(
        programme=cohort.programme, created_by=cohort.carol, mode="optimal", weights={"goals": 1}
    )

    # The run stops where it saves its proposals: running, engine done, nothing stored.
    with table_locked(MatchProposal._meta.db_table):
        worker = start_worker()
        wait_for(
            lambda: MatchRun.objects.filter(pk=run.pk, status="running").exists(),
            what="the run to start",
        )
        wait_for(lambda: DBTaskResult.objects.filter(status="RUNNING").exists())
        kill(worker)
    run.refresh_from_db()
    assert run.status == MatchRun.Status.RUNNING

    assert recover_after_heartbeat_stops() == 1
    done = run_worker_until_idle()

    assert done.returncode == 0, done.stderr
    run.refresh_from_db()
    assert run.status == MatchRun.Status.DONE
    assert MatchProposal.objects.filter(run=run).count() == run.metrics["matched"] == 4
    assert list(DBTaskResult.objects.values_list("status", flat=True)) == ["SUCCESSFUL"]


def test_a_publication_whose_worker_is_killed_mid_run_creates_each_pair_once(
    transactional_db, cohort, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    run = match_run_start(
        programme=cohort.programme, created_by=cohort.carol, mode="optimal", weights={"goals": 1}
    )
    assert run_worker_until_idle().returncode == 0
    run.refresh_from_db()
    assert run.status == MatchRun.Status.DONE
    match_run_publish(run=run, published_by=cohort.carol)

    # The publication stops where it creates the mentorships: publishing, nothing created.
    with table_locked(Mentorship._meta.db_table):
        worker = start_worker()
        wait_for(
            lambda: DBTaskResult.objects.filter(status="RUNNING").exists(),
            what="the publication to start",
        )
        kill(worker)
    run.refresh_from_db()
    assert run.status == MatchRun.Status.PUBLISHING
    assert not Mentorship.objects.exists()

    assert recover_after_heartbeat_stops() == 1
    done = run_worker_until_idle()

    assert done.returncode == 0, done.stderr
    run.refresh_from_db()
    assert run.status == MatchRun.Status.PUBLISHED
    pairs = set(MatchProposal.objects.filter(run=run).values_list("mentee_id", "mentor_id"))
    made = list(Mentorship.objects.values_list("mentee_id", "mentor_id"))
    assert len(made) == len(pairs) == 4
    assert set(made) == pairs
    # Each person heard of their pair once, though the task ran twice.
    notices = list(Notification.objects.values_list("recipient_id", "kind", "url"))
    assert notices
    assert len(notices) == len(set(notices))
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
