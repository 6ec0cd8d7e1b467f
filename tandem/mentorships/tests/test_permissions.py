"""Every page, for a member of another pair in the same programme.

Members of the pair get the page; private content only its author; coordinators get the
metadata pages of their own programme; everyone else 404; anonymous visitors are sent to
sign in (pages) or refused (API).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from tandem.conftest import Personas
from tandem.mentorships.models import Mentorship

from .conftest import World, client_for

# The seven standard personas run through tandem/core/tests/test_permission_matrix.py with
# the rows of tests/permissions.py; these tables add the member of another pair.
PERSONAS = ["other_pair"]

MEMBERS = {"alice", "bob"}
AUTHOR = {"alice"}  # alice wrote the private items in the world fixture


def _pair(name: str, *extra: Callable[[World], Any]) -> Callable[[World], str]:
    return lambda w: reverse(f"mentorships:{name}", args=[w.mentorship.pk, *(f(w) for f in extra)])


# (name, method, url builder, post data, who gets the page, status for them)
PAGES: list[tuple[str, str, Callable[[World], str], dict[str, Any], set[str], int]] = [
    ("overview", "get", _pair("overview"), {}, MEMBERS, 200),
    ("expectations", "get", _pair("expectations"), {}, MEMBERS, 200),
    ("start_agreeing", "post", _pair("start_agreeing"), {}, MEMBERS, 302),
    ("look_elsewhere", "post", _pair("look_elsewhere"), {}, MEMBERS, 302),
    ("activate", "post", _pair("activate"), {}, MEMBERS, 302),
    ("pause", "post", _pair("pause"), {}, MEMBERS, 302),
    ("resume", "post", _pair("resume"), {}, MEMBERS, 302),
    ("maturity", "post", _pair("maturity"), {"maturity": "cultivation"}, MEMBERS, 302),
    ("charter", "get", _pair("charter"), {}, MEMBERS, 200),
    ("charter_edit", "get", _pair("charter_edit"), {}, MEMBERS, 200),
    ("charter_sign", "post", _pair("charter_sign"), {"version": 2}, MEMBERS, 302),
    (
        "charter_version",
        "get",
        _pair("charter_version", lambda w: w.charter.number),
        {},
        MEMBERS,
        200,
    ),
    ("plan", "get", _pair("plan"), {}, MEMBERS, 200),
    ("goal_create", "get", _pair("goal_create"), {}, MEMBERS, 200),
    ("goal_detail", "get", _pair("goal_detail", lambda w: w.goal.pk), {}, MEMBERS, 200),
    (
        "goal_progress",
        "post",
        _pair("goal_progress", lambda w: w.goal.pk),
        {"progress": 50, "status": "in_progress"},
        MEMBERS,
        302,
    ),
    (
        "goal_comment",
        "post",
        _pair("goal_comment", lambda w: w.goal.pk),
        {"text": "Nice"},
        MEMBERS,
        302,
    ),
    (
        "milestone_add",
        "post",
        _pair("milestone_add", lambda w: w.goal.pk),
        {"title": "Draft"},
        MEMBERS,
        302,
    ),
    (
        "milestone_reached",
        "post",
        _pair("milestone_reached", lambda w: w.milestone.pk),
        {"reached": "1"},
        MEMBERS,
        302,
    ),
    ("need_add", "post", _pair("need_add"), {"description": "Budgets"}, MEMBERS, 302),
    (
        "opportunity_add",
        "post",
        _pair("opportunity_add"),
        {"kind": "course", "title": "Finance 101"},
        MEMBERS,
        302,
    ),
    (
        "opportunity_status",
        "post",
        _pair("opportunity_status", lambda w: w.opportunity.pk),
        {"status": "taken"},
        MEMBERS,
        302,
    ),
    (
        "teach_back_add",
        "post",
        _pair("teach_back_add"),
        {"description": "Taught my team", "taught_on": "2025-01-10"},
        MEMBERS,
        302,
    ),
    ("meetings", "get", _pair("meetings"), {}, MEMBERS, 200),
    (
        "meeting_detail",
        "get",
        _pair("meeting_detail", lambda w: w.meeting.pk),
        {},
        MEMBERS,
        200,
    ),
    (
        "agenda_add",
        "post",
        _pair("agenda_add", lambda w: w.meeting.pk),
        {"text": "Budget"},
        MEMBERS,
        302,
    ),
    (
        "agenda_remove",
        "post",
        _pair("agenda_remove", lambda w: w.meeting.pk, lambda w: w.agenda_item.pk),
        {},
        MEMBERS,
        302,
    ),
    (
        "note_save_shared",
        "post",
        _pair("note_save", lambda w: w.meeting.pk, lambda w: "shared"),
        {"shared-body": "Notes"},
        MEMBERS,
        302,
    ),
    (
        "note_save_private",
        "post",
        _pair("note_save", lambda w: w.meeting.pk, lambda w: "private"),
        {"private-body": "Mine"},
        MEMBERS,
        302,
    ),
    (
        "meeting_status",
        "post",
        _pair("meeting_status", lambda w: w.meeting.pk),
        {"status": "held"},
        MEMBERS,
        302,
    ),
    (
        "attendance",
        "post",
        _pair("attendance", lambda w: w.meeting.pk),
        {"mentee": "late", "mentor": "on_time"},
        MEMBERS,
        302,
    ),
    ("meeting_ics", "get", _pair("meeting_ics", lambda w: w.meeting.pk), {}, MEMBERS, 200),
    (
        "action_add",
        "post",
        _pair("action_add"),
        {"text": "Read", "owner": "mentee"},
        MEMBERS,
        302,
    ),
    (
        "action_toggle",
        "post",
        _pair("action_toggle", lambda w: w.action.pk),
        {"done": "1"},
        MEMBERS,
        302,
    ),
    ("journal", "get", _pair("journal"), {}, MEMBERS, 200),
    (
        "journal_entry_private",
        "get",
        _pair("journal_entry", lambda w: w.journal_private.pk),
        {},
        AUTHOR,
        200,
    ),
    (
        "journal_entry_shared",
        "get",
        _pair("journal_entry", lambda w: w.journal_shared.pk),
        {},
        MEMBERS,
        200,
    ),
    (
        "journal_share",
        "post",
        _pair("journal_share", lambda w: w.journal_private.pk),
        {"share": "1"},
        AUTHOR,
        302,
    ),
    ("prompts", "get", _pair("prompts"), {}, MEMBERS, 200),
    ("feedback", "get", _pair("feedback"), {}, MEMBERS, 200),
    ("check_ins", "get", _pair("check_ins"), {}, MEMBERS, 200),
    ("concerns", "get", _pair("concerns"), {}, MEMBERS, 200),
    ("closure", "get", _pair("closure"), {}, MEMBERS, 200),
    ("closure_propose", "post", _pair("closure_propose"), {}, MEMBERS, 302),
    ("closure_withdraw", "post", _pair("closure_withdraw"), {}, MEMBERS, 302),
    ("exit", "get", _pair("exit"), {}, MEMBERS, 200),
    ("stay_in_touch", "post", _pair("stay_in_touch"), {"stay": "1"}, MEMBERS, 302),
]


def _coordinator(name: str, *extra: Callable[[World], Any]) -> Callable[[World], str]:
    return lambda w: reverse(
        f"mentorships:{name}",
        args=[w.mentorship.programme.slug, *(f(w) for f in extra)],
    )


COORDINATOR = {"carol"}
PAGES += [
    ("coordinator_list", "get", _coordinator("coordinator_list"), {}, COORDINATOR, 200),
    ("coordinator_create", "get", _coordinator("coordinator_create"), {}, COORDINATOR, 200),
    (
        "coordinator_detail",
        "get",
        _coordinator("coordinator_detail", lambda w: w.mentorship.pk),
        {},
        COORDINATOR,
        200,
    ),
    (
        "concern_acknowledge",
        "post",
        _coordinator("concern_acknowledge", lambda w: w.concern_coordinator.pk),
        {},
        COORDINATOR,
        302,
    ),
    ("coordinator_prompts", "get", _coordinator("coordinator_prompts"), {}, COORDINATOR, 200),
    (
        "coordinator_prompt_edit",
        "post",
        _coordinator("coordinator_prompt_edit", lambda w: _a_prompt()),
        {"purpose": "reflecting", "text": "What surprised you?"},
        COORDINATOR,
        302,
    ),
    ("coordinator_health", "get", _coordinator("coordinator_health"), {}, COORDINATOR, 200),
]


def _a_prompt() -> int:
    from tandem.mentorships.models import Prompt

    return Prompt.objects.filter(programme__isnull=True).values_list("pk", flat=True)[0]


@pytest.mark.parametrize("who", PERSONAS)
@pytest.mark.parametrize(
    ("name", "method", "url", "data", "allowed", "ok"), PAGES, ids=[p[0] for p in PAGES]
)
def test_page_access(
    personas: Personas,
    world: World,
    other_pair: Mentorship,
    who: str,
    name: str,
    method: str,
    url: Callable[[World], str],
    data: dict[str, Any],
    allowed: set[str],
    ok: int,
) -> None:
    client = client_for(personas, who, other_pair)
    response = getattr(client, method)(url(world), data)
    if who == "anonymous":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    elif who in allowed:
        assert response.status_code == ok
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("who", PERSONAS)
def test_my_mentorships_lists_only_my_own(
    personas: Personas, world: World, other_pair: Mentorship, who: str
) -> None:
    response = client_for(personas, who, other_pair).get(reverse("mentorships:list"))
    if who == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == 200
    link = reverse("mentorships:overview", args=[world.mentorship.pk])
    assert (link in response.content.decode()) == (who in MEMBERS)


@pytest.mark.parametrize("who", PERSONAS)
def test_calendar_settings_is_for_signed_in_people(
    personas: Personas, world: World, other_pair: Mentorship, who: str
) -> None:
    response = client_for(personas, who, other_pair).get(reverse("mentorships:calendar"))
    assert response.status_code == (302 if who == "anonymous" else 200)


def test_post_only_pages_refuse_get_for_members(personas: Personas, world: World) -> None:
    client = personas.client_for("alice")
    response = client.get(reverse("mentorships:pause", args=[world.mentorship.pk]))
    assert response.status_code == 405
    outsider = personas.client_for("oscar")
    response = outsider.get(reverse("mentorships:pause", args=[world.mentorship.pk]))
    assert response.status_code == 404


def test_objects_of_another_mentorship_answer_404_inside_my_own(
    personas: Personas, world: World, other_pair: Mentorship
) -> None:
    from tandem.mentorships import services

    other_goal = services.goal_create(
        mentorship=other_pair, by=other_pair.mentee, title="Theirs", success_criterion="x"
    )
    client = personas.client_for("alice")
    url = reverse("mentorships:goal_detail", args=[world.mentorship.pk, other_goal.pk])
    assert client.get(url).status_code == 404
