"""A circle's pages as its members and its coordinator use them."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.circles import services
from tandem.circles.models import Circle, CircleGoal, CircleMeeting, CircleMember
from tandem.conftest import Personas
from tandem.core.testing.forms import submit_unchanged

from .world import (
    ALICE_PRIVATE,
    BOB_PRIVATE,
    SHARED,
    TO_COORDINATOR,
    TO_FACILITATORS,
    World,
    make_circle,
    person,
)


def _get(client: Any, name: str, *args: Any) -> str:
    response = client.get(reverse(f"circles:{name}", args=args))
    assert response.status_code == 200, name
    return response.content.decode()


def test_members_see_the_shared_content_and_only_their_own_private_content(
    personas: Personas, world: World
) -> None:
    """The markers are really on the pages, so the matrix's sweep would catch a leak."""
    c, held = world.circle, world.held
    alice, bob = personas.client_for("alice"), personas.client_for("bob")

    for client, own, other in (
        (alice, ALICE_PRIVATE, BOB_PRIVATE),
        (bob, BOB_PRIVATE, ALICE_PRIVATE),
    ):
        page = _get(client, "meeting_detail", c.pk, held.pk)
        assert f"Agenda {SHARED}" in page
        assert f"Shared note {SHARED}" in page
        assert own in page
        assert other not in page
    assert SHARED in _get(bob, "charter", c.pk)
    assert f"Alice&#x27;s own goal {SHARED}" in _get(bob, "goals", c.pk)
    assert f"Check-in comment {SHARED}" in _get(bob, "check_ins", c.pk)
    assert f"Shared {SHARED}" in _get(bob, "journal_entry", c.pk, world.shared_entry.pk)
    assert (
        bob.get(reverse("circles:journal_entry", args=[c.pk, world.private_entry.pk])).status_code
        == 404
    )
    assert ALICE_PRIVATE in _get(alice, "journal_entry", c.pk, world.private_entry.pk)
    bob_concerns = _get(bob, "concerns", c.pk)
    assert TO_FACILITATORS in bob_concerns
    assert TO_COORDINATOR not in bob_concerns


def test_a_fellow_member_reads_no_concern_that_was_not_sent_to_them(
    personas: Personas, world: World
) -> None:
    client = personas.client_for("alice")
    client.force_login(world.mia.user)
    page = _get(client, "concerns", world.circle.pk)
    assert TO_FACILITATORS not in page
    assert TO_COORDINATOR not in page


def test_the_coordinator_sees_metadata_and_the_concerns_sent_to_them(
    personas: Personas, world: World
) -> None:
    page = (
        personas.client_for("carol")
        .get(reverse("circles:coordinator_detail", args=[personas.programme.slug, world.circle.pk]))
        .content.decode()
    )

    assert TO_COORDINATOR in page
    for marker in (SHARED, ALICE_PRIVATE, BOB_PRIVATE, TO_FACILITATORS):
        assert marker not in page
    for shown in ("Alice Mentee", "Mia Member", "Erin", "Facilitator", "Check-in scores"):
        assert shown in page
    # The held meeting: two present, one apology.
    assert "<td>2</td><td>1</td><td>0</td>" in page


def test_the_overview_shows_members_charter_next_meeting_goals_and_health(
    personas: Personas, world: World
) -> None:
    page = _get(personas.client_for("alice"), "overview", world.circle.pk)

    for shown in (
        "Bob Mentor",
        "Facilitator",
        "Max Member",
        "Version 1, signed by everyone",
        "Next meeting",
        f"Shared goal {SHARED}",
        "Health",
    ):
        assert shown in page
    assert "Erin" not in page


def test_the_home_page_lists_my_circles(personas: Personas, world: World) -> None:
    page = personas.client_for("alice").get(reverse("home")).content.decode()
    assert "My circles" in page
    assert reverse("circles:overview", args=[world.circle.pk]) in page
    assert "My circles" not in personas.client_for("oscar").get(reverse("home")).content.decode()


def test_a_member_who_leaves_loses_the_circle_pages(personas: Personas, world: World) -> None:
    client = personas.client_for("alice")
    response = client.post(reverse("circles:leave", args=[world.circle.pk]))
    assert response.status_code == 302

    for name in ("overview", "charter", "meetings", "journal"):
        assert client.get(reverse(f"circles:{name}", args=[world.circle.pk])).status_code == 404
    assert "Finance leaders" not in client.get(reverse("circles:mine")).content.decode()


def test_a_refused_leave_says_why(personas: Personas, world: World) -> None:
    client = personas.client_for("bob")
    response = client.post(reverse("circles:leave", args=[world.circle.pk]), follow=True)

    assert "only facilitator" in response.content.decode()
    assert CircleMember.objects.current().filter(circle=world.circle, person=personas.bob).exists()


def test_a_closed_circle_stays_readable_without_forms(personas: Personas, world: World) -> None:
    services.circle_close(circle=world.circle, by=personas.carol, outcome="completed")
    client = personas.client_for("alice")

    page = _get(client, "meeting_detail", world.circle.pk, world.held.pk)
    assert f"Shared note {SHARED}" in page
    assert "Save shared notes" not in page
    assert "Add a goal" not in _get(client, "goals", world.circle.pk)
    response = client.post(
        reverse("circles:journal", args=[world.circle.pk]), {"body": "After the end"}, follow=True
    )
    assert "This circle is closed" in response.content.decode()


