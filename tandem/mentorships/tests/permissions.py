"""Permission rows for the mentorship pages and API (see tandem/core/testing/permissions.py).

alice (mentee) and bob (mentor) are an active pair in carol's programme, with one of every
kind of content (`conftest.build_world`); alice wrote the private items. dave coordinates
another programme, erin is alice's line manager, oscar an outsider and other_pair the mentee
of another pair in the same programme: they all get 404, and lists show them none of it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from tandem.core.testing.permissions import (
    INVALID,
    NOT_FOUND,
    OK,
    REDIRECT,
    Case,
    api_signed_in,
    everyone,
    signed_in,
)
from tandem.mentorships import services
from tandem.mentorships.urls import pair_urls
from tandem.people.tests.factories import PersonFactory
from tandem.programmes.models import Enrolment
from tandem.programmes.tests.factories import EnrolmentFactory

from .conftest import World, build_world, make_active

MEMBER_PAGE = signed_in(NOT_FOUND, alice=OK, bob=OK, superuser=NOT_FOUND)
MEMBER_POST = signed_in(NOT_FOUND, alice=REDIRECT, bob=REDIRECT, superuser=NOT_FOUND)
AUTHOR_PAGE = signed_in(NOT_FOUND, alice=OK, superuser=NOT_FOUND)
AUTHOR_POST = signed_in(NOT_FOUND, alice=REDIRECT, superuser=NOT_FOUND)
COORDINATOR_PAGE = signed_in(NOT_FOUND, carol=OK, superuser=OK)
COORDINATOR_POST = signed_in(NOT_FOUND, carol=REDIRECT, superuser=REDIRECT)
API_LIST = api_signed_in(OK, superuser=OK)
API_MEMBER = api_signed_in(NOT_FOUND, alice=OK, bob=OK, superuser=NOT_FOUND)
API_MEMBER_INVALID = api_signed_in(NOT_FOUND, alice=INVALID, bob=INVALID, superuser=NOT_FOUND)
API_AUTHOR = api_signed_in(NOT_FOUND, alice=OK, superuser=NOT_FOUND)
API_METADATA = api_signed_in(NOT_FOUND, alice=OK, bob=OK, carol=OK, superuser=OK)


def world(p: Any) -> World:
    """Built with the personas, once for the whole matrix (see `prepare`)."""
    if not hasattr(p, "_mentorship_world"):
        mentorship = make_active(
            services.mentorship_create(programme=p.programme, mentee=p.alice, mentor=p.bob)
        )
        p._mentorship_world = build_world(p, mentorship)
    return p._mentorship_world


def prepare(p: Any) -> None:
    """Build the pair's world with the personas, so the matrix builds it once."""
    world(p)


def pk(p: Any) -> dict[str, Any]:
    return {"pk": world(p).mentorship.pk}


def with_pk(**extra: Any) -> Any:
    return lambda p: {**pk(p), **{k: v(world(p)) for k, v in extra.items()}}


def slug(p: Any) -> dict[str, Any]:
    return {"slug": p.programme.slug}


def api_id(attr: str) -> Any:
    return lambda p: {"id": getattr(world(p), attr).pk}


def feed(p: Any) -> dict[str, Any]:
    return {"token": services.calendar_feed_get_or_create(person=p.alice).token}


def a_default_prompt(p: Any) -> dict[str, Any]:
    from tandem.mentorships.models import Prompt

    prompt = Prompt.objects.filter(programme__isnull=True).first()
    assert prompt is not None
    return {"slug": p.programme.slug, "prompt_pk": prompt.pk}


def body(**values: Any) -> Any:
    """JSON for an API write in alice and bob's mentorship; callables get the world."""
    return lambda p: {
        "mentorship": world(p).mentorship.pk,
        **{k: (v(world(p)) if callable(v) else v) for k, v in values.items()},
    }


def upcoming() -> str:
    return (timezone.now() + timedelta(days=7)).isoformat()


def with_world(p: Any) -> dict[str, Any]:
    """No URL arguments, but the pair's content exists before the request."""
    world(p)
    return {}


def listed(*items: tuple[str, dict[str, str]]) -> Any:
    """A list shows each item of the world exactly to the personas who may open it."""

    def check(p: Any, persona: str, response: Any) -> None:
        if response.status_code != 200:
            return  # refused: nothing listed to look at
        ids = {row["id"] for row in response.json()["results"]}
        for attr, readers in items:
            shown = getattr(world(p), attr).pk in ids
            assert shown == (readers[persona] == OK), f"{persona} sees {attr}: {shown}"

    return check


