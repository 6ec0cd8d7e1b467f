from __future__ import annotations

import random

from django.urls import reverse
from django.utils import timezone

from tandem.conftest import Personas
from tandem.demo.mentorships import SCENARIOS, build_demo_mentorships
from tandem.mentorships.models import Mentorship
from tandem.mentorships.services.charter import CHARTER_EDITABLE_STATES
from tandem.people.tests.factories import PersonFactory


def test_demo_builds_a_pair_in_every_state(personas: Personas) -> None:
    pairs = [(PersonFactory(), PersonFactory()) for _ in SCENARIOS]
    built = build_demo_mentorships(
        programme=personas.programme,
        pairs=pairs,
        rng=random.Random(7),
        today=timezone.localdate(),
    )
    assert {m.state for m in built} == set(Mentorship.State.values)
    outcomes = {m.outcome for m in built if m.outcome}
    assert outcomes == set(Mentorship.Outcome.values)
    active = next(m for m in built if m.state == Mentorship.State.ACTIVE)
    assert active.meetings.filter(status="held").exists()
    assert active.goals.exists()
    assert active.check_ins.exists()
    carol = personas.client_for("carol")
    page = carol.get(reverse("mentorships:coordinator_list", args=[personas.programme.slug]))
    assert page.status_code == 200
    assert "Needs attention" in page.content.decode()
    member = personas.client_for("anonymous")
    member.force_login(active.mentee.user)
    assert member.get(reverse("mentorships:overview", args=[active.pk])).status_code == 200


def test_every_pair_page_renders_in_every_state(personas: Personas) -> None:
    pairs = [(PersonFactory(), PersonFactory()) for _ in SCENARIOS]
    built = build_demo_mentorships(
        programme=personas.programme, pairs=pairs, rng=random.Random(3), today=timezone.localdate()
    )
    pages = [
        "overview",
        "expectations",
        "charter",
        "charter_edit",
        "plan",
        "goal_create",
        "meetings",
        "journal",
        "prompts",
        "feedback",
        "check_ins",
        "concerns",
        "closure",
        "exit",
    ]
    for mentorship in built:
        for person in (mentorship.mentee, mentorship.mentor):
            client = personas.client_for("anonymous")
            client.force_login(person.user)
            for name in pages:
                response = client.get(reverse(f"mentorships:{name}", args=[mentorship.pk]))
                if name == "charter_edit" and mentorship.state not in CHARTER_EDITABLE_STATES:
                    # No form that could not be saved: the charter is shown instead.
                    assert response.status_code == 302, (mentorship.state, name)
                    assert response["Location"] == reverse(
                        "mentorships:charter", args=[mentorship.pk]
                    )
                    continue
                assert response.status_code == 200, (mentorship.state, name)
            for meeting in mentorship.meetings.all()[:2]:
                url = reverse("mentorships:meeting_detail", args=[mentorship.pk, meeting.pk])
                assert client.get(url).status_code == 200
            for goal in mentorship.goals.all()[:1]:
                url = reverse("mentorships:goal_detail", args=[mentorship.pk, goal.pk])
                assert client.get(url).status_code == 200
    carol = personas.client_for("carol")
    for mentorship in built:
        url = reverse(
            "mentorships:coordinator_detail", args=[personas.programme.slug, mentorship.pk]
        )
        assert carol.get(url).status_code == 200