def test_scheduling_from_the_page_lands_on_the_meeting(personas: Personas, circle: Circle) -> None:
    later = timezone.localtime(timezone.now() + datetime.timedelta(days=5)).replace(tzinfo=None)
    response = personas.client_for("bob").post(
        reverse("circles:meetings", args=[circle.pk]),
        {
            "starts_at": later.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 45,
            "meeting_format": "video",
            "location": "https://video.example.org/c",
        },
    )
    meeting = CircleMeeting.objects.get(circle=circle)
    assert response["Location"] == reverse("circles:meeting_detail", args=[circle.pk, meeting.pk])
    assert meeting.duration_minutes == 45


def test_the_meeting_downloads_as_ics_with_a_link_and_no_notes(
    personas: Personas, world: World
) -> None:
    response = personas.client_for("alice").get(
        reverse("circles:meeting_ics", args=[world.circle.pk, world.upcoming.pk])
    )
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert f"circle-meeting-{world.upcoming.pk}@tandem" in body
    assert "SUMMARY:Circle: Finance leaders" in body


# -- edit pages save unchanged -------------------------------------------------------------


def test_charter_edit_saves_unchanged_with_its_dates(personas: Personas, forming: Circle) -> None:
    services.circle_charter_edit(
        circle=forming,
        by=personas.alice,
        desired_outcomes="Lead.",
        confidentiality="Stays here.",
        cadence="monthly",
        meeting_format="video",
        review_on=datetime.date(2026, 6, 1),
        ends_on=datetime.date(2026, 12, 1),
    )
    url = reverse("circles:charter_edit", args=[forming.pk])

    response = submit_unchanged(personas.client_for("bob"), url, "desired_outcomes")

    assert response.status_code == 302
    charter = forming.current_charter()
    assert charter is not None
    assert (charter.number, charter.review_on, charter.ends_on, charter.cadence) == (
        1,
        datetime.date(2026, 6, 1),
        datetime.date(2026, 12, 1),
        "monthly",
    )


def test_goal_edit_saves_unchanged_with_its_target(personas: Personas, circle: Circle) -> None:
    goal = services.circle_goal_create(
        circle=circle,
        by=personas.alice,
        title="Run the budget round",
        success_criterion="Signed off",
        target_on=datetime.date(2026, 9, 30),
        own=True,
    )
    url = reverse("circles:goal_detail", args=[circle.pk, goal.pk])

    response = submit_unchanged(personas.client_for("alice"), url, "success_criterion")

    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.title, goal.target_on) == ("Run the budget round", datetime.date(2026, 9, 30))


def test_meeting_edit_saves_unchanged(personas: Personas, circle: Circle) -> None:
    start = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=3)
    meeting = services.circle_meeting_schedule(
        circle=circle, by=personas.bob, starts_at=start, duration_minutes=75, location="Room 4"
    )
    url = reverse("circles:meeting_edit", args=[circle.pk, meeting.pk])

    response = submit_unchanged(personas.client_for("alice"), url, "duration_minutes")

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.starts_at, meeting.duration_minutes, meeting.location) == (start, 75, "Room 4")
    assert meeting.sequence == 0


# -- queries -------------------------------------------------------------------------------


def _grow(personas: Personas, circle: Circle, size: int) -> None:
    """`size` more members, meetings with attendance, check-ins and goals."""
    now = timezone.now()
    for n in range(size):
        someone = person(f"Extra Member {circle.pk}-{n}", personas.programme)
        CircleMember.objects.create(circle=circle, person=someone, role="mentee", joined_at=now)
        meeting = CircleMeeting.objects.create(
            circle=circle, starts_at=now - datetime.timedelta(days=n + 1)
        )
        services.circle_meeting_record(
            meeting=meeting, by=personas.bob, attendance={personas.bob.pk: "present"}
        )
        services.circle_check_in_submit(
            circle=circle, by=someone, engagement=4, flexibility=4, authenticity=4, reciprocity=4
        )
        CircleGoal.objects.create(circle=circle, title=f"Goal {n}", success_criterion="x")


@pytest.mark.parametrize("size", [1, 8])
def test_the_overview_and_the_coordinator_page_do_not_grow_in_queries(
    personas: Personas, size: int, django_assert_max_num_queries: Any
) -> None:
    circle = make_circle(
        personas.programme,
        facilitators=[personas.bob],
        mentees=[personas.alice, person("Mia Member"), person("Max Member")],
        started=timezone.now() - datetime.timedelta(days=40),
    )
    _grow(personas, circle, size)
    alice, carol = personas.client_for("alice"), personas.client_for("carol")
    overview = reverse("circles:overview", args=[circle.pk])
    coordinator = reverse("circles:coordinator_detail", args=[personas.programme.slug, circle.pk])
    alice.get(overview)
    carol.get(coordinator)

    with django_assert_max_num_queries(24):
        assert alice.get(overview).status_code == 200
    with django_assert_max_num_queries(24):
        assert carol.get(coordinator).status_code == 200


def test_empty_concern_lists_read_as_sentences(personas: Personas, circle: Circle) -> None:
    member_page = _get(personas.client_for("alice"), "concerns", circle.pk)
    coordinator_page = _get(
        personas.client_for("carol"), "coordinator_detail", personas.programme.slug, circle.pk
    )

    assert "No concerns yet." in member_page
    assert "No concerns have been sent to you about this circle." in coordinator_page
    for page in (member_page, coordinator_page):
        assert "None." not in page
