"""Reverse mentoring's preference: a mentor deeper in the org chart than the mentee.

depth = the number of managers above a person. The preference is a weight of the score
(``Weights.junior_mentor``), so every mode that ranks by score uses it; the chain rule still
refuses a mentor in the mentee's management chain, however junior.
"""

from __future__ import annotations

from typing import Any, cast

import numpy as np
import pytest

from tandem.matching.engine import parse_instance, run_match
from tandem.matching.engine.model import Mode
from tandem.matching.engine.pipeline import MatchOptions
from tandem.matching.reasons import Reader, Vocabulary, pair_reasons_for

from .engine_helpers import document

BIO = "Social media, data tools and what new colleagues expect."
GOALS = "Understand social media and data tools."


def person(pid: str, **extra: Any) -> dict[str, Any]:
    return {"id": pid, "languages": ["en"], "utc_offset_hours": 0, **extra}


def org(junior_mentor: float, *, mentors: list[str], mentees: list[str]) -> dict[str, Any]:
    # ceo ─┬─ sara (mentee, depth 1) ── sam (depth 2, in sara's chain) ── sid (depth 3)
    #      ├─ vic (depth 1)
    #      └─ dir (depth 1) ── mgr (depth 2) ── alex (depth 3)
    people = [
        {"id": "ceo", "manager": None},
        {"id": "sara", "manager": "ceo"},
        {"id": "sam", "manager": "sara"},
        {"id": "sid", "manager": "sam"},
        {"id": "vic", "manager": "ceo"},
        {"id": "dir", "manager": "ceo"},
        {"id": "mgr", "manager": "dir"},
        {"id": "alex", "manager": "mgr"},
    ]
    return document(
        rules={"min_score": 0},
        weights={
            "goals": 0.7,
            "expectations": 0.0,
            "preferences": 0.0,
            "junior_mentor": junior_mentor,
        },
        people=people,
        mentors=[person(m, capacity=1, expertise=BIO) for m in mentors],
        mentees=[person(m, goals=GOALS) for m in mentees],
    )


def pairs(doc: dict[str, Any], mode: str, **options: Any) -> set[tuple[str, str]]:
    run = run_match(parse_instance(doc), cast("Mode", mode), options=MatchOptions(**options))
    return {(p.mentee, p.mentor) for p in run.result.pairs}


@pytest.mark.parametrize("mode", ["optimal", "stable", "greedy"])
@pytest.mark.parametrize("streamed", [False, True])
def test_a_junior_mentor_is_preferred_over_a_senior_one_with_equal_fit(
    mode: str, streamed: bool
) -> None:
    # vic (depth 1, as senior as sara) and alex (depth 3) fit sara's goals equally.
    options = {"full_graph_limit": 0} if streamed else {}
    doc = org(0.3, mentors=["vic", "alex"], mentees=["sara"])
    assert pairs(doc, mode, **options) == {("sara", "alex")}
    instance = parse_instance(doc)
    run = run_match(instance, cast("Mode", mode), options=MatchOptions(**options))
    scores = run.scorer.pair_scores(np.array([0, 0]), np.array([0, 1]))
    assert scores[1] > scores[0]


def test_without_the_weight_depth_makes_no_difference() -> None:
    doc = org(0.0, mentors=["vic", "alex"], mentees=["sara"])
    run = run_match(parse_instance(doc), "optimal")
    scores = run.scorer.pair_scores(np.array([0, 0]), np.array([0, 1]))
    assert scores[0] == pytest.approx(scores[1])


@pytest.mark.parametrize("mode", ["optimal", "stable"])
def test_the_chain_rule_still_refuses_a_junior_mentor_in_the_mentees_chain(mode: str) -> None:
    # sid is deepest of all but reports (through sam) to sara: never her mentor.
    doc = org(0.5, mentors=["sid", "vic"], mentees=["sara"])
    assert pairs(doc, mode) == {("sara", "vic")}
    alone = org(0.5, mentors=["sid"], mentees=["sara"])
    run = run_match(parse_instance(alone), cast("Mode", mode))
    assert not run.result.pairs
    assert "management chain" in run.result.unmatched[0].reason


def test_the_pair_says_why_in_a_sentence_to_each_reader() -> None:
    doc = org(0.3, mentors=["vic", "alex"], mentees=["sara"])
    (pair,) = run_match(parse_instance(doc), "optimal").result.pairs
    assert pair.reasons[0] == "junior mentor: 2 levels further from the top of the org chart"
    vocabulary = Vocabulary()
    assert pair_reasons_for(pair.reasons, Reader("mentee", "Sara", "Alex"), vocabulary)[0] == (
        "Alex is earlier in their career than you, as reverse mentoring asks"
    )
    assert pair_reasons_for(pair.reasons, Reader("mentor", "Sara", "Alex"), vocabulary)[0] == (
        "You are earlier in your career than Sara, as reverse mentoring asks"
    )
    assert (
        pair_reasons_for(pair.reasons, Reader("coordinator", "Sara", "Alex"), vocabulary)[0]
        == "Alex is earlier in their career than Sara, as reverse mentoring asks"
    )
