"""The forming pages: edit pages save unchanged, lists and the review page run a fixed number
of queries whatever their size, and a browsing mentee sees a circle's metadata only."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tandem.circles.models import CircleMember, GroupSettings
from tandem.conftest import Personas
from tandem.core.testing.forms import form_values, submit_unchanged
from tandem.programmes.models import Enrolment

from .cohort import cohort, run_now
from .world import circle, enrol, mentee, mentor

pytestmark = pytest.mark.django_db

MARKER = "ZQX-CIRCLE-FORMING-6613"


def test_the_group_settings_page_saves_unchanged_and_then_a_change(personas: Personas, group):
    client = personas.client_for("carol")
    url = reverse("circles:group_settings", args=[group.slug])

    response = submit_unchanged(client, url, "max_mentees")

    assert response.status_code == 302
    stored = GroupSettings.objects.get(programme=group)
    assert (stored.max_mentees, stored.mentees_may_join) == (4, True)
    data = dict(form_values(client.get(url).content.decode(), "max_mentees"))
    data.update(max_mentees="6")
    data.pop("mentees_may_join")
    assert client.post(url, data).status_code == 302
    stored.refresh_from_db()
    assert (stored.max_mentees, stored.mentees_may_join) == (6, False)


def test_group_settings_refuse_a_circle_size_below_three(personas: Personas, group):
    response = personas.client_for("carol").post(
        reverse("circles:group_settings", args=[group.slug]), {"max_mentees": "2"}
    )

    assert response.status_code == 400
    assert "greater than or equal to 3" in response.content.decode()


def test_the_manage_navigation_of_a_group_programme_leads_to_its_circles(personas, group):
    page = personas.client_for("carol").get(reverse("programmes:detail", args=[group.slug]))

    text = page.content.decode()
    for name in ("circles:coordinator_list", "circles:group_runs", "circles:group_settings"):
        assert reverse(name, args=[group.slug]) in text


def test_a_one_to_one_programme_has_no_circle_pages(personas: Personas):
    client = personas.client_for("carol")
    for name in ("circles:coordinator_list", "circles:group_runs", "circles:group_settings"):
        assert client.get(reverse(name, args=[personas.programme.slug])).status_code == 404


def _circles(group: Any, count: int) -> None:
    for n in range(count):
        lead = mentor(group, f"Lead {n}", languages=["en", "de"])
        circle(
            group,
            f"Circle {n}",
            [lead],
            [mentee(group, f"Member {n}-{k}") for k in range(3)],
            state=("forming", "active", "closed")[n % 3],
        )


@pytest.mark.parametrize("size", [2, 8])
def test_the_coordinators_circles_list_runs_a_fixed_number_of_queries(
    personas: Personas, group, size, django_assert_max_num_queries
):
    _circles(group, size)
    client = personas.client_for("carol")
    url = reverse("circles:coordinator_list", args=[group.slug])

    with django_assert_max_num_queries(12):
        page = client.get(url)

    assert page.status_code == 200
    assert page.content.decode().count('id="circle-') == size


@pytest.mark.parametrize("size", [(2, 6), (5, 18)])
def test_the_review_page_runs_a_fixed_number_of_queries(
    personas: Personas,
    group,
    size,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks: Any,
):
    GroupSettings.objects.filter(programme=group).update(max_mentees=6)
    cohort(group, mentors=size[0], mentees=size[1])
    run = run_now(group, personas.carol, django_capture_on_commit_callbacks)
    client = personas.client_for("carol")
    url = reverse("circles:group_run", args=[group.slug, run.pk])

    with django_assert_max_num_queries(16):
        page = client.get(url)

    assert page.status_code == 200
    assert page.content.decode().count('id="placement-') == run.metrics["placed"]


@pytest.fixture
def browsing(personas: Personas, group) -> Any:
    """alice, an approved mentee of the group programme, and circles whose members wrote."""
    enrol(group, personas.alice, Enrolment.Role.MENTEE)
    _circles(group, 3)
    CircleMember.objects.filter(role="mentee").update(
        join_note=f"My note {MARKER}", reasons=[f"reason {MARKER}"]
    )
    secret = mentee(group, f"Hidden Member {MARKER}")
    target = CircleMember.objects.filter(circle__name="Circle 0", role="mentee").first()
    CircleMember.objects.create(
        circle=target.circle, person=secret, role="mentee", joined_at=target.joined_at
    )
    return personas


def test_a_browsing_mentee_sees_metadata_only(browsing: Personas, group):
    page = browsing.client_for("alice").get(reverse("circles:browse", args=[group.slug]))

    text = page.content.decode()
    assert page.status_code == 200
    assert "Circle 1" in text
    assert "Lead 1" in text
    assert "3 of 4" in text
    assert "Circle 0" not in text  # full: four mentees of four
    assert "Circle 2" not in text  # closed
    assert MARKER not in text
    join = browsing.client_for("alice").get(
        reverse("circles:join", args=[group.slug, group.circles.get(name="Circle 1").pk])
    )
    assert join.status_code == 200
    assert MARKER not in join.content.decode()


def test_the_coordinators_pages_show_no_join_note(browsing: Personas, group):
    client = browsing.client_for("carol")
    found = group.circles.get(name="Circle 1")
    for url in (
        reverse("circles:coordinator_list", args=[group.slug]),
        reverse("circles:coordinator_members", args=[group.slug, found.pk]),
    ):
        text = client.get(url).content.decode()
        assert "My note" not in text, url


@pytest.mark.parametrize("size", [2, 8])
def test_the_browse_page_runs_a_fixed_number_of_queries(
    personas: Personas, group, size, django_assert_max_num_queries
):
    enrol(group, personas.alice, Enrolment.Role.MENTEE)
    _circles(group, size)

    client = personas.client_for("alice")

    with django_assert_max_num_queries(14):
        page = client.get(reverse("circles:browse", args=[group.slug]))

    assert page.status_code == 200


def test_a_mentee_joins_from_the_page_with_a_note(browsing: Personas, group):
    found = group.circles.get(name="Circle 1")
    url = reverse("circles:join", args=[group.slug, found.pk])

    response = browsing.client_for("alice").post(url, {"note": "Happy to share my budgets."})

    assert response.status_code == 302
    member = CircleMember.objects.get(circle=found, person=browsing.alice)
    assert member.join_note == "Happy to share my budgets."
    again = browsing.client_for("alice").get(reverse("circles:browse", args=[group.slug]))
    assert "You are in" in again.content.decode()


def test_the_join_page_shows_the_refusal_beside_the_form(browsing: Personas, group):
    browsing.alice.languages.clear()
    found = group.circles.get(name="Circle 1")

    response = browsing.client_for("alice").post(
        reverse("circles:join", args=[group.slug, found.pk]), {"note": ""}
    )

    assert response.status_code == 400
    assert "You share no language with every member of Circle 1." in response.content.decode()


def test_forming_a_circle_by_hand_from_the_page(personas: Personas, group):
    lead = mentor(group, "Fay")
    members = [mentee(group, f"Hand {n}") for n in range(3)]
    client = personas.client_for("carol")
    url = reverse("circles:circle_create", args=[group.slug])
    assert client.get(url).status_code == 200

    response = client.post(
        url,
        {
            "name": "By hand",
            "topic": "Budgets",
            "max_mentees": "4",
            "facilitators": [lead.pk],
            "mentees": [m.pk for m in members],
        },
    )

    assert response.status_code == 302
    made = group.circles.get(name="By hand")
    assert made.members.filter(role="mentee").count() == 3
    page = client.get(reverse("circles:coordinator_members", args=[group.slug, made.pk]))
    assert page.status_code == 200
    extra = mentee(group, "Extra")
    added = client.post(
        reverse("circles:coordinator_members", args=[group.slug, made.pk]), {"person": extra.pk}
    )
    assert added.status_code == 302
    assert made.members.current().filter(role="mentee").count() == 4
