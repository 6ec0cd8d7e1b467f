"""Plain-words reasons: one test per reason text."""

from __future__ import annotations

from typing import Any, cast

from tandem.matching.engine import parse_instance, run_match
from tandem.matching.engine.explain import expectation_reasons, ordinal
from tandem.matching.engine.model import Mode

from .engine_helpers import document


def result_of(doc: dict[str, Any], mode: str = "optimal") -> dict[str, Any]:
    run = run_match(parse_instance(doc), cast("Mode", mode))
    return {
        "pairs": {p.mentee: (p.mentor, list(p.reasons)) for p in run.result.pairs},
        "unmatched": {u.mentee: u.reason for u in run.result.unmatched},
    }


def person(pid: str, **extra: Any) -> dict[str, Any]:
    return {"id": pid, "languages": ["en"], "utc_offset_hours": 0, **extra}


def test_ordinals() -> None:
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "101st",
    ]


def test_shared_skill_in_other_words() -> None:
    doc = document(
        mentors=[
            person(
                "m", expertise="I run FP&A and demand planning for the group", skills=["Forecast"]
            ),
            person("n", expertise="Backend APIs and kubernetes"),
        ],
        mentees=[person("e", goals="I want to get better at forecasting revenue")],
    )
    pairs = result_of(doc)["pairs"]
    assert pairs["e"][0] == "m"
    assert "shared skill: forecasting" in pairs["e"][1]


def test_both_prefer_frequency_and_format() -> None:
    reasons = expectation_reasons(
        {"frequency": "Fortnightly", "format": "in-person"},
        {"frequency": "fortnightly", "format": ["video", "in person"]},
    )
    assert reasons[0] == "both prefer fortnightly meetings in person"


def test_frequency_only_format_only_close_style_focus() -> None:
    assert expectation_reasons({"frequency": "monthly"}, {"frequency": "monthly"}) == [
        "both prefer monthly meetings"
    ]
    assert expectation_reasons({"format": "video"}, {"format": "video"}) == [
        "both prefer meeting by video"
    ]
    assert expectation_reasons({"frequency": "weekly"}, {"frequency": "fortnightly"}) == [
        "close on how often to meet (weekly and fortnightly)"
    ]
    assert expectation_reasons({"style": "coaching"}, {"style": "Coaching"}) == [
        "both want a coaching style"
    ]
    assert expectation_reasons(
        {"focus_areas": ["career growth", "networking"]}, {"focus_areas": ["networking"]}
    ) == ["shared focus area: networking"]
    assert expectation_reasons({"pace": "slow"}, {"pace": "slow"}) == ["same answer on pace: slow"]


def test_you_ranked_this_mentor() -> None:
    doc = document(
        mentors=[person("m1"), person("m2")],
        mentees=[person("e", preferences=["m1", "m2"])],
        scores=[["e", "m2", 0.9]],
    )
    assert result_of(doc)["pairs"]["e"][1][0] == "you ranked this mentor 2nd"


def test_cross_department_reason_when_weighted() -> None:
    doc = document(
        weights={"cross_department": 0.2},
        people=[{"id": "e", "department": "Finance"}, {"id": "m", "department": "Marketing"}],
        mentors=[person("m", expertise="brand campaigns")],
        mentees=[person("e", goals="brand campaigns")],
    )
    reasons = result_of(doc)["pairs"]["e"][1]
    assert "from another department (Marketing), which widens your network" in reasons


def test_every_pair_has_a_reason_even_with_bare_scores() -> None:
    doc = document(mentors=[person("m")], mentees=[person("e")], scores=[["e", "m", 0.25]])
    assert result_of(doc)["pairs"]["e"][1][0] == "supplied score 0.25"


def test_unmatched_no_shared_language() -> None:
    doc = document(
        mentors=[person("m", languages=["de"])],
        mentees=[person("e", languages=["en"])],
        scores=[["e", "m", 0.5]],
    )
    assert result_of(doc)["unmatched"]["e"] == "no mentor shares a language with you"