def lists_the_pair_to_members(p: Any, persona: str, response: Any) -> None:
    if response.status_code != 200:
        return
    link = reverse("mentorships:overview", args=[world(p).mentorship.pk])
    assert (link in response.content.decode()) == (persona in {"alice", "bob"})


def scores_without_comments(p: Any, persona: str, response: Any) -> None:
    if response.status_code != 200:
        return
    rows = response.json()["results"]
    assert [row["engagement"] for row in rows] == [world(p).check_in.engagement]
    assert all("comment" not in row for row in rows)


def unpaired(p: Any) -> tuple[Any, Any]:
    """A mentee and a mentor of the programme in no pair yet (alice and bob are paired)."""
    if not hasattr(p, "_unpaired"):
        mentee, mentor = PersonFactory(), PersonFactory()
        EnrolmentFactory(programme=p.programme, person=mentee, role=Enrolment.Role.MENTEE)
        EnrolmentFactory(programme=p.programme, person=mentor, role=Enrolment.Role.MENTOR)
        p._unpaired = (mentee, mentor)
    return p._unpaired


def paired_only_by_the_coordinator(p: Any, persona: str, response: Any) -> None:
    """The programme's coordinator, or an operator acting as one, pairs by hand; nobody else."""
    from tandem.mentorships.models import Mentorship

    if persona in ("carol", "superuser"):
        assert response.json()["state"] == "proposed"
    else:
        assert not Mentorship.objects.filter(mentee=unpaired(p)[0]).exists()


