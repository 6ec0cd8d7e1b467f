"""Forming circles: the coordinator's pages of a group programme (settings, circles, runs)
for its coordinators and the operator only; the browse and join pages for its approved
mentees only. Anyone else gets 404: a coordinator of another programme, a mentee of the
programme on its coordinator pages, a mentee of another programme (other_pair), an outsider."""

from typing import Any

from tandem.circles.models import (
    Circle,
    GroupRun,
    Placement,
    ProposedCircle,
    UnplacedMentee,
)
from tandem.core.testing.permissions import NOT_FOUND, OK, REDIRECT, Case, signed_in
from tandem.matching.instance import programme_rules
from tandem.programmes.models import Enrolment, Programme

from .world import circle, enrol, group_programme, mentee, mentor

NAME = "Circles of Practice"
MARKER = "ZQX-CIRCLE-PERMISSION-2290"


def prepare(p: Any) -> None:
    group = group_programme(p.carol, name=NAME)
    enrol(group, p.alice, Enrolment.Role.MENTEE)
    enrol(group, p.bob, Enrolment.Role.MENTOR)
    members = [mentee(group, f"Member {n}") for n in range(3)]
    found = circle(group, "Open circle", [p.bob], members)
    found.members.filter(role="mentee").update(join_note=f"Note {MARKER}")
    run = GroupRun.objects.create(
        programme=group,
        status=GroupRun.Status.DONE,
        rules=programme_rules(group).as_dict(),
        max_mentees=4,
        metrics={"placed": 3, "unplaced": 1, "mentees": 4, "total_fit": 1.2, "upper_bound": 1.5},
    )
    first = ProposedCircle.objects.create(
        run=run, name="Proposed A", facilitator=mentor(group, "A")
    )
    ProposedCircle.objects.create(run=run, name="Proposed B", facilitator=mentor(group, "B"))
    for n in range(3):
        Placement.objects.create(
            run=run, circle=first, mentee=mentee(group, f"Placed {n}"), fit=0.4, reasons=[]
        )
    UnplacedMentee.objects.create(run=run, mentee=mentee(group, "Unplaced"), reason="no circle")


def _group() -> Programme:
    return Programme.objects.get(name=NAME)


def slug(p: Any) -> dict[str, Any]:
    return {"slug": _group().slug}


def run(p: Any) -> dict[str, Any]:
    return {"slug": _group().slug, "pk": GroupRun.objects.get(programme=_group()).pk}


def placement(p: Any) -> dict[str, Any]:
    return {**run(p), "placement": Placement.objects.filter(run__programme=_group()).first().pk}


def unplaced(p: Any) -> dict[str, Any]:
    return {**run(p), "row": UnplacedMentee.objects.get(run__programme=_group()).pk}


def proposed(p: Any) -> dict[str, Any]:
    return {**run(p), "circle": ProposedCircle.objects.get(name="Proposed A").pk}


def other_circle(p: Any) -> dict[str, Any]:
    return {"circle": ProposedCircle.objects.get(name="Proposed B").pk}


def open_circle(p: Any) -> dict[str, Any]:
    return {"slug": _group().slug, "pk": Circle.objects.get(name="Open circle").pk}


def member(p: Any) -> dict[str, Any]:
    found = Circle.objects.get(name="Open circle")
    return {**open_circle(p), "member": found.members.filter(role="mentee").first().pk}


def no_join_note(p: Any, who: str, response: Any) -> None:
    assert MARKER not in response.content.decode()


COORDINATOR = signed_in(NOT_FOUND, carol=OK, superuser=OK)
COORDINATOR_WRITES = signed_in(NOT_FOUND, carol=REDIRECT, superuser=REDIRECT)
MENTEE = signed_in(NOT_FOUND, alice=OK, superuser=NOT_FOUND)

CASES = [
    Case("circles:group_settings", COORDINATOR, kwargs=slug, check=no_join_note),
    Case(
        "circles:group_settings",
        COORDINATOR_WRITES,
        method="post",
        kwargs=slug,
        data=lambda p: {"max_mentees": 5, "mentees_may_join": "on"},
    ),
    Case("circles:coordinator_list", COORDINATOR, kwargs=slug, check=no_join_note),
    Case("circles:circle_create", COORDINATOR, kwargs=slug),
    Case("circles:coordinator_members", COORDINATOR, kwargs=open_circle, check=no_join_note),
    Case("circles:member_remove", COORDINATOR_WRITES, method="post", kwargs=member),
    Case("circles:group_runs", COORDINATOR, kwargs=slug),
    Case("circles:group_run_create", COORDINATOR, kwargs=slug),
    Case("circles:group_run", COORDINATOR, kwargs=run),
    # The polling fragment; without HTMX it sends the browser to the run's page.
    Case("circles:group_run_progress", COORDINATOR_WRITES, kwargs=run),
    Case(
        "circles:placement_move",
        COORDINATOR_WRITES,
        method="post",
        kwargs=placement,
        data=other_circle,
    ),
    Case("circles:placement_remove", COORDINATOR_WRITES, method="post", kwargs=placement),
    Case(
        "circles:unplaced_place",
        COORDINATOR_WRITES,
        method="post",
        kwargs=unplaced,
        data=other_circle,
    ),
    Case("circles:proposed_rename", COORDINATOR, kwargs=proposed),
    Case("circles:group_run_publish", COORDINATOR, kwargs=run),
    Case("circles:group_run_publish", COORDINATOR_WRITES, method="post", kwargs=run),
    Case("circles:browse", MENTEE, kwargs=slug, check=no_join_note),
    Case("circles:join", MENTEE, kwargs=open_circle, check=no_join_note),
    Case(
        "circles:join",
        signed_in(NOT_FOUND, alice=REDIRECT, superuser=NOT_FOUND),
        method="post",
        kwargs=open_circle,
        data=lambda p: {"note": "Hello"},
    ),
]
