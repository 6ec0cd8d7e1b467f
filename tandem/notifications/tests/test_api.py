"""Notifications over the API: your own only, newest first, and marking them read."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tandem.accounts.models import User
from tandem.conftest import Personas
from tandem.notifications.models import Notification
from tandem.notifications.services import notification_send

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 2, 9, 0, tzinfo=datetime.UTC)
AssertNumQueries = Callable[[int], AbstractContextManager[object]]


@pytest.fixture(autouse=True)
def _clock(time_machine) -> None:
    time_machine.move_to(NOW, tick=False)


def notify(user: User, title: str, *, kind: str = "mentorship.paused", minutes: int = 0) -> int:
    notification = notification_send(
        recipient=user, kind=kind, title=title, url="/mentorships/", dedupe_key=title, email=False
    )
    assert notification is not None
    Notification.objects.filter(pk=notification.pk).update(
        created_at=NOW + datetime.timedelta(minutes=minutes)
    )
    return notification.pk


def test_the_list_holds_your_own_notifications_newest_first(personas: Personas) -> None:
    alice = personas.alice.user
    notify(alice, "Older", kind="reminder.meeting", minutes=1)
    newer = notify(alice, "Newer", minutes=2)
    notify(personas.bob.user, "Bob's own")

    body: dict[str, Any] = personas.client_for("alice").get("/api/notifications/").json()

    assert body["count"] == 2
    assert [row["title"] for row in body["results"]] == ["Newer", "Older"]
    assert body["results"][0] == {
        "id": newer,
        "kind": "mentorship.paused",
        "category": "activity",
        "title": "Newer",
        "body": "",
        "url": "/mentorships/",
        "created_at": "2026-12-02T09:02:00Z",
        "read_at": None,
    }
    assert body["results"][1]["category"] == "reminders"


def test_someone_elses_notification_is_not_found(personas: Personas) -> None:
    theirs = notify(personas.bob.user, "Bob's own")
    client = personas.client_for("alice")

    assert client.get(f"/api/notifications/{theirs}/").status_code == 404
    assert client.post(f"/api/notifications/{theirs}/read/").status_code == 404
    assert Notification.objects.get(pk=theirs).read_at is None


def test_marking_one_read_leaves_the_others_unread(personas: Personas) -> None:
    alice = personas.alice.user
    one = notify(alice, "One")
    notify(alice, "Two")

    response = personas.client_for("alice").post(f"/api/notifications/{one}/read/")

    assert response.status_code == 200
    assert response.json()["read_at"] == "2026-12-02T09:00:00Z"
    assert list(
        Notification.objects.filter(recipient=alice, read_at__isnull=True).values_list(
            "title", flat=True
        )
    ) == ["Two"]


def test_read_all_marks_only_your_own(personas: Personas) -> None:
    alice = personas.alice.user
    notify(alice, "One")
    notify(alice, "Two")
    bobs = notify(personas.bob.user, "Bob's own")

    response = personas.client_for("alice").post("/api/notifications/read-all/")

    assert response.json() == {"marked": 2}
    assert not Notification.objects.filter(recipient=alice, read_at__isnull=True).exists()
    assert Notification.objects.get(pk=bobs).read_at is None


def test_the_list_runs_as_many_queries_for_many_notifications_as_for_few(
    personas: Personas, django_assert_num_queries: AssertNumQueries
) -> None:
    alice = personas.alice.user
    client = personas.client_for("alice")
    kinds = ["mentorship.paused", "reminder.meeting", "celebration.person", "nudge.quiet"]
    for n in range(3):
        notify(alice, f"Few {n}", kind=kinds[n % 4])
    with CaptureQueriesContext(connection) as few:
        assert client.get("/api/notifications/").status_code == 200
    for n in range(40):
        notify(alice, f"Many {n}", kind=kinds[n % 4])

    with django_assert_num_queries(len(few)):
        response = client.get("/api/notifications/")

    assert response.json()["count"] == 43


def test_the_schema_documents_the_notification_operations(openapi_schema: dict[str, Any]) -> None:
    paths = openapi_schema["paths"]

    assert set(paths["/api/notifications/"]) == {"get"}
    assert set(paths["/api/notifications/{id}/read/"]) == {"post"}
    assert set(paths["/api/notifications/read-all/"]) == {"post"}