CASES = [
    # Pages of the pair
    Case(
        "mentorships:list",
        signed_in(OK, superuser=OK),
        kwargs=with_world,
        check=lists_the_pair_to_members,
    ),
    Case("mentorships:overview", MEMBER_PAGE, kwargs=pk),
    Case("mentorships:expectations", MEMBER_PAGE, kwargs=pk),
    Case("mentorships:start_agreeing", MEMBER_POST, method="post", kwargs=pk),
    Case("mentorships:look_elsewhere", MEMBER_POST, method="post", kwargs=pk),
    Case("mentorships:activate", MEMBER_POST, method="post", kwargs=pk),
    Case("mentorships:pause", MEMBER_POST, method="post", kwargs=pk),
    Case("mentorships:resume", MEMBER_POST, method="post", kwargs=pk),
    Case(
        "mentorships:maturity",
        MEMBER_POST,
        method="post",
        kwargs=pk,
        data=lambda p: {"maturity": "cultivation"},
    ),
    Case("mentorships:charter", MEMBER_PAGE, kwargs=pk),
    Case("mentorships:charter_edit", MEMBER_PAGE, kwargs=pk),
    Case(
        "mentorships:charter_sign",
        MEMBER_POST,
        method="post",
        kwargs=pk,
        data=lambda p: {"version": world(p).charter.number},
    ),
    Case(
        "mentorships:charter_version",
        MEMBER_PAGE,
        kwargs=with_pk(number=lambda w: w.charter.number),
    ),
    Case("mentorships:plan", MEMBER_PAGE, kwargs=pk),
    Case("mentorships:goal_create", MEMBER_PAGE, kwargs=pk),
    Case("mentorships:goal_detail", MEMBER_PAGE, kwargs=with_pk(goal_pk=lambda w: w.goal.pk)),
    Case(
        "mentorships:goal_progress",
        MEMBER_POST,
        method="post",
        kwargs=with_pk(goal_pk=lambda w: w.goal.pk),
        data=lambda p: {"progress": 50, "status": "in_progress"},
    ),
    Case(
        "mentorships:goal_comment",
        MEMBER_POST,
        method="post",
        kwargs=with_pk(goal_pk=lambda w: w.goal.pk),
        data=lambda p: {"text": "Well done"},
    ),
    Case(
        "mentorships:milestone_add",
        MEMBER_POST,
        method="post",
        kwargs=with_pk(goal_pk=lambda w: w.goal.pk),
        data=lambda p: {"title": "Draft"},
    ),
    Case(
        "mentorships:milestone_reached",
        MEMBER_POST,
        method="post",
        kwargs=with_pk(milestone_pk=lambda w: w.milestone.pk),
        data=lambda p: {"reached": "1"},
    ),
    Case(
        "mentorships:need_add",
        MEMBER_POST,
        method="post",
        kwargs=pk,
        data=lambda p: {"description": "Budgets"},
    ),
    Case(
        "mentorships:opportunity_add",
        MEMBER_POST,
        method="post",
        kwargs=pk,
        data=lambda p: {"kind": "course", "title": "Finance 101"},
    ),
    Case(
        "mentorships:opportunity_status",
        MEMBER_POST,
        method="post",
        kwargs=with_pk(opportunity_pk=lambda w: w.opportunity.pk),
        data=lambda p: {"status": "taken"},
    ),
    Case(
        "mentorships:teach_back_add",
        MEMBER_POST,
        method="post",
        kwargs=pk,
        data=lambda p: {"description": "Taught the team", "taught_on": "2025-01-10"},
    ),
    Case("mentorships:meetings", MEMBER_PAGE, kwargs=pk),
    Case(
        "mentorships:meeting_detail",
        MEMBER_PAGE,
        kwargs=with_pk(meeting_pk=lambda w: w.meeting.pk),
    ),
    Case(
        "mentorships:agenda_add",
        MEMBER_POST,
        method="post",
        kwargs=with_pk(meeting_pk=lambda w: w.meeting.pk),
        data=lambda p: {"text": "Budget"},
    ),
    Case(
        "mentorships:agenda_remove",
        MEMBER_POST,
        method="post",
        kwargs=with_pk(meeting_pk=lambda w: w.meeting.pk, item_pk=lambda w: w.agenda_item.pk),
    ),
    Case(
        "mentorships:note_save",
        MEMBER_POST,
        method="post",
        kwargs=with_pk(meeting_pk=lambda w: w.meeting.pk, kind=lambda w: "private"),
        data=lambda p: {"private-body": "Mine"},
    ),
    Case(
        "mentorships:note_save",
        MEMBER_POST,
        method="post",
        kwargs=with_pk(meeting_pk=lambda w: w.meeting.pk, kind=lambda w: "shared"),
        data=lambda p: {"shared-body": "Ours"},
        label="shared",
    ),
    Case(
        "mentorships:meeting_status",
        MEMBER_POST,
        method="post",
        kwargs=with_pk(meeting_pk=lambda w: w.meeting.pk),
        data=lambda p: {"status": "held"},
    ),
    Case(
        "mentorships:attendance",
        MEMBER_POST,
        method="post",
        kwargs=with_pk(meeting_pk=lambda w: w.meeting.pk),
        data=lambda p: {"mentee": "on_time", "mentor": "late"},
    ),
    Case(
        "mentorships:meeting_ics",
        MEMBER_PAGE,
        kwargs=with_pk(meeting_pk=lambda w: w.meeting.pk),
    ),
    Case(
        "mentorships:action_add",
        MEMBER_POST,
        method="post",
        kwargs=pk,
        data=lambda p: {"text": "Read", "owner": "mentee"},
    ),
    Case(
        "mentorships:action_toggle",
        MEMBER_POST,
        method="post",
        kwargs=with_pk(item_pk=lambda w: w.action.pk),
        data=lambda p: {"done": "1"},
    ),
    Case("mentorships:journal", MEMBER_PAGE, kwargs=pk),
    Case(
        "mentorships:journal_entry",
        AUTHOR_PAGE,
        kwargs=with_pk(entry_pk=lambda w: w.journal_private.pk),
    ),
    Case(
        "mentorships:journal_entry",
        MEMBER_PAGE,
        kwargs=with_pk(entry_pk=lambda w: w.journal_shared.pk),
        label="shared",
    ),
    Case(
        "mentorships:journal_share",
        AUTHOR_POST,
        method="post",
        kwargs=with_pk(entry_pk=lambda w: w.journal_private.pk),
        data=lambda p: {"share": "1"},
    ),
    Case("mentorships:prompts", MEMBER_PAGE, kwargs=pk),
    Case("mentorships:feedback", MEMBER_PAGE, kwargs=pk),
    Case("mentorships:check_ins", MEMBER_PAGE, kwargs=pk),
    Case("mentorships:concerns", MEMBER_PAGE, kwargs=pk),
    Case("mentorships:closure", MEMBER_PAGE, kwargs=pk),
    Case("mentorships:closure_propose", MEMBER_POST, method="post", kwargs=pk),
    Case("mentorships:closure_withdraw", MEMBER_POST, method="post", kwargs=pk),
    Case("mentorships:exit", MEMBER_PAGE, kwargs=pk),
    Case(
        "mentorships:stay_in_touch",
        MEMBER_POST,
        method="post",
        kwargs=pk,
        data=lambda p: {"stay": "1"},
    ),
    # Calendar
    Case("mentorships:calendar", signed_in(OK, superuser=OK)),
    Case("mentorships:calendar_revoke", signed_in(REDIRECT, superuser=REDIRECT), method="post"),
    Case("mentorships:calendar_feed", everyone(OK, superuser=OK), kwargs=feed),
    # Coordinator pages
    Case("mentorships:coordinator_list", COORDINATOR_PAGE, kwargs=slug),
    Case("mentorships:coordinator_create", COORDINATOR_PAGE, kwargs=slug),
    Case(
        "mentorships:coordinator_detail",
        COORDINATOR_PAGE,
        kwargs=lambda p: {**slug(p), "pk": world(p).mentorship.pk},
    ),
    Case(
        "mentorships:concern_acknowledge",
        COORDINATOR_POST,
        method="post",
        kwargs=lambda p: {**slug(p), "concern_pk": world(p).concern_coordinator.pk},
    ),
    Case("mentorships:coordinator_prompts", COORDINATOR_PAGE, kwargs=slug),
    Case(
        "mentorships:coordinator_prompt_edit",
        COORDINATOR_POST,
        method="post",
        kwargs=a_default_prompt,
        data=lambda p: {"purpose": "reflecting", "text": "What surprised you?"},
    ),
    Case("mentorships:coordinator_health", COORDINATOR_PAGE, kwargs=slug),
    # API: mentorships (metadata)
    Case(
        "GET /api/mentorships/",
        API_LIST,
        kwargs=with_world,
        check=listed(("mentorship", API_METADATA)),
    ),
    Case(
        "POST /api/mentorships/",
        api_signed_in(INVALID, carol=OK, superuser=OK),
        data=lambda p: {
            "programme": p.programme.slug,
            "mentee": unpaired(p)[0].pk,
            "mentor": unpaired(p)[1].pk,
        },
        check=paired_only_by_the_coordinator,
    ),
    Case("GET /api/mentorships/{id}/", API_METADATA, kwargs=lambda p: {"id": pk(p)["pk"]}),
    Case(
        "GET /api/mentorships/{id}/check-in-scores/",
        API_METADATA,
        kwargs=lambda p: {"id": pk(p)["pk"]},
        check=scores_without_comments,
    ),
]

