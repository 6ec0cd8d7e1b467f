"""Reasons written in forked copies of the process: the same result, whatever the forks do."""

from __future__ import annotations

import os
import signal
import time
from typing import Any

import pytest

from tandem.matching.engine import features, forked, parse_instance, pipeline, run_match
from tandem.matching.engine.options import MatchOptions
from tandem.matching.engine.validation import plain_texts

from .engine_helpers import document


def pids_of(start: int, stop: int) -> list[tuple[int, int]]:
    return [(i, os.getpid()) for i in range(start, stop)]


def test_ranges_cover_every_item_once_in_order() -> None:
    assert forked.ranges(10, 3) == [(0, 3), (3, 6), (6, 10)]
    assert forked.ranges(1, 2) == [(0, 0), (0, 1)]


def test_a_large_job_is_shared_with_a_forked_child_and_comes_back_in_order() -> None:
    n = 2 * forked.MIN_ITEMS
    rows = forked.map_ranges(pids_of, n, processes=2)

    assert [i for i, _ in rows] == list(range(n))
    first, second = rows[: n // 2], rows[n // 2 :]
    assert {pid for _, pid in first} == {os.getpid()}
    (child,) = {pid for _, pid in second}
    assert child != os.getpid()


def test_a_small_job_stays_in_this_process() -> None:
    rows = forked.map_ranges(pids_of, forked.MIN_ITEMS - 1, processes=2)

    assert {pid for _, pid in rows} == {os.getpid()}


def test_a_child_that_dies_has_its_range_worked_out_here() -> None:
    parent = os.getpid()

    def dies_in_a_child(start: int, stop: int) -> list[tuple[int, int]]:
        if os.getpid() != parent:
            os._exit(1)
        return pids_of(start, stop)

    n = 2 * forked.MIN_ITEMS
    rows = forked.map_ranges(dies_in_a_child, n, processes=2)

    assert rows == [(i, parent) for i in range(n)]


def test_a_failure_in_a_child_is_raised_here_as_itself() -> None:
    def fails_past_the_middle(start: int, stop: int) -> list[int]:
        if start > 0:
            raise ValueError(f"no item {start}")
        return list(range(start, stop))

    with pytest.raises(ValueError, match="no item"):
        forked.map_ranges(fails_past_the_middle, 2 * forked.MIN_ITEMS, processes=2)


def _cohort() -> dict[str, Any]:
    languages = [["en"], ["en", "fr"], ["fr"], ["de"]]
    focus = ["leadership", "finance", "product", "engineering"]
    mentors = [
        {
            "id": f"r{j}",
            "capacity": 2,
            "languages": languages[j % 3],
            "expertise": f"{focus[j % 4]} coaching and budgeting",
            "answers": {"frequency": ["monthly", "fortnightly"][j % 2], "focus_areas": focus[:2]},
        }
        for j in range(12)
    ]
    mentees = [
        {
            "id": f"e{i}",
            "languages": languages[i % 4],
            "goals": f"grow in {focus[i % 4]} and forecasting",
            "answers": {"frequency": "monthly", "focus_areas": [focus[i % 4]]},
        }
        for i in range(40)
    ]
    return document(mentors=mentors, mentees=mentees)


def test_work_started_ahead_comes_back_and_a_dead_child_gives_nothing() -> None:
    parent = os.getpid()

    assert forked.Ahead(lambda: [os.getpid(), parent]).result() != [parent, parent]
    assert forked.Ahead(lambda: os._exit(1)).result() is None
    assert forked.Ahead(lambda: 1 / 0).result() is None


def test_work_started_ahead_can_be_called_off() -> None:
    ahead = forked.Ahead(lambda: time.sleep(60))
    started = time.monotonic()
    ahead.cancel()

    assert time.monotonic() - started < 10


def test_work_started_ahead_is_called_off_even_where_sigterm_only_sets_a_flag() -> None:
    """The child inherits the parent's handlers: a scheduler's, run in the same process
    earlier, turns SIGTERM into a flag that a sleeping child never reads."""
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: None)
    try:
        ahead = forked.Ahead(lambda: time.sleep(60))
        started = time.monotonic()
        ahead.cancel()
    finally:
        signal.signal(signal.SIGTERM, previous)

    assert time.monotonic() - started < 10


def test_work_started_ahead_is_called_off_when_what_follows_fails() -> None:
    ahead = forked.Ahead(lambda: time.sleep(60))
    started = time.monotonic()

    with pytest.raises(ValueError, match="the pass failed"), forked.cancelled_on_failure(ahead):
        raise ValueError("the pass failed")

    assert ahead.result() is None
    assert time.monotonic() - started < 10


