"""Marker strings written into every kind of pair content never reach the coordinator,
the operator's admin, or the logs."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from tandem.accounts.tests.factories import UserFactory
from tandem.conftest import Personas
from tandem.mentorships import services
from tandem.mentorships.models import Mentorship

from .conftest import build_world, make_active
from .peers import enrol_peer, peer_programme

MARKER = "ZQX-MARKER-7731"


@pytest.fixture(params=["one-to-one", "peer"])
def secret_world(request: pytest.FixtureRequest, personas: Personas) -> Mentorship:
    """alice and bob's pair full of marked content: a mentee and a mentor, or two peers of a
    peer programme carol also coordinates."""
    programme = personas.programme
    if request.param == "peer":
        programme = peer_programme(personas)
        for person in (personas.alice, personas.bob):
            enrol_peer(programme, person)
    active = make_active(
        services.mentorship_create(programme=programme, mentee=personas.alice, mentor=personas.bob)
    )
    build_world(personas, active, marker=MARKER)
    services.closure_propose(mentorship=active, by=personas.alice)
    services.closure_submit(
        mentorship=active,
        by=personas.alice,
        went_well=f"went well {MARKER}",
        learnt=f"learnt {MARKER}",
        next_steps=f"next {MARKER}",
        share_reflection=True,
        goals_achieved="most",
        confidence_before=3,
        confidence_after=8,
        would_recommend=9,
    )
    return active


def _assert_clean(response: Any, where: str) -> None:
    assert response.status_code == 200, where
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert MARKER not in body.decode(), where


def test_members_do_see_the_marker(personas: Personas, secret_world: Mentorship) -> None:
    """The marker is really there: the leak checks below would catch it."""
    client = personas.client_for("bob")
    response = client.get(reverse("mentorships:charter", args=[secret_world.pk]))
    assert MARKER in response.content.decode()


@pytest.mark.parametrize("who", ["carol", "superuser"])
def test_coordinator_and_operator_pages_and_api_show_no_content(
    personas: Personas, secret_world: Mentorship, caplog: pytest.LogCaptureFixture, who: str
) -> None:
    """The operator administers the programme as its coordinator would, and reads no more."""
    caplog.set_level(logging.DEBUG)
    slug = secret_world.programme.slug
    carol = personas.client_for(who)
    pages = [
        reverse("mentorships:coordinator_list", args=[slug]),
        reverse("mentorships:coordinator_detail", args=[slug, secret_world.pk]),
        reverse("mentorships:coordinator_create", args=[slug]),
        reverse("mentorships:coordinator_prompts", args=[slug]),
        reverse("mentorships:coordinator_health", args=[slug]),
        reverse("mentorships:list"),
        reverse("reports:programme", args=[slug]),
        reverse("reports:programme_csv", args=[slug]),
        reverse("matching:runs", args=[slug]),
        reverse("programmes:detail", args=[slug]),
        reverse("programmes:enrolments", args=[slug]),
        reverse("notifications:list"),
        reverse("people:directory"),
        reverse("home"),
    ]
    for url in pages:
        _assert_clean(carol.get(url), url)
    api = [
        "/api/mentorships/",
        f"/api/mentorships/{secret_world.pk}/",
        f"/api/mentorships/{secret_world.pk}/check-in-scores/",
        "/api/mentorship-charters/",
        "/api/mentorship-goals/",
        "/api/mentorship-goal-comments/",
        "/api/mentorship-milestones/",
        "/api/mentorship-learning-needs/",
        "/api/mentorship-opportunities/",
        "/api/mentorship-teach-backs/",
        "/api/mentorship-meetings/",
        "/api/mentorship-agenda-items/",
        "/api/mentorship-meeting-notes/",
        "/api/mentorship-action-items/",
        "/api/mentorship-journal-entries/",
        "/api/mentorship-feedback/",
        "/api/mentorship-check-ins/",
        "/api/mentorship-concerns/",
        "/api/mentorship-closure-reflections/",
        "/api/mentorship-outcome-surveys/",
        f"/api/mentorship-prompts/?programme={slug}",
        "/api/match-runs/",
        "/api/people/",
        "/api/enrolments/",
    ]
    for url in api:
        _assert_clean(carol.get(url), url)
    coordinator_page = carol.get(pages[1]).content.decode()
    assert "Please call me." in coordinator_page  # the concern bob chose to send
    for record in caplog.records:
        assert MARKER not in record.getMessage()


def test_partner_does_not_see_private_content(personas: Personas, secret_world: Mentorship) -> None:
    bob = personas.client_for("bob")
    world_meeting = secret_world.meetings.get()
    pages = [
        reverse("mentorships:meeting_detail", args=[secret_world.pk, world_meeting.pk]),
        reverse("mentorships:journal", args=[secret_world.pk]),
        reverse("mentorships:overview", args=[secret_world.pk]),
    ]
    for url in pages:
        body = bob.get(url).content.decode()
        assert f"private note {MARKER}" not in body
        assert f"journal private {MARKER}" not in body


def test_admin_shows_metadata_without_content(
    personas: Personas, secret_world: Mentorship, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    operator = UserFactory(email="op@example.org", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(operator)
    for model in apps.get_app_config("mentorships").get_models():
        info = (model._meta.app_label, model._meta.model_name)
        changelist = client.get(reverse("admin:{}_{}_changelist".format(*info)))
        _assert_clean(changelist, f"{info} changelist")
        for obj in model.objects.all()[:3]:
            change = client.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
            _assert_clean(change, f"{info} change {obj.pk}")
    for record in caplog.records:
        assert MARKER not in record.getMessage()


def test_logs_of_the_pairs_own_work_carry_no_content(
    personas: Personas, active: Mentorship, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    build_world(personas, active, marker=MARKER)
    alice = personas.client_for("alice")
    alice.post(
        reverse("mentorships:concerns", args=[active.pk]),
        {"audience": "both", "text": f"worry {MARKER}"},
    )
    assert caplog.records
    for record in caplog.records:
        assert MARKER not in record.getMessage()


def _words_columns() -> list[str]:
    """The columns of the pairs' history that hold what they wrote: every free-text field of
    check-ins, feedback, goals, action items and charters (choices such as a goal's status are
    not words)."""
    from django.db.models import CharField, TextField

    from tandem.mentorships.models import ActionItem, CharterVersion, CheckIn, Feedback, Goal

    return [
        f'"{model._meta.db_table}"."{field.column}"'
        for model in (CheckIn, Feedback, Goal, ActionItem, CharterVersion)
        for field in model._meta.concrete_fields
        if isinstance(field, (CharField, TextField)) and not field.choices
    ]


def test_the_coordinators_lists_of_pairs_never_read_what_the_pairs_wrote(
    personas: Personas,
) -> None:
    """The pairs list, the report, the pairs export and the API's list work out health from
    when things happened, so they load no pair's words from the database at all, not only
    show none."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    active = make_active(
        services.mentorship_create(
            programme=personas.programme, mentee=personas.alice, mentor=personas.bob
        )
    )
    build_world(personas, active, marker=MARKER)
    columns = _words_columns()
    assert '"mentorships_checkin"."comment"' in columns
    assert '"mentorships_goal"."title"' in columns
    carol = personas.client_for("carol")
    for url in (
        reverse("mentorships:coordinator_list", args=[active.programme.slug]),
        reverse("reports:programme", args=[active.programme.slug]),
        reverse("reports:programme_csv", args=[active.programme.slug]),
        "/api/mentorships/",
    ):
        with CaptureQueriesContext(connection) as queries:
            response = carol.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
        assert response.status_code == 200, url
        read = [column for column in columns for q in queries if column in q["sql"]]
        assert not read, (url, read)