_ACTIONS = {
    "activate": API_MEMBER_INVALID,
    "closure": API_MEMBER_INVALID,
    "exit-early": API_MEMBER,
    "look-elsewhere": API_MEMBER_INVALID,
    "maturity": API_MEMBER,
    "pause": API_MEMBER,
    "propose-closure": API_MEMBER,
    "resume": API_MEMBER_INVALID,
    "start-agreeing": API_MEMBER_INVALID,
    "stay-in-touch": API_MEMBER_INVALID,
    "withdraw-closure": API_MEMBER_INVALID,
}
_ACTION_DATA = {"maturity": {"maturity": "separation"}, "stay-in-touch": {"stay": True}}
CASES += [
    Case(
        f"POST /api/mentorships/{{id}}/{name}/",
        expect,
        kwargs=lambda p: {"id": pk(p)["pk"]},
        data=lambda p, name=name: _ACTION_DATA.get(name, {}),
    )
    for name, expect in _ACTIONS.items()
]

# API: pair content. (resource, world attribute, who reads it, create body)
_RESOURCES: list[tuple[str, str, dict[str, str], Any]] = [
    (
        "mentorship-charters",
        "charter",
        API_MEMBER,
        body(
            desired_outcomes="Lead",
            confidentiality="Ours",
            cadence="monthly",
            meeting_format="video",
        ),
    ),
    ("mentorship-goals", "goal", API_MEMBER, body(title="Speak up", success_criterion="Twice")),
    (
        "mentorship-goal-comments",
        "comment",
        API_MEMBER,
        lambda p: {"goal": world(p).goal.pk, "text": "Good"},
    ),
    (
        "mentorship-milestones",
        "milestone",
        API_MEMBER,
        lambda p: {"goal": world(p).goal.pk, "title": "First talk"},
    ),
    ("mentorship-learning-needs", "need", API_MEMBER, body(description="Speaking")),
    (
        "mentorship-opportunities",
        "opportunity",
        API_MEMBER,
        body(kind="course", title="Toastmasters"),
    ),
    (
        "mentorship-teach-backs",
        "teach_back",
        API_MEMBER,
        body(description="Showed the team", taught_on=lambda w: str(timezone.localdate())),
    ),
    (
        "mentorship-meetings",
        "meeting",
        API_MEMBER,
        body(starts_at=lambda w: upcoming(), duration_minutes=45, meeting_format="video"),
    ),
    (
        "mentorship-agenda-items",
        "agenda_item",
        API_MEMBER,
        lambda p: {"meeting": world(p).meeting.pk, "text": "Budget"},
    ),
    (
        "mentorship-meeting-notes",
        "private_note",
        API_AUTHOR,
        lambda p: {"meeting": world(p).meeting.pk, "body": "Notes", "is_private": True},
    ),
    (
        "mentorship-action-items",
        "action",
        API_MEMBER,
        body(owner=lambda w: w.mentorship.mentee_id, text="Do it"),
    ),
    ("mentorship-journal-entries", "journal_private", API_AUTHOR, body(body="Today I learnt")),
    ("mentorship-feedback", "feedback", API_MEMBER, body(keep="Listening", try_next="Challenge")),
    (
        "mentorship-check-ins",
        "check_in",
        API_MEMBER,
        body(engagement=4, flexibility=4, authenticity=4, reciprocity=4),
    ),
    (
        "mentorship-concerns",
        "concern_partner",
        API_MEMBER,
        body(audience="partner", text="Busy month"),
    ),
]
# Items of a kind whose readers differ from the row above: (resource, world attribute, readers).
_MORE_ITEMS: list[tuple[str, str, dict[str, str]]] = [
    ("mentorship-meeting-notes", "shared_note", API_MEMBER),
    ("mentorship-journal-entries", "journal_shared", API_MEMBER),
    # Sent to the coordinators: its author reads it back; the partner never sees it.
    (
        "mentorship-concerns",
        "concern_coordinator",
        api_signed_in(NOT_FOUND, bob=OK, superuser=NOT_FOUND),
    ),
]
for resource, attr, readers, create in _RESOURCES:
    more = [(a, r) for res, a, r in _MORE_ITEMS if res == resource]
    CASES += [
        Case(
            f"GET /api/{resource}/",
            API_LIST,
            kwargs=with_world,
            check=listed((attr, readers), *more),
        ),
        Case(f"GET /api/{resource}/{{id}}/", readers, kwargs=api_id(attr)),
        Case(f"POST /api/{resource}/", API_MEMBER, data=create),
    ]