def test_unmatched_language_and_time_zone_together() -> None:
    doc = document(
        rules={"max_timezone_gap_hours": 6},
        mentors=[
            person("near", languages=["de"], utc_offset_hours=1),
            person("far", languages=["en"], utc_offset_hours=10),
        ],
        mentees=[person("e", languages=["en"], utc_offset_hours=0)],
    )
    assert (
        result_of(doc)["unmatched"]["e"]
        == "no mentor within 6 hours of your time zone shares a language with you"
    )


def test_unmatched_time_zone_alone() -> None:
    doc = document(
        rules={"max_timezone_gap_hours": 2},
        mentors=[person("far", utc_offset_hours=10)],
        mentees=[person("e")],
    )
    assert result_of(doc)["unmatched"]["e"] == "no mentor is within 2 hours of your time zone"


def test_unmatched_management_chain() -> None:
    doc = document(
        people=[{"id": "m", "manager": None}, {"id": "e", "manager": "m"}],
        mentors=[person("m")],
        mentees=[person("e")],
    )
    assert (
        result_of(doc)["unmatched"]["e"]
        == "every mentor who otherwise fits is in your management chain"
    )


def test_unmatched_same_department() -> None:
    doc = document(
        rules={"exclude_same_department": True},
        people=[{"id": "m", "department": "X"}, {"id": "e", "department": "X"}],
        mentors=[person("m")],
        mentees=[person("e")],
    )
    assert (
        result_of(doc)["unmatched"]["e"]
        == "every mentor who otherwise fits is in your own department"
    )


def test_unmatched_forbidden() -> None:
    doc = document(mentors=[person("m")], mentees=[person("e")], forbidden=[["e", "m"]])
    assert (
        result_of(doc)["unmatched"]["e"]
        == "the only mentors who fit are excluded for you (such as a previous mentor)"
    )


def test_unmatched_mentees_of_one_language_and_time_zone_each_get_their_own_reason() -> None:
    # Same languages, same offset: the place rules are shared, the rest is each person's.
    doc = document(
        people=[
            {"id": "m", "manager": None},
            {"id": "e", "manager": "m"},
            {"id": "f", "manager": None},
            {"id": "g", "manager": None},
        ],
        mentors=[person("m", capacity=1)],
        mentees=[person("e"), person("f"), person("g"), person("h", languages=["fi"])],
        forbidden=[["f", "m"]],
    )
    unmatched = result_of(doc)["unmatched"]
    assert unmatched == {
        "e": "every mentor who otherwise fits is in your management chain",
        "f": "the only mentors who fit are excluded for you (such as a previous mentor)",
        "h": "no mentor shares a language with you",
    }


def test_unmatched_minimum_score() -> None:
    doc = document(
        rules={"min_score": 0.6},
        mentors=[person("m")],
        mentees=[person("e")],
        scores=[["e", "m", 0.4]],
    )
    assert (
        result_of(doc)["unmatched"]["e"]
        == "no mentor who fits reaches the minimum score of 0.6 (the best is 0.40)"
    )


def test_unmatched_no_supplied_score() -> None:
    doc = document(
        mentors=[person("m")], mentees=[person("e"), person("f")], scores=[["f", "m", 0.4]]
    )
    assert result_of(doc)["unmatched"]["e"] == "no score was supplied for you with any mentor"


def test_unmatched_no_places_left_per_mode() -> None:
    doc = document(
        mentors=[person("m")],
        mentees=[person("a"), person("b")],
        scores=[["a", "m", 0.9], ["b", "m", 0.4]],
    )
    assert result_of(doc, "optimal")["unmatched"]["b"] == (
        "the mentor who fits you is full, and no rearrangement frees a place without "
        "unmatching someone else"
    )
    assert result_of(doc, "stable")["unmatched"]["b"] == (
        "the mentor who fits you is full with mentees who fit them as well or better"
    )
    assert result_of(doc, "greedy")["unmatched"]["b"] == (
        "the mentor who fits you is already full when your turn came"
    )


def test_unmatched_no_language_given() -> None:
    doc = document(mentors=[person("m")], mentees=[person("e", languages=[])])
    assert (
        result_of(doc)["unmatched"]["e"]
        == "you listed no language, and a shared language is required"
    )
