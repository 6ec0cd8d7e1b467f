"""The lifecycle buttons on the pages and the API actions come from one table."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from tandem.conftest import Personas
from tandem.mentorships.api.lifecycle import MentorshipViewSet
from tandem.mentorships.models import Mentorship
from tandem.mentorships.transitions import TRANSITIONS


def _buttons(html: str) -> set[str]:
    return set(re.findall(r'<button type="submit"[^>]*>([^<]+)</button>', html))


def _labels(*names: str, partner: str = "mentor") -> set[str]:
    return {TRANSITIONS[name].label.format(partner=partner) for name in names}


def _offered(html: str) -> set[str]:
    labels = {
        t.label.format(partner=p) for t in TRANSITIONS.values() for p in ("mentor", "partner")
    }
    return _buttons(html) & labels


def test_each_page_offers_the_tables_buttons_for_the_state_and_role(
    personas: Personas, proposed: Mentorship
) -> None:
    alice, bob = personas.client_for("alice"), personas.client_for("bob")
    expectations = reverse("mentorships:expectations", args=[proposed.pk])

    assert _offered(alice.get(expectations).content.decode()) == _labels(
        "start_agreeing", "look_elsewhere"
    )
    assert _offered(bob.get(expectations).content.decode()) == _labels("start_agreeing")


def test_either_peer_of_a_peer_pair_may_look_for_another_partner(personas: Personas) -> None:
    from tandem.mentorships.tests.peers import build_peer_pair

    pair = build_peer_pair(personas)
    expectations = reverse("mentorships:expectations", args=[pair.mentorship.pk])
    for person in (pair.priya, pair.tom):
        client = Client()
        client.force_login(person.user)
        assert _offered(client.get(expectations).content.decode()) == _labels(
            "start_agreeing", "look_elsewhere", partner="partner"
        )
    from tandem.mentorships import services

    services.mentorship_look_elsewhere(mentorship=pair.mentorship, by=pair.tom)
    pair.mentorship.refresh_from_db()
    assert pair.mentorship.outcome == Mentorship.Outcome.WITHDRAWN


def test_a_button_pressed_on_the_page_and_an_api_action_run_the_same_step(
    personas: Personas, active: Mentorship
) -> None:
    alice = personas.client_for("alice")
    overview = reverse("mentorships:overview", args=[active.pk])
    assert _offered(alice.get(overview).content.decode()) == _labels("pause", "closure_propose")

    paused = alice.post(f"/api/mentorships/{active.pk}/pause/")
    assert paused.status_code == 200
    assert paused.json()["state"] == "paused"
    assert _offered(alice.get(overview).content.decode()) == _labels("resume", "closure_propose")

    alice.post(reverse("mentorships:resume", args=[active.pk]))
    active.refresh_from_db()
    assert active.state == Mentorship.State.ACTIVE


def test_a_step_the_state_does_not_allow_is_refused_the_same_way(
    personas: Personas, active: Mentorship
) -> None:
    alice = personas.client_for("alice")

    api = alice.post(f"/api/mentorships/{active.pk}/resume/")
    page = alice.post(reverse("mentorships:resume", args=[active.pk]), follow=True)

    assert api.status_code == 400
    message = api.json()["non_field_errors"][0]
    assert message in page.content.decode()


def test_every_transition_is_a_page_and_an_api_action() -> None:
    actions = {a.__name__: a for a in MentorshipViewSet.get_extra_actions()}
    api_name = {"closure_propose": "propose_closure", "closure_withdraw": "withdraw_closure"}

    for name in TRANSITIONS:
        assert reverse(f"mentorships:{name}", args=[1])
        assert api_name.get(name, name) in actions, name