CASES += [
    Case(f"GET /api/{resource}/{{id}}/", readers, kwargs=api_id(attr), label=attr)
    for resource, attr, readers in _MORE_ITEMS
]


def _closure_world(p: Any) -> dict[str, Any]:
    w = world(p)
    services.closure_propose(mentorship=w.mentorship, by=p.alice)
    reflection, survey = services.closure_submit(
        mentorship=w.mentorship,
        by=p.alice,
        went_well="a",
        learnt="b",
        goals_achieved="most",
        confidence_before=3,
        confidence_after=7,
        would_recommend=9,
    )
    return {"reflection": reflection.pk, "survey": survey.pk}


CASES += [
    Case("GET /api/mentorship-closure-reflections/", API_LIST),
    Case(
        "GET /api/mentorship-closure-reflections/{id}/",
        API_AUTHOR,
        kwargs=lambda p: {"id": _closure_world(p)["reflection"]},
    ),
    Case("GET /api/mentorship-outcome-surveys/", API_LIST),
    Case(
        "GET /api/mentorship-outcome-surveys/{id}/",
        API_MEMBER,
        kwargs=lambda p: {"id": _closure_world(p)["survey"]},
    ),
    Case("GET /api/mentorship-prompts/", API_LIST),
    Case(
        "POST /api/mentorship-charters/{id}/sign/",
        API_MEMBER,
        kwargs=api_id("charter"),
    ),
    Case(
        "PUT /api/mentorship-goals/{id}/",
        API_MEMBER,
        kwargs=api_id("goal"),
        data=body(title="Speak up twice", success_criterion="Two meetings"),
    ),
    Case(
        "PATCH /api/mentorship-goals/{id}/",
        API_MEMBER,
        kwargs=api_id("goal"),
        data=lambda p: {"title": "Renamed"},
    ),
    Case(
        "POST /api/mentorship-goals/{id}/progress/",
        api_signed_in(NOT_FOUND, alice=OK, bob=INVALID, superuser=NOT_FOUND),
        kwargs=api_id("goal"),
        data=lambda p: {"progress": 40, "status": "in_progress"},
    ),
    Case(
        "POST /api/mentorship-milestones/{id}/reached/",
        API_MEMBER,
        kwargs=api_id("milestone"),
        data=lambda p: {"reached": True},
    ),
    Case(
        "POST /api/mentorship-opportunities/{id}/status/",
        API_MEMBER,
        kwargs=api_id("opportunity"),
        data=lambda p: {"status": "taken"},
    ),
    Case(
        "PUT /api/mentorship-meetings/{id}/",
        API_MEMBER,
        kwargs=api_id("meeting"),
        data=body(starts_at=lambda w: upcoming(), duration_minutes=30, meeting_format="phone"),
    ),
    Case(
        "PATCH /api/mentorship-meetings/{id}/",
        API_MEMBER,
        kwargs=api_id("meeting"),
        data=lambda p: {"duration_minutes": 90},
    ),
    Case(
        "POST /api/mentorship-meetings/{id}/status/",
        API_MEMBER,
        kwargs=api_id("meeting"),
        data=lambda p: {"status": "held"},
    ),
    Case(
        "POST /api/mentorship-meetings/{id}/attendance/",
        API_MEMBER,
        kwargs=api_id("meeting"),
        data=lambda p: {"person": p.alice.pk, "status": "late"},
    ),
    Case("DELETE /api/mentorship-agenda-items/{id}/", API_MEMBER, kwargs=api_id("agenda_item")),
    Case(
        "POST /api/mentorship-action-items/{id}/done/",
        API_MEMBER,
        kwargs=api_id("action"),
        data=lambda p: {"done": True},
    ),
    Case(
        "PUT /api/mentorship-journal-entries/{id}/",
        API_AUTHOR,
        kwargs=api_id("journal_private"),
        data=body(title="Edited", body="Better now", share=False),
    ),
    Case(
        "PATCH /api/mentorship-journal-entries/{id}/",
        API_AUTHOR,
        kwargs=api_id("journal_private"),
        data=lambda p: {"share": True},
    ),
]


