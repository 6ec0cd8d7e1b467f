"""A person downloads a copy of their data: all they wrote, and nothing private of anyone else."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tandem.conftest import Personas
from tandem.core.personal_data import FORMAT
from tandem.mentorships import services
from tandem.mentorships.models import Mentorship
from tandem.mentorships.tests.conftest import build_world, make_active

pytestmark = pytest.mark.django_db

WORLD = "WORLD-5521"
BOBS_NOTE = "BOBNOTE-4410"
BOBS_JOURNAL = "BOBJOURNAL-8802"
BOBS_REASON = "BOBREASON-1207"
TO_COORDINATOR = "Please call me."


def download(personas: Personas, who: str) -> tuple[str, dict[str, Any]]:
    response = personas.client_for(who).get(reverse("accounts:my_data_download"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="tandem-data-')
    text = response.content.decode()
    return text, json.loads(text)


@pytest.fixture
def pair(personas: Personas) -> Mentorship:
    """alice and bob's pair, with one of everything, and things bob keeps to himself."""
    mentorship = make_active(
        services.mentorship_create(
            programme=personas.programme, mentee=personas.alice, mentor=personas.bob
        )
    )
    world = build_world(personas, mentorship, marker=WORLD)
    services.meeting_note_save(meeting=world.meeting, by=personas.bob, body=BOBS_NOTE, private=True)
    services.journal_entry_create(
        mentorship=mentorship, by=personas.bob, title="mine", body=BOBS_JOURNAL
    )
    return mentorship


def test_a_mentee_gets_what_she_wrote_and_what_her_pair_shares(
    personas: Personas, pair: Mentorship
) -> None:
    text, data = download(personas, "alice")

    assert data["format"] == FORMAT
    assert data["account"] == "alice@example.org"
    assert data["account_details"]["name"] == "Alice Mentee"
    assert data["profile"]["line_manager"] == "Erin Manager"
    assert [e["programme"] for e in data["enrolments"]] == ["Leaders of Tomorrow"]
    (mine,) = data["mentorships"]
    assert (mine["your_role"], mine["partner"], mine["state"]) == ("mentee", "Bob Mentor", "Active")
    # Her own writing, private included.
    assert f"private note {WORLD}" in text
    assert f"journal private {WORLD}" in text
    assert f"concern to partner {WORLD}" in text
    assert f"check-in comment {WORLD}" in text
    # What the pair shares, whoever wrote it.
    assert f"journal shared {WORLD}" in text
    assert f"keep {WORLD}" in text
    assert f"Lead budget round {WORLD}" in text
    assert mine["feedback"][0]["author"] == "Bob Mentor"
    assert mine["check_ins"][0]["author"] == "you"


def test_nothing_her_partner_kept_to_himself_reaches_her(
    personas: Personas, pair: Mentorship
) -> None:
    text, _ = download(personas, "alice")

    for secret in (BOBS_NOTE, BOBS_JOURNAL, TO_COORDINATOR):
        assert secret not in text


def test_the_mentor_gets_his_private_writing_and_not_hers(
    personas: Personas, pair: Mentorship
) -> None:
    text, data = download(personas, "bob")

    assert data["mentorships"][0]["your_role"] == "mentor"
    for his in (BOBS_NOTE, BOBS_JOURNAL, TO_COORDINATOR):
        assert his in text
    # Her concern was raised to him, so he has it; her private note and journal stay hers.
    assert f"concern to partner {WORLD}" in text
    assert f"private note {WORLD}" not in text
    assert f"journal private {WORLD}" not in text


def test_the_reason_for_ending_early_goes_only_to_whoever_gave_it(
    personas: Personas, pair: Mentorship
) -> None:
    services.mentorship_exit_early(mentorship=pair, by=personas.bob, reason=BOBS_REASON)

    bobs, _ = download(personas, "bob")
    alices, data = download(personas, "alice")

    assert BOBS_REASON in bobs
    assert BOBS_REASON not in alices
    assert data["mentorships"][0]["ended_by"] == "Bob Mentor"


@pytest.mark.parametrize("who", ["carol", "erin", "oscar", "superuser"])
def test_no_one_outside_the_pair_gets_any_of_it(
    personas: Personas, pair: Mentorship, who: str
) -> None:
    text, data = download(personas, who)

    assert data["mentorships"] == []
    for anything in (WORLD, BOBS_NOTE, BOBS_JOURNAL, TO_COORDINATOR):
        assert anything not in text


def test_a_calendar_feed_is_listed_without_its_secret_address(personas: Personas) -> None:
    feed = services.calendar_feed_get_or_create(person=personas.alice)

    text, data = download(personas, "alice")

    assert len(data["calendar_feeds"]) == 1
    assert feed.token not in text


def test_the_download_takes_as_many_queries_however_much_was_written(
    personas: Personas, pair: Mentorship
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            download(personas, "alice")
        return len(captured)

    before = queries()
    for day in range(1, 4):
        (meeting,) = services.meeting_schedule(
            mentorship=pair, by=personas.alice, starts_at=timezone.now() - timedelta(days=day)
        )
        services.agenda_item_add(meeting=meeting, by=personas.bob, text=f"agenda {day}")
        services.meeting_note_save(
            meeting=meeting, by=personas.alice, body=f"note {day}", private=False
        )

    assert queries() == before


def test_her_profile_page_leads_to_her_data(personas: Personas) -> None:
    response = personas.client_for("alice").get(reverse("people:profile_edit"))

    assert reverse("accounts:my_data") in response.content.decode()
    page = personas.client_for("alice").get(reverse("accounts:my_data")).content.decode()
    assert reverse("accounts:my_data_download") in page
