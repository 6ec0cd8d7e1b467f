"""Words and numbers a person reads on the pair pages."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from tandem.conftest import Personas
from tandem.mentorships import services
from tandem.mentorships.models import Mentorship, Prompt
from tandem.mentorships.tests.conftest import CHARTER

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _clock(time_machine) -> None:
    time_machine.move_to(NOW, tick=False)


def test_plan_menus_name_goals_needs_and_opportunities_by_what_was_written(
    personas: Personas, active: Mentorship
) -> None:
    goal = services.goal_create(
        mentorship=active, by=personas.alice, title="Lead the budget round", success_criterion="x"
    )
    need = services.learning_need_add(
        mentorship=active, by=personas.alice, description="Reading a balance sheet", goal=goal
    )
    services.opportunity_add(
        mentorship=active, by=personas.bob, title="Finance for managers", kind="course", need=need
    )
    page = personas.client_for("alice").get(reverse("mentorships:plan", args=[active.pk]))
    options = re.findall(r"<option value=\"\d+\"[^>]*>([^<]+)</option>", page.content.decode())
    assert "Lead the budget round" in options
    assert "Reading a balance sheet" in options
    assert "Finance for managers" in options
    assert not [o for o in options if re.search(r"of mentorship \d", o)]


def test_the_health_panel_shows_no_raw_score(personas: Personas, active: Mentorship) -> None:
    page = personas.client_for("alice").get(reverse("mentorships:overview", args=[active.pk]))
    assert not re.search(r"score \d", page.content.decode())


def test_a_prompt_can_be_picked_for_the_journal_or_the_next_agenda(
    personas: Personas, active: Mentorship
) -> None:
    from tandem.mentorships.models import AgendaItem
    from tandem.mentorships.selectors import prompt_library

    prompt = prompt_library(active.programme).first()
    assert prompt is not None
    (meeting,) = services.meeting_schedule(
        mentorship=active, by=personas.alice, starts_at=NOW + datetime.timedelta(days=5)
    )
    alice = personas.client_for("alice")
    page = alice.get(reverse("mentorships:prompts", args=[active.pk])).content.decode()
    journal_link = f"{reverse('mentorships:journal', args=[active.pk])}?prompt={prompt.pk}"
    assert journal_link in page
    agenda_url = reverse("mentorships:agenda_add", args=[active.pk, meeting.pk])
    assert f'action="{agenda_url}"' in page

    journal = alice.get(journal_link)
    assert journal.context["form"]["body"].value().startswith(prompt.text)

    alice.post(agenda_url, {"text": prompt.text})
    assert AgendaItem.objects.get(meeting=meeting).text == prompt.text


def _goal_edit(body: str) -> str:
    (folded,) = re.findall(
        r"<details[^>]*>\s*<summary>Edit the goal</summary>.*?</details>", body, re.S
    )
    return folded


def test_a_refused_goal_edit_comes_back_unfolded_with_its_error(
    personas: Personas, active: Mentorship
) -> None:
    goal = services.goal_create(
        mentorship=active, by=personas.alice, title="Lead the budget round", success_criterion="x"
    )
    url = reverse("mentorships:goal_detail", args=[active.pk, goal.pk])
    bob = personas.client_for("bob")
    assert not re.match(r"<details[^>]*\bopen\b", _goal_edit(bob.get(url).content.decode()))

    response = bob.post(
        url,
        {
            "title": "Lead the spring budget round",
            "success_criterion": "x",
            "target_on": "2020-01-01",
        },
    )

    assert response.status_code == 400
    body = response.content.decode()
    folded = _goal_edit(body)
    assert re.match(r"<details[^>]*\bopen\b", folded)
    assert "The target date cannot be in the past." in folded
    assert 'value="Lead the spring budget round"' in folded
    # Said at the head of the page too, where the person lands after pressing Save.
    messages = body.split('class="messages"', 1)[1].split("</ul>", 1)[0]
    assert "The target date cannot be in the past." in messages
    goal.refresh_from_db()
    assert goal.title == "Lead the budget round"


def test_a_saved_goal_edit_is_confirmed_and_folds_again(
    personas: Personas, active: Mentorship
) -> None:
    goal = services.goal_create(
        mentorship=active, by=personas.alice, title="Lead the budget round", success_criterion="x"
    )
    url = reverse("mentorships:goal_detail", args=[active.pk, goal.pk])

    response = personas.client_for("bob").post(
        url, {"title": "Lead the spring budget round", "success_criterion": "x"}, follow=True
    )

    body = response.content.decode()
    assert "Goal saved." in body
    folded = _goal_edit(body)
    assert not re.match(r"<details[^>]*\bopen\b", folded)
    goal.refresh_from_db()
    assert goal.title == "Lead the spring budget round"


def _meeting_across_zones(personas: Personas, active: Mentorship) -> object:
    # Alice keeps Europe/London (GMT in early March); Bob is eight hours ahead.
    personas.bob.timezone = "Asia/Singapore"
    personas.bob.save()
    (meeting,) = services.meeting_schedule(
        mentorship=active,
        by=personas.alice,
        starts_at=datetime.datetime(2026, 3, 7, 13, 0, tzinfo=datetime.UTC),
        location="Riverside café",
    )
    return meeting


def test_meeting_times_name_the_time_zone_they_are_shown_in(
    personas: Personas, active: Mentorship
) -> None:
    meeting = _meeting_across_zones(personas, active)
    pages = {
        "meetings": reverse("mentorships:meetings", args=[active.pk]),
        "overview": reverse("mentorships:overview", args=[active.pk]),
        "meeting": reverse("mentorships:meeting_detail", args=[active.pk, meeting.pk]),
    }
    for who, zone, clock in (
        ("alice", "Europe/London", "13:00"),
        ("bob", "Asia/Singapore", "21:00"),
    ):
        client = personas.client_for(who)
        body = {name: client.get(url).content.decode() for name, url in pages.items()}
        assert f"Times in {zone}." in body["meetings"], who
        assert f"Sat 7 Mar 2026, {clock}" in body["meetings"], who
        assert f"Saturday 7 March 2026, {clock}</a> ({zone})" in body["overview"], who
        assert f"Meeting on Saturday 7 March 2026, {clock} ({zone})" in body["meeting"], who


def test_the_meeting_page_gives_the_partners_time_when_their_clock_differs(
    personas: Personas, active: Mentorship
) -> None:
    meeting = _meeting_across_zones(personas, active)
    (evening,) = services.meeting_schedule(
        mentorship=active,
        by=personas.alice,
        starts_at=datetime.datetime(2026, 3, 7, 18, 30, tzinfo=datetime.UTC),
    )
    url = reverse("mentorships:meeting_detail", args=[active.pk, meeting.pk])
    alice, bob = personas.client_for("alice"), personas.client_for("bob")

    alice_page = alice.get(url).content.decode()
    bob_page = bob.get(url).content.decode()
    # Past midnight in Singapore: the partner's day is named with their time.
    evening_page = alice.get(
        reverse("mentorships:meeting_detail", args=[active.pk, evening.pk])
    ).content.decode()

    assert "That is Saturday, 21:00 for Bob Mentor (Asia/Singapore)." in alice_page
    assert "That is Saturday, 13:00 for Alice Mentee (Europe/London)." in bob_page
    assert "That is Sunday, 02:30 for Bob Mentor (Asia/Singapore)." in evening_page


def test_the_meeting_page_gives_no_second_time_when_both_clocks_agree(
    personas: Personas, active: Mentorship
) -> None:
    meeting = _meeting_across_zones(personas, active)
    personas.bob.timezone = "Europe/Lisbon"  # another zone, the same clock as London's
    personas.bob.save()
    url = reverse("mentorships:meeting_detail", args=[active.pk, meeting.pk])

    body = personas.client_for("alice").get(url).content.decode()

    assert "Meeting on Saturday 7 March 2026, 13:00 (Europe/London)" in body
    assert "That is" not in body


def test_empty_lists_on_the_coordinators_pair_page_read_as_sentences(
    personas: Personas, active: Mentorship
) -> None:
    page = personas.client_for("carol").get(
        reverse("mentorships:coordinator_detail", args=[active.programme.slug, active.pk])
    )

    body = page.content.decode()
    assert "No concerns have been sent to you about this pair." in body
    assert "None yet; 0 scheduled" in body
    assert "None." not in body
    assert "last never" not in body


def test_empty_concern_lists_on_the_pair_page_read_as_sentences(
    personas: Personas, active: Mentorship
) -> None:
    body = (
        personas.client_for("alice")
        .get(reverse("mentorships:concerns", args=[active.pk]))
        .content.decode()
    )

    assert "You have sent no concerns." in body
    assert "Bob Mentor has sent you no concerns." in body
    assert "None." not in body


def test_adding_a_goal_and_saving_the_charter_are_confirmed(
    personas: Personas, active: Mentorship
) -> None:
    alice = personas.client_for("alice")
    charter = alice.post(
        reverse("mentorships:charter_edit", args=[active.pk]),
        {**CHARTER, "roles": "Alice brings questions."},
        follow=True,
    )
    assert "Charter saved: it holds once you have both signed it." in charter.content.decode()

    goal = alice.post(
        reverse("mentorships:goal_create", args=[active.pk]),
        {"title": "Lead the budget round", "success_criterion": "x"},
        follow=True,
    )
    assert "Goal added." in goal.content.decode()


def test_an_empty_question_list_reads_as_a_sentence(personas: Personas, active: Mentorship) -> None:
    Prompt.objects.filter(purpose=Prompt.Purpose.ACTION_PLANNING).delete()
    pages = [
        personas.client_for("alice").get(reverse("mentorships:prompts", args=[active.pk])),
        personas.client_for("carol").get(
            reverse("mentorships:coordinator_prompts", args=[active.programme.slug])
        ),
    ]

    for page in pages:
        body = page.content.decode()
        assert "No questions yet." in body
        assert "None." not in body