# A peer pair: alice and bob are also the two peers of a pair in a peer programme carol
# coordinates. Each pair page and coordinator page above runs again on that pair, with the
# same expected outcomes: a peer pair's pages are as closed as a mentee and mentor's.


def peer_world(p: Any) -> World:
    if not hasattr(p, "_peer_world"):
        from .peers import enrol_peer, peer_programme

        programme = peer_programme(p)
        for person in (p.alice, p.bob):
            enrol_peer(programme, person)
        mentorship = make_active(
            services.mentorship_create(programme=programme, mentee=p.alice, mentor=p.bob)
        )
        p._peer_world = build_world(p, mentorship)
    world_: World = p._peer_world
    return world_


class _OnThePeerPair:
    """The personas as the rows above see them, with the peer pair in place of theirs."""

    def __init__(self, personas: Any) -> None:
        self._personas = personas

    def __getattr__(self, name: str) -> Any:
        if name == "_mentorship_world":
            return peer_world(self._personas)
        if name == "programme":
            return peer_world(self._personas).mentorship.programme
        return getattr(self._personas, name)


def _on_the_peer_pair(case: Case) -> Case:
    original = case.kwargs
    return Case(
        case.target,
        case.expect,
        method=case.method,
        kwargs=lambda p: original(_OnThePeerPair(p)),
        data=lambda p, data=case.data: data(_OnThePeerPair(p)),
        label=f"peer pair, {case.label}" if case.label else "peer pair",
    )


_prepare_one_to_one = prepare


def prepare(p: Any) -> None:  # type: ignore[no-redef]
    """Build both pairs' worlds with the personas, so the matrix builds them once."""
    _prepare_one_to_one(p)
    peer_world(p)


_PEER_PAIR_PAGES = {f"mentorships:{name}" for _, _, name in pair_urls} | {
    "mentorships:coordinator_list",
    "mentorships:coordinator_create",
    "mentorships:coordinator_detail",
    "mentorships:concern_acknowledge",
}
CASES += [
    _on_the_peer_pair(case)
    for case in list(CASES)
    if case.target in _PEER_PAIR_PAGES and case.check is None
]
