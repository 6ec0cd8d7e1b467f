from unittest import mock

import pytest
from django.db import OperationalError


@pytest.mark.django_db
def test_healthz_reports_each_dependency_it_checked(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_cannot_be_reached(client):
    with mock.patch(
        "tandem.core.health.connection.cursor", side_effect=OperationalError("unreachable")
    ):
        response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == {
        "ok": False,
        "detail": "OperationalError",
        "ms": body["checks"]["database"]["ms"],
    }


def test_healthz_needs_no_sign_in(client, db):
    assert client.get("/healthz").status_code == 200


DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _beat(kind, *, seconds_ago=0, process_id=None):
    from datetime import timedelta

    from django.utils import timezone

    from tandem.core.models import Heartbeat

    at = timezone.now() - timedelta(seconds=seconds_ago)
    Heartbeat.objects.update_or_create(
        process_id=process_id or f"{kind}-1",
        defaults={"kind": kind, "started_at": at, "beat_at": at, "last_pass_at": at},
    )


def _queued_task(*, seconds_ago):
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult, get_date_max

    task = DBTaskResult.objects.create(
        status="READY",
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="tandem.notifications.tasks.notification_email",
        backend_name="default",
        run_after=get_date_max(),
        exception_class_path="",
        traceback="",
    )
    DBTaskResult.objects.filter(pk=task.pk).update(
        enqueued_at=timezone.now() - timedelta(seconds=seconds_ago)
    )


@pytest.mark.django_db
def test_healthz_reports_cache_workers_scheduler_and_queue(client, settings):
    settings.TASKS = DB_QUEUE
    _beat("worker")
    _beat("scheduler", seconds_ago=20)
    _queued_task(seconds_ago=5)

    response = client.get("/healthz")

    assert response.status_code == 200
    checks = response.json()["checks"]
    assert checks["cache"]["ok"] is True
    assert checks["workers"]["detail"] == "1 alive"
    assert checks["scheduler"]["detail"] == "last pass 20 s ago"
    assert checks["queue"]["detail"] == "oldest waiting 5 s"


@pytest.mark.django_db
@pytest.mark.parametrize("fault", ["no worker", "dead worker", "stale scheduler", "old task"])
def test_healthz_answers_503_when_the_queue_is_not_being_worked(client, settings, fault):
    settings.TASKS = DB_QUEUE
    _beat("worker", seconds_ago=settings.TANDEM_HEARTBEAT_STALE_SECONDS + 5)
    if fault != "dead worker":
        _beat("worker", process_id="w-2")
    if fault == "no worker":
        from tandem.core.models import Heartbeat

        Heartbeat.objects.filter(kind="worker").delete()
    _beat(
        "scheduler",
        seconds_ago=settings.TANDEM_SCHEDULER_STALE_SECONDS + 5
        if fault == "stale scheduler"
        else 1,
    )
    _queued_task(seconds_ago=settings.TANDEM_QUEUE_STALE_SECONDS + 5 if fault == "old task" else 1)

    response = client.get("/healthz")

    assert response.status_code == 503
    failing = [name for name, check in response.json()["checks"].items() if not check["ok"]]
    expected = {"no worker": "workers", "dead worker": "workers"}.get(fault)
    expected = expected or {"stale scheduler": "scheduler", "old task": "queue"}[fault]
    assert failing == [expected]


@pytest.mark.django_db
def test_healthz_answers_503_when_the_cache_is_down(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        }
    }

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["ok"] is False
