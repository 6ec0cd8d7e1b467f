"""Publishing a group run: the circles and their members once, each person told in words."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections
from django.urls import reverse

from tandem.circles.errors import CircleError
from tandem.circles.models import Circle, CircleMember, GroupRun, Placement, ProposedCircle
from tandem.circles.services.runs import group_run_publish
from tandem.conftest import Personas, build_personas
from tandem.notifications.models import Notification

from .cohort import cohort, run_now
from .world import group_programme, mentee

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed(personas: Personas, group, django_capture_on_commit_callbacks: Any) -> GroupRun:
    cohort(group, mentors=2, mentees=7)
    mentee(group, "Lou Lingua", languages=["fr"])
    return run_now(group, personas.carol, django_capture_on_commit_callbacks)


def test_publishing_forms_the_circles_and_tells_everyone_why(personas: Personas, reviewed):
    response = personas.client_for("carol").post(
        reverse("circles:group_run_publish", args=[reviewed.programme.slug, reviewed.pk])
    )

    assert response.status_code == 302
    circles = Circle.objects.filter(programme=reviewed.programme)
    assert circles.count() == 2
    assert {c.origin for c in circles} == {Circle.Origin.MATCH}
    assert {c.state for c in circles} == {Circle.State.FORMING}
    members = CircleMember.objects.filter(circle__in=circles, role="mentee")
    assert members.count() == 7
    assert all(m.reasons for m in members)
    placed = Notification.objects.filter(kind="circle_placed", title__startswith="You are in")
    assert placed.count() == 7
    assert all(n.body.startswith("Why this circle: ") for n in placed)
    # Written to the mentee, never naming them in the third person nor showing a score.
    one = placed.first()
    assert "you" in one.body.lower()
    assert "0." not in one.body
    assert (
        Notification.objects.filter(
            kind="circle_placed", title__startswith="You facilitate"
        ).count()
        == 2
    )
    unplaced = Notification.objects.get(kind="circle_unplaced")
    assert unplaced.title == f"No circle for you in this round of {reviewed.programme.name}"
    assert "No circle's members share a language with you" in unplaced.body
    assert "browse the circles that still have room" in unplaced.body
    reviewed.refresh_from_db()
    assert reviewed.status == GroupRun.Status.PUBLISHED


def test_publishing_twice_publishes_once(personas: Personas, reviewed):
    group_run_publish(run=reviewed, by=personas.carol)

    with pytest.raises(CircleError) as refused:
        group_run_publish(run=reviewed, by=personas.carol)

    assert refused.value.message == "This run is already published."
    assert Circle.objects.filter(programme=reviewed.programme).count() == 2
    assert Notification.objects.filter(kind="circle_placed").count() == 9


def test_a_circle_below_three_mentees_is_not_published(personas: Personas, reviewed):
    short = ProposedCircle.objects.filter(run=reviewed).order_by("pk").first()
    for placement in Placement.objects.filter(circle=short).order_by("pk")[2:]:
        placement.delete()

    with pytest.raises(CircleError) as refused:
        group_run_publish(run=reviewed, by=personas.carol)

    assert f"{short.name} has 2 mentees; a circle forms with at least 3." in refused.value.message
    assert not Circle.objects.exists()


def test_publishing_makes_other_runs_out_of_date(
    personas: Personas, reviewed, django_capture_on_commit_callbacks: Any
):
    later = run_now(reviewed.programme, personas.carol, django_capture_on_commit_callbacks)

    group_run_publish(run=reviewed, by=personas.carol)

    later.refresh_from_db()
    assert later.status == GroupRun.Status.SUPERSEDED
    with pytest.raises(CircleError):
        group_run_publish(run=later, by=personas.carol)


ON_POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers itself; the sequential test covers the rule there.",
)


@ON_POSTGRESQL
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_coordinators_publishing_at_once_publish_once() -> None:
    personas = build_personas()
    programme = group_programme(personas.carol, personas.superuser)
    cohort(programme, mentors=2, mentees=6)
    from tandem.circles.services.runs import group_run_execute, group_run_start

    run = group_run_start(programme=programme, created_by=personas.carol, circle_count=None)
    group_run_execute(run_id=run.pk)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt(by: Any) -> None:
        try:
            barrier.wait()
            group_run_publish(run=GroupRun.objects.get(pk=run.pk), by=by)
            outcomes.append("published")
        except CircleError as error:
            outcomes.append(error.message)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=attempt, args=(by,)) for by in (personas.carol, personas.superuser)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["This run is already published.", "published"]
    assert Circle.objects.filter(programme=programme).count() == 2
    assert CircleMember.objects.filter(circle__programme=programme, role="mentee").count() == 6
