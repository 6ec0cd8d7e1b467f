"""A group run from the coordinator's form to a proposal: queued as a task, run by the engine,
stored with reasons; recovered when its worker died; adjusted within the rules."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tandem.circles.errors import CircleError
from tandem.circles.models import GroupRun, Placement, ProposedCircle, UnplacedMentee
from tandem.circles.services import runs as services
from tandem.conftest import Personas

from .cohort import cohort, run_now
from .world import mentee, mentor

pytestmark = pytest.mark.django_db


def test_a_run_started_from_the_page_runs_as_a_task_and_proposes_circles(
    personas: Personas, group, django_capture_on_commit_callbacks: Any
):
    cohort(group, mentors=2, mentees=7)
    loner = mentee(group, "Lou Lingua", languages=["fr"])
    client = personas.client_for("carol")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("circles:group_run_create", args=[group.slug]), {"how": "topics"}
        )

    run = GroupRun.objects.get(programme=group)
    assert response.status_code == 302
    assert run.status == GroupRun.Status.DONE
    assert run.rules["max_timezone_gap_hours"] == 6.0
    assert run.max_mentees == 4
    circles = list(ProposedCircle.objects.filter(run=run))
    assert len(circles) == 2
    assert {c.name for c in circles} == {"Circle with Mentor 00", "Circle with Mentor 01"}
    placed = Placement.objects.filter(run=run)
    assert placed.count() == 7
    assert all(p.reasons and p.fit is not None for p in placed)
    assert all(Placement.objects.filter(circle=c).count() <= 4 for c in circles)
    unplaced = UnplacedMentee.objects.get(run=run)
    assert unplaced.mentee == loner
    assert run.metrics["placed"] == 7
    assert run.metrics["bound_matched"] >= 7
    assert run.metrics["upper_bound"] >= run.metrics["total_fit"] > 0


def test_the_review_page_shows_reasons_in_words_and_the_totals(
    personas: Personas, group, django_capture_on_commit_callbacks: Any
):
    cohort(group, mentors=2, mentees=7)
    mentee(group, "Lou Lingua", languages=["fr"])
    run = run_now(group, personas.carol, django_capture_on_commit_callbacks)

    page = personas.client_for("carol").get(reverse("circles:group_run", args=[group.slug, run.pk]))

    text = page.content.decode()
    assert page.status_code == 200
    assert "Facilitators" in text
    assert "Mentor 00" in text
    assert "circle&#x27;s topic both cover" in text or "facilitators have skills" in text
    assert "No circle&#x27;s members share a language with Lou Lingua" in text
    assert "Placed" in text
    assert "Could be placed" in text
    assert "of a bound of" in text
    # Neither raw scores nor the engine's own names reach the page.
    for fit in Placement.objects.filter(run=run).values_list("fit", flat=True):
        assert f"{fit:.4f}" not in text
    assert "\\x00circle" not in text
    assert "+" + str(run.pk) not in text


def test_a_chosen_number_of_circles_pairs_mentors_as_co_facilitators(
    personas: Personas, group, django_capture_on_commit_callbacks: Any
):
    cohort(group, mentors=4, mentees=9)

    run = run_now(group, personas.carol, django_capture_on_commit_callbacks, count=2)

    circles = list(ProposedCircle.objects.filter(run=run))
    assert len(circles) == 2
    assert all(c.co_facilitator_id for c in circles)


def test_a_number_of_circles_the_mentors_cannot_fill_is_refused(personas: Personas, group):
    cohort(group, mentors=4, mentees=3)

    with pytest.raises(CircleError) as refused:
        services.group_run_start(programme=group, created_by=personas.carol, circle_count=5)

    assert refused.value.message == (
        "With 4 free mentors, choose between 2 and 4 circles: each has one or two facilitators."
    )


def test_a_run_left_running_by_a_dead_worker_starts_again_and_finishes(personas: Personas, group):
    cohort(group, mentors=2, mentees=6)
    run = GroupRun.objects.create(
        programme=group, status=GroupRun.Status.RUNNING, rules={}, weights={}, max_mentees=4
    )
    from dataclasses import asdict

    from tandem.matching.selectors import programme_weights

    GroupRun.objects.filter(pk=run.pk).update(weights=asdict(programme_weights(group)))

    done = services.group_run_execute(run_id=run.pk)
    again = services.group_run_execute(run_id=run.pk)

    assert done.status == again.status == GroupRun.Status.DONE
    assert Placement.objects.filter(run=run).count() == 6


@pytest.fixture
def reviewed(personas: Personas, group, django_capture_on_commit_callbacks: Any) -> GroupRun:
    cohort(group, mentors=2, mentees=7)
    return run_now(group, personas.carol, django_capture_on_commit_callbacks)


def _post(personas: Personas, name: str, run: GroupRun, **kwargs: Any) -> Any:
    data = kwargs.pop("data", {})
    url = reverse(name, args=[run.programme.slug, run.pk, *kwargs.values()])
    return personas.client_for("carol").post(url, data, follow=True)


def test_moving_a_mentee_into_a_full_circle_is_refused_with_the_reason(personas, reviewed):
    full, other = sorted(
        ProposedCircle.objects.filter(run=reviewed), key=lambda c: -c.placements.count()
    )
    assert full.placements.count() == 4
    moving = other.placements.first()

    response = _post(
        personas, "circles:placement_move", reviewed, p=moving.pk, data={"circle": full.pk}
    )

    assert "is full: it takes 4 mentees at most." in response.content.decode()
    moving.refresh_from_db()
    assert moving.circle == other


def test_taking_out_placing_and_renaming_adjust_the_proposal(personas, reviewed):
    first, second = ProposedCircle.objects.filter(run=reviewed).order_by("pk")
    out = first.placements.first()

    _post(personas, "circles:placement_remove", reviewed, p=out.pk)
    row = UnplacedMentee.objects.get(run=reviewed, mentee=out.mentee)
    page = personas.client_for("carol").get(
        reverse("circles:group_run", args=[reviewed.programme.slug, reviewed.pk])
    )
    assert f"The coordinator took {out.mentee.name} out of the proposal" in page.content.decode()

    target = second if second.placements.count() < 4 else first
    _post(personas, "circles:unplaced_place", reviewed, r=row.pk, data={"circle": target.pk})
    placed = Placement.objects.get(run=reviewed, mentee=out.mentee)
    assert placed.circle == target
    assert placed.origin == "manual"

    _post(
        personas,
        "circles:proposed_rename",
        reviewed,
        c=first.pk,
        data={"name": "Budget builders", "topic": "Budgets"},
    )
    first.refresh_from_db()
    assert (first.name, first.topic) == ("Budget builders", "Budgets")
    reviewed.refresh_from_db()
    assert reviewed.metrics["adjusted"] is True


@pytest.mark.parametrize(
    ("newcomer", "message"),
    [
        ({"languages": ["fr"]}, "shares no language with every member of"),
        ({"zone": "Asia/Tokyo"}, "time-zone window with Extra Person"),
    ],
)
def test_placing_an_unplaced_mentee_keeps_the_rules(personas, reviewed, newcomer, message):
    somebody = mentee(reviewed.programme, "Extra Person", **newcomer)
    row = UnplacedMentee.objects.create(run=reviewed, mentee=somebody, reason="no circle")
    target = ProposedCircle.objects.filter(run=reviewed).order_by("pk").first()
    target.placements.order_by("pk").last().delete()

    response = _post(
        personas, "circles:unplaced_place", reviewed, r=row.pk, data={"circle": target.pk}
    )

    assert message in response.content.decode()
    assert not Placement.objects.filter(run=reviewed, mentee=somebody).exists()


def test_placing_someone_with_their_manager_in_the_circle_is_refused(personas, reviewed):
    target = ProposedCircle.objects.filter(run=reviewed).order_by("pk").first()
    boss = target.placements.first().mentee
    target.placements.exclude(mentee=boss).first().delete()
    report = mentee(reviewed.programme, "Rae Report", manager=boss)
    row = UnplacedMentee.objects.create(run=reviewed, mentee=report, reason="no circle")

    response = _post(
        personas, "circles:unplaced_place", reviewed, r=row.pk, data={"circle": target.pk}
    )

    assert f"{boss.name} is up Rae Report&#x27;s management chain" in response.content.decode()


def test_the_rename_page_saves_unchanged(personas, reviewed):
    from tandem.core.testing.forms import submit_unchanged

    first = ProposedCircle.objects.filter(run=reviewed).order_by("pk").first()
    url = reverse("circles:proposed_rename", args=[reviewed.programme.slug, reviewed.pk, first.pk])

    response = submit_unchanged(personas.client_for("carol"), url, "name")

    assert response.status_code == 302
    again = ProposedCircle.objects.get(pk=first.pk)
    assert (again.name, again.topic) == (first.name, first.topic)


def test_a_mentor_free_to_facilitate_excludes_those_already_leading_a_circle(personas, group):
    lead = mentor(group, "Busy Lead")
    from .world import circle

    circle(group, "Running", [lead], [mentee(group, f"M{n}") for n in range(3)])
    mentor(group, "Free Lead")

    assert services.free_mentor_count(group) == 1


def test_the_progress_fragment_polls_until_the_run_finishes(personas: Personas, group):
    cohort(group, mentors=2, mentees=6)
    run = GroupRun.objects.create(programme=group, rules={}, weights={}, max_mentees=4)
    client = personas.client_for("carol")
    url = reverse("circles:group_run_progress", args=[group.slug, run.pk])

    polling = client.get(url, headers={"HX-Request": "true"})
    assert 'hx-trigger="every 1s"' in polling.content.decode()
    assert "Waiting for a worker" in polling.content.decode()
    waiting = client.get(reverse("circles:group_run", args=[group.slug, run.pk]))
    assert 'hx-get="' + url in waiting.content.decode()

    GroupRun.objects.filter(pk=run.pk).update(status=GroupRun.Status.DONE)
    done = client.get(url, headers={"HX-Request": "true"})
    assert done["HX-Redirect"] == reverse("circles:group_run", args=[group.slug, run.pk])
    assert client.get(url).status_code == 302
