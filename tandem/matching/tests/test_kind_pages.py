"""The edit pages of peer and reverse programmes load their values and save them unchanged,
and a peer programme's pair pages stay within a fixed number of queries."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from tandem.conftest import Personas
from tandem.core.testing.forms import submit_unchanged
from tandem.matching.models import MatchingSettings
from tandem.mentorships import services
from tandem.mentorships.tests.conftest import CHARTER, make_active
from tandem.mentorships.tests.peers import build_peer_pair, enrol_peer, peer_programme
from tandem.people.tests.factories import PersonFactory
from tandem.programmes.models import Programme

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _clock(time_machine: Any) -> None:
    time_machine.move_to(NOW, tick=False)


def test_a_peer_programme_with_peers_saves_its_settings_unchanged(personas: Personas) -> None:
    pair = build_peer_pair(personas)
    client = personas.client_for("carol")
    response = submit_unchanged(
        client, reverse("programmes:edit", args=[pair.programme.slug]), "name"
    )
    assert response.status_code == 302
    pair.programme.refresh_from_db()
    assert pair.programme.kind == Programme.Kind.PEER


def test_a_reverse_programmes_matching_settings_save_unchanged_with_the_junior_weight(
    personas: Personas,
) -> None:
    programme = personas.programme
    programme.kind = Programme.Kind.REVERSE
    programme.save()
    client = personas.client_for("carol")
    url = reverse("matching:settings", args=[programme.slug])
    page = client.get(url).content.decode()
    assert 'name="weight_junior_mentor"' in page
    assert 'value="0.25"' in page
    response = submit_unchanged(client, url, "request_expiry_days")
    assert response.status_code == 302
    assert MatchingSettings.objects.get(programme=programme).weight_junior_mentor == 0.25
    run_page = client.get(reverse("matching:run_create", args=[programme.slug])).content.decode()
    assert "Junior mentor (reverse mentoring)" in run_page


def test_a_one_to_one_programme_offers_no_junior_weight(personas: Personas) -> None:
    client = personas.client_for("carol")
    page = client.get(reverse("matching:settings", args=[personas.programme.slug]))
    assert b"weight_junior_mentor" not in page.content
    response = submit_unchanged(
        client, reverse("matching:settings", args=[personas.programme.slug]), "request_expiry_days"
    )
    assert response.status_code == 302


def test_a_peer_programmes_matching_settings_ask_nothing_about_requests_and_save_unchanged(
    personas: Personas,
) -> None:
    Programme.objects.filter(pk=personas.programme.pk).update(kind=Programme.Kind.PEER)
    client = personas.client_for("carol")
    url = reverse("matching:settings", args=[personas.programme.slug])
    page = client.get(url).content.decode()
    assert "Mentor requests" not in page
    response = submit_unchanged(client, url, "request_expiry_days")
    assert response.status_code == 302


def test_a_peer_pairs_charter_saves_unchanged(personas: Personas) -> None:
    pair = build_peer_pair(personas)
    services.mentorship_start_agreeing(mentorship=pair.mentorship, by=pair.tom)
    services.charter_edit(mentorship=pair.mentorship, by=pair.tom, **CHARTER)
    from django.test import Client

    client = Client()
    client.force_login(pair.tom.user)
    url = reverse("mentorships:charter_edit", args=[pair.mentorship.pk])
    response = submit_unchanged(client, url, "desired_outcomes")
    assert response.status_code == 302
    charter = pair.mentorship.current_charter()
    assert charter is not None
    assert charter.desired_outcomes == CHARTER["desired_outcomes"]


@pytest.mark.parametrize("pairs", [2, 6])
def test_a_peer_programmes_pair_pages_run_a_flat_number_of_queries(
    personas: Personas, pairs: int, django_assert_max_num_queries: Any
) -> None:
    programme = peer_programme(personas)
    first = None
    for _ in range(pairs):
        a, b = PersonFactory(), PersonFactory()
        for person in (a, b):
            enrol_peer(programme, person)
        made = make_active(services.mentorship_create(programme=programme, mentee=a, mentor=b))
        first = first or made
    assert first is not None
    carol = personas.client_for("carol")
    with django_assert_max_num_queries(40):
        carol.get(reverse("mentorships:coordinator_list", args=[programme.slug]))
    from django.test import Client

    member = Client()
    member.force_login(first.mentee.user)
    for name in ("overview", "charter", "expectations"):
        with django_assert_max_num_queries(45):
            assert member.get(reverse(f"mentorships:{name}", args=[first.pk])).status_code == 200
    with django_assert_max_num_queries(30):
        member.get(reverse("mentorships:list"))
