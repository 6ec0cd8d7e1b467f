"""A peer pair has no mentor and no mentee: no page its members or coordinators read says so."""

from __future__ import annotations

import datetime
import re
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from tandem.conftest import Personas
from tandem.mentorships import services
from tandem.mentorships.models import Mentorship

from .conftest import CHARTER, World, build_world
from .peers import PeerPair, build_peer_pair

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
ROLE_WORDS = re.compile(r"\bment(?:or|ee)s?\b|\bmentored by\b", re.IGNORECASE)
SURVEY = {
    "went_well": "We met every fortnight.",
    "learnt": "How to ask better questions.",
    "next_steps": "Keep practising.",
    "share_reflection": True,
    "goals_achieved": "most",
    "confidence_before": 4,
    "confidence_after": 8,
    "would_recommend": 9,
}


class _VisibleText(HTMLParser):
    """The text a person reads or hears: text outside scripts and styles, and the labels
    given in attributes (titles, accessible names, placeholders, button values)."""

    HIDDEN = {"script", "style", "template"}
    SPOKEN = ("title", "aria-label", "placeholder", "alt")

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self._hidden += 1
        for name, value in attrs:
            spoken = name in self.SPOKEN or (tag == "input" and name == "value")
            if value and spoken and ("type", "hidden") not in attrs:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def role_words(client: Client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    text = visible_text(response.content.decode())
    return [text[max(0, m.start() - 60) : m.end() + 60] for m in ROLE_WORDS.finditer(text)]


@pytest.fixture(autouse=True)
def _clock(time_machine) -> None:
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def pair(personas: Personas) -> PeerPair:
    return build_peer_pair(personas)


def _pages(m: Mentorship, world: World | None) -> list[str]:
    pk = m.pk
    names = ["overview", "expectations", "charter", "plan", "meetings", "journal", "prompts"]
    names += ["feedback", "check_ins", "concerns", "closure", "exit", "goal_create"]
    urls = [reverse(f"mentorships:{name}", args=[pk]) for name in names]
    urls.append(reverse("mentorships:list"))
    if m.state in (Mentorship.State.AGREEING, Mentorship.State.ACTIVE, Mentorship.State.PAUSED):
        urls.append(reverse("mentorships:charter_edit", args=[pk]))
    if m.state == Mentorship.State.CLOSING:
        urls.append(reverse("mentorships:closure_withdraw", args=[pk]))
    if m.current_charter() is not None:
        urls.append(reverse("mentorships:charter_version", args=[pk, 1]))
    if world is not None:
        urls += [
            reverse("mentorships:goal_detail", args=[pk, world.goal.pk]),
            reverse("mentorships:meeting_detail", args=[pk, world.meeting.pk]),
            reverse("mentorships:journal_entry", args=[pk, world.journal_shared.pk]),
        ]
    return urls


def _assert_no_role_words(pair: PeerPair, world: World | None, state: str) -> None:
    m = pair.mentorship
    m.refresh_from_db()
    found = {}
    for who in (pair.priya, pair.tom):
        client = Client()
        client.force_login(who.user)
        for url in _pages(m, world):
            words = role_words(client, url)
            if words:
                found[f"{who.name} {url}"] = words
    assert not found, f"{state}: {found}"


def test_no_pair_page_says_mentor_or_mentee_to_either_peer(
    personas: Personas, pair: PeerPair
) -> None:
    m = pair.mentorship
    _assert_no_role_words(pair, None, "proposed")

    services.mentorship_start_agreeing(mentorship=m, by=pair.tom)
    version = services.charter_edit(mentorship=m, by=pair.tom, **CHARTER)
    services.charter_sign(mentorship=m, by=pair.priya, version=version)
    _assert_no_role_words(pair, None, "agreeing")

    services.charter_sign(mentorship=m, by=pair.tom, version=version)
    people = SimpleNamespace(alice=pair.priya, bob=pair.tom)
    world = build_world(people, m)
    _assert_no_role_words(pair, world, "active")

    services.closure_propose(mentorship=m, by=pair.priya)
    services.closure_submit(mentorship=m, by=pair.priya, **SURVEY)
    _assert_no_role_words(pair, world, "closing")

    services.closure_submit(mentorship=m, by=pair.tom, **SURVEY)
    _assert_no_role_words(pair, world, "closed")


def test_the_coordinators_pages_about_a_peer_pair_name_no_roles(
    personas: Personas, pair: PeerPair
) -> None:
    client = personas.client_for("carol")
    slug = pair.programme.slug
    urls = [
        reverse("mentorships:coordinator_list", args=[slug]),
        reverse("mentorships:coordinator_detail", args=[slug, pair.mentorship.pk]),
        reverse("mentorships:coordinator_create", args=[slug]),
        reverse("programmes:detail", args=[slug]),
    ]
    found = {url: words for url in urls if (words := role_words(client, url))}
    assert not found


def test_the_notices_a_peer_receives_name_no_roles(
    personas: Personas, django_capture_on_commit_callbacks
) -> None:
    from tandem.notifications.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        pair = build_peer_pair(personas)
    m = pair.mentorship
    with django_capture_on_commit_callbacks(execute=True):
        services.mentorship_start_agreeing(mentorship=m, by=pair.tom)
        version = services.charter_edit(mentorship=m, by=pair.tom, **CHARTER)
        services.charter_sign(mentorship=m, by=pair.priya, version=version)
    with django_capture_on_commit_callbacks(execute=True):
        services.mentorship_look_elsewhere(mentorship=m, by=pair.priya)
    notices = Notification.objects.filter(recipient__in=[pair.priya.user, pair.tom.user])
    assert notices.exists()
    for notice in notices:
        assert not ROLE_WORDS.search(f"{notice.title} {notice.body}"), notice.title
    client = Client()
    client.force_login(pair.priya.user)
    assert not role_words(client, reverse("notifications:list"))


def test_the_api_says_what_the_programme_calls_each_place_of_the_pair(
    personas: Personas, pair: PeerPair
) -> None:
    client = Client()
    client.force_login(pair.tom.user)
    found = client.get(f"/api/mentorships/{pair.mentorship.pk}/").json()
    assert found["role_labels"] == {"mentee": "peer", "mentor": "peer"}
    assert found["mentee"]["id"] < found["mentor"]["id"]
    services.mentorship_create(
        programme=personas.programme, mentee=personas.alice, mentor=personas.bob
    )
    ordinary = personas.client_for("alice").get("/api/mentorships/").json()["results"]
    assert [row["role_labels"] for row in ordinary] == [{"mentee": "mentee", "mentor": "mentor"}]


def test_the_pairs_csv_of_a_peer_programme_names_no_roles(
    personas: Personas, pair: PeerPair
) -> None:
    response = personas.client_for("carol").get(
        reverse("reports:programme_csv", args=[pair.programme.slug])
    )
    body = b"".join(response.streaming_content).decode()
    header = body.splitlines()[0]
    assert header.startswith("peer,partner,state")
    assert not ROLE_WORDS.search(body.replace("_", " "))