def test_reasons_written_in_forks_are_the_reasons_written_here(monkeypatch) -> None:
    instance = parse_instance(_cohort())
    alone = run_match(instance, "optimal", MatchOptions(processes=1)).result
    monkeypatch.setattr(forked, "MIN_ITEMS", 5)
    # The ranges alone: with the first matching's reasons written ahead, nothing is shared.
    monkeypatch.setattr(pipeline, "_reasons_ahead", lambda *args: None)
    shared = run_match(instance, "optimal", MatchOptions(processes=3)).result

    # The German speakers cannot be matched: both kinds of row cross the ranges' borders.
    assert alone.unmatched
    assert alone.pairs
    assert shared.pairs == alone.pairs
    assert shared.unmatched == alone.unmatched


def test_reasons_written_ahead_are_kept_only_for_the_pairs_that_stay(monkeypatch) -> None:
    # A thin candidate graph: pricing adds pairs and solves again, so some of the pairs
    # explained ahead are not in the result, and some of the result's were not explained.
    instance = parse_instance(_cohort())
    thin = {"full_graph_limit": 10, "k": 1, "k_mentor": 1, "class_solve": False}
    alone = run_match(instance, "optimal", MatchOptions(processes=1, **thin))
    started: list[object] = []

    class Counted(forked.Ahead):
        def __init__(self, work: Any) -> None:
            started.append(work)
            super().__init__(work)

    monkeypatch.setattr(pipeline, "Ahead", Counted)
    monkeypatch.setattr(forked, "MIN_ITEMS", 5)
    ahead = run_match(instance, "optimal", MatchOptions(processes=2, **thin))

    # The text model, fitted while the cohort is built, and the first matching's reasons.
    assert len(started) == 2
    assert int(ahead.result.certificate["pricing_pairs_added"]) > 0
    assert ahead.result.pairs == alone.result.pairs
    assert ahead.result.unmatched == alone.result.unmatched


def test_a_text_model_that_fails_in_its_fork_is_fitted_here(monkeypatch) -> None:
    instance = parse_instance(_cohort())
    alone = run_match(instance, "optimal", MatchOptions(processes=1)).result

    def dies(*args: Any) -> None:
        os._exit(1)

    monkeypatch.setattr(pipeline, "fit_documents", dies)
    monkeypatch.setattr(forked, "MIN_ITEMS", 5)
    forked_run = run_match(instance, "optimal", MatchOptions(processes=2)).result

    assert forked_run.pairs == alone.pairs
    assert forked_run.unmatched == alone.unmatched


def test_the_text_read_ahead_is_the_text_the_checks_read() -> None:
    document = _cohort()
    document["mentees"][0]["skills_wanted"] = ["  budgeting ", "", "forecasting"]
    document["mentees"][1]["goals"] = None
    document["mentors"][0]["skills"] = []
    document["mentors"][1]["background"] = "  ten years in treasury  "
    texts = plain_texts(document)

    assert texts is not None
    mentees, mentors = texts
    assert (
        [features.mentee_document(*fields) for fields in mentees],
        [features.mentor_document(*fields) for fields in mentors],
    ) == features.cohort_documents(parse_instance(document))


@pytest.mark.parametrize(
    ("section", "field", "value"),
    [
        # A lone string is read as a one-item list by the checks, not by the plain form.
        ("mentees", "skills_wanted", "budgeting"),
        ("mentors", "expertise", 42),
        ("mentors", "skills", ["treasury", 7]),
    ],
)
def test_text_out_of_its_plain_form_is_left_to_the_checks(
    section: str, field: str, value: Any
) -> None:
    document = _cohort()
    document[section][3][field] = value

    assert plain_texts(document) is None


def _dense(**more: Any) -> MatchOptions:
    # Small enough that this cohort's text is projected, as at 20,000 people and more.
    return MatchOptions(dense_threshold=10, components=4, **more)


@pytest.mark.parametrize("plain", [True, False])
def test_a_text_model_fitted_while_the_document_is_checked_gives_the_same_match(
    monkeypatch, plain: bool
) -> None:
    document = _cohort()
    if not plain:
        document["mentees"][5]["skills_wanted"] = "budgeting"
    alone = run_match(parse_instance(document), "optimal", _dense(processes=1)).result
    monkeypatch.setattr(forked, "MIN_ITEMS", 5)

    fitting = pipeline.text_ahead(document, _dense(processes=2))
    assert fitting is not None
    fitted = fitting.result()
    assert fitted is not None
    assert fitted.projected is not None
    early = run_match(
        parse_instance(document),
        "optimal",
        _dense(processes=2),
        fitting=pipeline.text_ahead(document, _dense(processes=2)),
    ).result

    assert early.pairs == alone.pairs
    assert early.unmatched == alone.unmatched
    assert early.total_score == alone.total_score


def test_no_text_is_fitted_ahead_for_supplied_scores_or_a_small_cohort(monkeypatch) -> None:
    document = _cohort()
    assert pipeline.text_ahead(document, MatchOptions(processes=2)) is None
    monkeypatch.setattr(forked, "MIN_ITEMS", 5)
    assert pipeline.text_ahead(document, MatchOptions(processes=1)) is None
    document["scores"] = [{"mentee": "e0", "mentor": "r0", "score": 0.5}]
    assert pipeline.text_ahead(document, MatchOptions(processes=2)) is None
