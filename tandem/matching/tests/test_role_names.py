"""A programme that calls its mentors "coaches" and its mentees "coachees" is read in those
words on the coordinator's matching pages: the run's pairs and unmatched people, the reasons,
publishing, the settings and pairing by hand never say "mentor" or "mentee"."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.urls import reverse

from tandem.conftest import Personas
from tandem.matching.models import MatchRun, UnmatchedMentee
from tandem.matching.services import match_run_start
from tandem.matching.tests.factories import mentee, mentor
from tandem.people.models import Language
from tandem.programmes.models import Programme
from tandem.programmes.tests.factories import ProgrammeFactory
from tandem.programmes.tests.wording import main_text, role_words

pytestmark = pytest.mark.django_db


@pytest.fixture
def coaching(personas: Personas, django_capture_on_commit_callbacks: Any) -> MatchRun:
    """A finished run of a programme with two coaches and three coachees, one of whom
    speaks only Finnish and is left without a coach."""
    programme = ProgrammeFactory(
        name="Coaching Circle",
        coordinators=[personas.carol],
        mentor_term="Coach",
        mentee_term="coachee",
        matching_mode=Programme.MatchingMode.BOTH,
    )
    mentor(programme, name="Ana Lead", capacity=1)
    mentor(programme, name="Ben Lead", capacity=1, skills=("Negotiation",))
    mentee(programme, name="Cy Learner")
    mentee(programme, name="Di Learner", goals="Negotiate better deals.")
    loner = mentee(programme, name="Lou Learner")
    loner.languages.set([Language.objects.get_or_create(code="fi", name="Finnish")[0]])
    with django_capture_on_commit_callbacks(execute=True):
        run = match_run_start(
            programme=programme,
            created_by=personas.carol,
            mode="optimal",
            weights={"goals": 1, "expectations": 0.2},
        )
    run.refresh_from_db()
    assert run.status == MatchRun.Status.DONE
    return run


def _page(personas: Personas, url: str) -> str:
    response = personas.client_for("carol").get(url)
    assert response.status_code == 200, url
    return html.unescape(main_text(response.content.decode()))


def test_the_matching_pages_of_a_renamed_programme_name_coaches_and_coachees(
    personas: Personas, coaching: MatchRun
) -> None:
    slug, pk = coaching.programme.slug, coaching.pk
    loner = UnmatchedMentee.objects.get(run=coaching, mentee__name="Lou Learner")
    pages = {
        name: _page(personas, url)
        for name, url in {
            "runs": reverse("matching:runs", args=[slug]),
            "new run": reverse("matching:run_create", args=[slug]),
            "rule": reverse("matching:rule_create", args=[slug]),
            "review": reverse("matching:run_detail", args=[slug, pk]),
            "pair by hand": reverse("matching:assign_mentor", args=[slug, pk, loner.pk]),
            "publish": reverse("matching:run_publish", args=[slug, pk]),
            "settings": reverse("matching:settings", args=[slug]),
        }.items()
    }
    for name, text in pages.items():
        assert role_words(text) == [], name

    review = pages["review"]
    assert "Matched 2 of 3 coachees" in review
    assert "Coachee Coach Fit Why Expectations" in review
    assert "Unmatched coachees (1)" in review
    assert "No coach shares a language with Lou Learner" in review
    assert "Choose a coach for Lou Learner" in review
    assert "Swap the coaches of the two ticked pairs" in review
    assert "Coachee: " in review
    assert "Choose a coach for Lou Learner" in pages["pair by hand"]
    assert "Coaches with a free place" in pages["pair by hand"]
    assert "Coachee preferences" in pages["new run"]
    assert "nobody up the coachee's management chain" in pages["new run"]
    assert "Coachee: Their email address" in pages["rule"]
    assert "to coachees" in pages["publish"]
    assert "to coaches" in pages["publish"]
    assert "Coach requests" in pages["settings"]
    assert "How many coaches a coachee may ask at the same time." in pages["settings"]


def test_a_run_that_rules_out_a_coach_says_so_in_the_programmes_words(
    personas: Personas, coaching: MatchRun
) -> None:
    pair = coaching.proposals.select_related("mentee", "mentor").first()
    assert pair is not None
    client = personas.client_for("carol")
    slug = coaching.programme.slug
    client.post(
        reverse("matching:run_detail", args=[slug, coaching.pk]) + f"pairs/{pair.pk}/forbid/"
    )
    text = _page(personas, reverse("matching:run_detail", args=[slug, coaching.pk]))
    assert f"You ruled out {pair.mentor.name}; re-run or choose a coach by hand" in text, text
    assert role_words(text) == []
