"""The engine gives its reasons in English, the form `tandem match-file` prints; people read
them in their own language. Every phrase the engines write is recognised at the boundary and
written again, translated, for the reader."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from tandem.conftest import Personas
from tandem.matching.engine.explain import expectation_reasons
from tandem.matching.models import UnmatchedMentee
from tandem.matching.reasons import Reader, Vocabulary, pair_reason_known, pair_reasons_for
from tandem.matching.services import match_run_start
from tandem.matching.tests.factories import mentee
from tandem.matching.unmatched_reasons import (
    unmatched_reason_for,
    unmatched_reason_known,
    unplaced_reason_for,
    unplaced_reason_known,
)
from tandem.people.models import Language
from tandem.programmes.tests.wording import main_text, write_catalogue

# What the engines write (engine/explain.py, engine/peer.py, engine/group.py) and what the
# product stores when a coordinator takes a pair apart (services/adjust.py, circles).
PAIR_PHRASES = [
    "you ranked this mentor 2nd",
    "shared skill: forecasting",
    "shared skills: budgeting, forecasting",
    "your goals and their expertise both mention pricing, suppliers",
    "related expertise: financial planning and analysis",
    "both prefer fortnightly meetings in person",
    "both prefer monthly meetings",
    "both prefer meeting by video",
    "both prefer fortnightly meetings (mixed)",
    "both prefer meeting (mixed)",
    "both prefer weekly meetings (walking)",
    "close on how often to meet (weekly and fortnightly)",
    "both want a coaching style",
    "shared focus area: networking",
    "shared focus areas: career, leadership",
    "same answer on sector: health",
    "from another department (Marketing), which widens your network",
    "junior mentor: 2 levels further from the top of the org chart",
    "supplied score 0.81",
    "you share a language: en, fr",
    "same time zone",
    "time zones 1 hour apart",
    "time zones 2.5 hours apart",
    "best available score (0.42) within the programme's rules",
]
UNMATCHED_PHRASES = [
    "the mentor who fits you is full, and no rearrangement frees a place without unmatching "
    "someone else",
    "all 7 mentors who fit you are full, and no rearrangement frees a place without unmatching "
    "someone else",
    "all 3 mentors who fit you are full with mentees who fit them as well or better",
    "the mentor who fits you is already full when your turn came",
    "no score was supplied for you with any mentor",
    "there are no mentors in this cohort",
    "no mentor has any places",
    "you listed no language, and a shared language is required",
    "no mentor shares a language with you",
    "no mentor is within 6 hours of your time zone",
    "no mentor within 1 hour of your time zone shares a language with you",
    "every mentor who otherwise fits is in your own department",
    "every mentor who otherwise fits is in your management chain",
    "the only mentor who otherwise fits is you",
    "the only mentors who fit are excluded for you (such as a previous mentor)",
    "no mentor who fits reaches the minimum score of 0.3 (the best is 0.22)",
    "the one peer who fits you is paired with someone they fit at least as well",
    "all 4 peers who fit you are paired with someone they fit at least as well; the pool has "
    "an odd number of people (5), so at least one person is left without a partner",
    "there is no other peer in this pool",
    "no other peer shares a language with you",
    "no other peer is within 6 hours of your time zone",
    "no peer within 6 hours of your time zone shares a language with you",
    "every peer who otherwise fits is in your own department",
    "every peer who otherwise fits is in your management chain",
    "the only peers who otherwise fit are excluded for you",
    "no peer who fits reaches the minimum score of 0.3 in both directions (the best is 0.22)",
    "unassigned by the coordinator",
    "you ruled out Bo Lead; re-run or choose a mentor by hand",
    "you ruled out pairing Al Peer with Bo Peer; re-run or choose a partner by hand",
]
UNPLACED_PHRASES = [
    "no circle in this run",
    "no circle's members share a language with them",
    "no circle they share a language with is within the time-zone window of 6 hours",
    "every circle open to them has a member up their management chain",
    "every circle open to them has a mentor up their management chain, in their department or "
    "excluded for them",
    "no circle fits them above the programme's minimum score",
    "of the 3 circles that fit them: 1 full with members who fit them better; 1 settled on a "
    "language or time-zone window its members share that leaves them out, or full; 1 with a "
    "member up or down their management chain",
    "of the 2 circles that fit them: 2 dissolved below 3 mentees",
    "the coordinator took them out of the proposal",
]


@pytest.mark.parametrize("phrase", PAIR_PHRASES)
def test_every_pair_phrase_of_the_engine_is_written_for_its_reader(phrase: str) -> None:
    assert pair_reason_known(phrase)


@pytest.mark.parametrize("phrase", UNMATCHED_PHRASES)
def test_every_reason_for_no_partner_is_written_for_its_reader(phrase: str) -> None:
    assert unmatched_reason_known(phrase)


@pytest.mark.parametrize("phrase", UNPLACED_PHRASES)
def test_every_reason_for_no_circle_is_written_for_its_reader(phrase: str) -> None:
    assert unplaced_reason_known(phrase)


def test_the_english_reads_as_before() -> None:
    assert unmatched_reason_for("no mentor shares a language with you", "mentee", "Lou") == (
        "No mentor shares a language with you"
    )
    assert unmatched_reason_for(
        "all 3 mentors who fit you are already full when your turn came", "coordinator", "Lou"
    ) == ("All 3 mentors who fit Lou are already full when Lou's turn came")
    assert unmatched_reason_for(
        "no mentor who fits reaches the minimum score of 0.3 (the best is 0.22)", "mentee", "Lou"
    ) == ("No mentor who fits you is a close enough match to propose")
    assert unplaced_reason_for(UNPLACED_PHRASES[6], "mentee", "Lou") == (
        "Of the 3 circles that fit you: 1 full with members who fit you better; 1 settled on a "
        "language or time-zone window its members share that leaves you out, or full; 1 with "
        "a member up or down your management chain"
    )
    reader = Reader("coordinator", "Lou", "Bo")
    assert pair_reasons_for(
        ["you ranked this mentor 2nd", "time zones 1 hour apart"], reader, Vocabulary()
    ) == [
        "Lou put Bo 2nd on their list of mentors",
        "Lou and Bo work 1 hour apart, easy to meet",
    ]


FOCUS = {
    "focus_areas": {
        "wellbeing": "wellbeing and balance",
        "communication": "communication and influence",
        "career": "career development",
        "leadership": "leadership",
    }
}


@pytest.mark.parametrize(
    ("phrase", "coordinator", "mentee", "mentor"),
    [
        (
            "shared focus areas: wellbeing, communication",
            "Lou and Bo both want to focus on wellbeing and balance, and communication and "
            "influence",
            "You both want to focus on wellbeing and balance, and communication and influence",
            "You both want to focus on wellbeing and balance, and communication and influence",
        ),
        (
            "shared focus areas: wellbeing, career, leadership",
            "Lou and Bo both want to focus on wellbeing and balance, career development, and "
            "leadership",
            "You both want to focus on wellbeing and balance, career development, and leadership",
            "You both want to focus on wellbeing and balance, career development, and leadership",
        ),
        (
            "shared focus areas: career, leadership",
            "Lou and Bo both want to focus on career development and leadership",
            "You both want to focus on career development and leadership",
            "You both want to focus on career development and leadership",
        ),
        (
            "your goals and their expertise both mention vendor",
            "Lou's goals and Bo's expertise both mention “vendor”",
            "Your goals and Bo's expertise both mention “vendor”",
            "Lou's goals and your expertise both mention “vendor”",
        ),
        (
            "your goals and their expertise both mention pricing, suppliers",
            "Lou's goals and Bo's expertise both mention “pricing” and “suppliers”",
            "Your goals and Bo's expertise both mention “pricing” and “suppliers”",
            "Lou's goals and your expertise both mention “pricing” and “suppliers”",
        ),
        (
            "both prefer fortnightly meetings (mixed)",
            "Lou and Bo both prefer fortnightly meetings in a mix of formats",
            "You both prefer fortnightly meetings in a mix of formats",
            "You both prefer fortnightly meetings in a mix of formats",
        ),
        (
            "both prefer meeting (mixed)",
            "Lou and Bo both prefer meeting in a mix of formats",
            "You both prefer meeting in a mix of formats",
            "You both prefer meeting in a mix of formats",
        ),
        (
            "both prefer weekly meetings (walking)",
            "Lou and Bo both prefer weekly meetings and answered “on a walk” on how to meet",
            "You both prefer weekly meetings and answered “on a walk” on how to meet",
            "You both prefer weekly meetings and answered “on a walk” on how to meet",
        ),
    ],
)
def test_lists_goals_and_meeting_formats_read_well_for_each_reader(
    phrase: str, coordinator: str, mentee: str, mentor: str
) -> None:
    vocabulary = Vocabulary(answers={**FOCUS, "format": {"walking": "on a walk"}})
    for voice, expected in (("coordinator", coordinator), ("mentee", mentee), ("mentor", mentor)):
        reader = Reader(voice, "Lou", "Bo")
        assert pair_reasons_for([phrase], reader, vocabulary) == [expected]


def test_a_phrase_from_an_older_version_is_still_turned_round_in_english() -> None:
    assert unmatched_reason_for("your calendar was full", "coordinator", "Lou") == (
        "Lou's calendar was full"
    )


FRENCH = {
    "role\x04mentor": "mentor",
    "role\x04mentors": "mentors",
    "no %(mentor)s shares a language with %(name)s": "aucun %(mentor)s ne parle une langue de "
    "%(name)s",
    "no %(mentor)s shares a language with you": "aucun %(mentor)s ne parle votre langue",
    "%(mentor)s has the skills %(mentee)s wants to build: %(skills)s": "%(mentor)s a les "
    "compétences que %(mentee)s veut acquérir : %(skills)s",
    "and": "et",
    "%(mentee)s and %(mentor)s work %(apart)s apart, easy to meet": "%(mentee)s et %(mentor)s "
    "ont %(apart)s d'écart",
    "%(hours)s hour\x00%(hours)s hours": "%(hours)s heure\x00%(hours)s heures",
}


@pytest.fixture
def french(tmp_path: Path) -> Any:
    write_catalogue(tmp_path, "fr", FRENCH)
    with override_settings(LOCALE_PATHS=[tmp_path]), translation.override("fr"):
        yield


@pytest.mark.usefixtures("french")
def test_the_reasons_are_read_in_the_readers_language() -> None:
    phrase = "no mentor shares a language with you"
    assert unmatched_reason_for(phrase, "coordinator", "Lou") == (
        "Aucun mentor ne parle une langue de Lou"
    )
    assert unmatched_reason_for(phrase, "mentee", "Lou") == "Aucun mentor ne parle votre langue"
    reader = Reader("coordinator", "Lou", "Bo")
    assert pair_reasons_for(
        ["shared skills: budgeting, forecasting", "time zones 3 hours apart"], reader, Vocabulary()
    ) == [
        "Bo a les compétences que Lou veut acquérir : budgeting et forecasting",
        "Lou et Bo ont 3 heures d'écart",
    ]
    # The engine itself still speaks English: it is what `tandem match-file` prints.
    assert expectation_reasons({"frequency": "weekly"}, {"frequency": "weekly"}) == [
        "both prefer weekly meetings"
    ]


def test_a_coordinator_reading_in_french_sees_why_nobody_fits(
    personas: Personas, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    programme = personas.programme
    loner = mentee(programme, name="Lou Loner")
    loner.languages.set([Language.objects.get_or_create(code="fi", name="Finnish")[0]])
    with django_capture_on_commit_callbacks(execute=True):
        run = match_run_start(
            programme=programme,
            created_by=personas.carol,
            mode="optimal",
            weights={"goals": 1},
        )
    assert UnmatchedMentee.objects.get(run=run, mentee=loner).reason == (
        "no mentor shares a language with you"
    )
    write_catalogue(tmp_path, "fr", FRENCH)
    with override_settings(LOCALE_PATHS=[tmp_path]), translation.override("fr"):
        page = personas.client_for("carol").get(
            reverse("matching:run_detail", args=[programme.slug, run.pk]),
            HTTP_ACCEPT_LANGUAGE="fr",
        )
    assert "Aucun mentor ne parle une langue de Lou Loner" in html.unescape(
        main_text(page.content.decode())
    )
