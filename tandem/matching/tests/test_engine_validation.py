"""Bad input: a clear message naming the record and the field, and a non-zero exit."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tandem.matching.engine.cli import main
from tandem.matching.engine.validation import parse_instance

from .engine_helpers import document


def valid() -> dict[str, Any]:
    return document(
        people=[
            {"id": "boss", "manager": None, "department": "Finance"},
            {"id": "ann", "manager": "boss", "department": "Finance"},
            {"id": "ben", "manager": None, "department": "Sales"},
        ],
        mentors=[{"id": "ben", "capacity": 1, "languages": ["en"], "utc_offset_hours": 0}],
        mentees=[{"id": "ann", "languages": ["en"], "utc_offset_hours": 1}],
    )


def run(tmp_path: Path, doc: Any, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    path = tmp_path / "in.json"
    path.write_text(json.dumps(doc))
    code = main([str(path), "--mode", "optimal", "--output", str(tmp_path / "out.json"), "-q"])
    return code, capsys.readouterr().err


def mutate(change: str) -> dict[str, Any]:
    doc = valid()
    if change == "unknown manager":
        doc["people"][1]["manager"] = "nobody"
    elif change == "cycle":
        doc["people"][0]["manager"] = "ann"
    elif change == "self manager":
        doc["people"][2]["manager"] = "ben"
    elif change == "duplicate person":
        doc["people"].append({"id": "ann", "manager": None})
    elif change == "duplicate mentor":
        doc["mentors"].append(dict(doc["mentors"][0]))
    elif change == "duplicate mentee":
        doc["mentees"].append(dict(doc["mentees"][0]))
    elif change == "negative capacity":
        doc["mentors"][0]["capacity"] = -1
    elif change == "fractional capacity":
        doc["mentors"][0]["capacity"] = 1.5
    elif change == "score above one":
        doc["scores"] = [["ann", "ben", 1.2]]
    elif change == "score below zero":
        doc["scores"] = [["ann", "ben", -0.1]]
    elif change == "score not a number":
        doc["scores"] = [["ann", "ben", "high"]]
    elif change == "score names unknown mentee":
        doc["scores"] = [["zed", "ben", 0.5]]
    elif change == "score names unknown mentor":
        doc["scores"] = [["ann", "zed", 0.5]]
    elif change == "repeated score pair":
        doc["scores"] = [["ann", "ben", 0.5], ["ann", "ben", 0.6]]
    elif change == "forbidden names unknown person":
        doc["forbidden"] = [["ann", "zed"]]
    elif change == "preference names unknown mentor":
        doc["mentees"][0]["preferences"] = ["zed"]
    elif change == "bad time zone":
        del doc["mentees"][0]["utc_offset_hours"]
        doc["mentees"][0]["timezone"] = "Mars/Olympus_Mons"
    elif change == "offset out of range":
        doc["mentees"][0]["utc_offset_hours"] = 30
    elif change == "bad min score":
        doc["rules"]["min_score"] = 2
    elif change == "negative gap":
        doc["rules"]["max_timezone_gap_hours"] = -1
    elif change == "unknown rule":
        doc["rules"]["max_gap"] = 3
    elif change == "wrong format":
        doc["format"] = "tandem-match/9"
    elif change == "languages not a list":
        doc["mentors"][0]["languages"] = 5
    elif change == "missing id":
        del doc["mentors"][0]["id"]
    elif change == "blank id":
        doc["mentees"][0]["id"] = "   "
    elif change == "blank manager":
        doc["people"][1]["manager"] = "  "
    elif change == "language not text":
        doc["mentees"][0]["languages"] = ["en", 5]
    elif change == "answer not text":
        doc["mentors"][0]["answers"] = {"style": 5}
    elif change == "answer list item not text":
        doc["mentees"][0]["answers"] = {"focus_areas": ["career", None]}
    elif change == "preference ranked twice":
        doc["mentees"][0]["preferences"] = ["ben", "ben"]
    elif change == "expertise not text":
        doc["mentors"][0]["expertise"] = ["finance"]
    elif change == "capacity is true":
        doc["mentors"][0]["capacity"] = True
    elif change == "offset not a number":
        doc["mentees"][0]["utc_offset_hours"] = "+1"
    return doc


CASES = [
    # (change, text expected in the record part, field, words in the problem)
    ("unknown manager", "people[1] (id 'ann')", "manager", "unknown manager 'nobody'"),
    ("cycle", "(id '", "manager", "cycle"),
    ("self manager", "people[2] (id 'ben')", "manager", "cycle"),
    ("duplicate person", "people[3] (id 'ann')", "id", "duplicate id 'ann'"),
    ("duplicate mentor", "mentors[1] (id 'ben')", "id", "duplicate id"),
    ("duplicate mentee", "mentees[1] (id 'ann')", "id", "duplicate id"),
    ("negative capacity", "mentors[0] (id 'ben')", "capacity", "negative"),
    ("fractional capacity", "mentors[0] (id 'ben')", "capacity", "whole number"),
    ("score above one", "scores[0]", "score", "between 0 and 1"),
    ("score below zero", "scores[0]", "score", "between 0 and 1"),
    ("score not a number", "scores[0]", "score", "expected a number"),
    ("score names unknown mentee", "scores[0]", "mentee", "'zed'"),
    ("score names unknown mentor", "scores[0]", "mentor", "'zed'"),
    ("repeated score pair", "scores[1]", "pair", "repeats scores[0]"),
    ("forbidden names unknown person", "forbidden[0]", "mentor", "'zed' is not a known person"),
    ("preference names unknown mentor", "mentees[0] (id 'ann')", "preferences[0]", "'zed'"),
    ("bad time zone", "mentees[0] (id 'ann')", "timezone", "Mars/Olympus_Mons"),
    ("offset out of range", "mentees[0] (id 'ann')", "utc_offset_hours", "-14..14"),
    ("bad min score", "rules", "min_score", "between 0 and 1"),
    ("negative gap", "rules", "max_timezone_gap_hours", "negative"),
    ("unknown rule", "rules", "max_gap", "unknown rule"),
    ("wrong format", "document", "format", "tandem-match/1"),
    ("languages not a list", "mentors[0] (id 'ben')", "languages", "list"),
    ("missing id", "mentors[0]", "id", "missing"),
    ("blank id", "mentees[0]", "id", "empty"),
    ("blank manager", "people[1] (id 'ann')", "manager", "empty"),
    ("language not text", "mentees[0] (id 'ann')", "languages[1]", "expected text"),
    ("answer not text", "mentors[0] (id 'ben')", "answers.style", "text or a list"),
    ("answer list item not text", "mentees[0] (id 'ann')", "answers.focus_areas[1]", "text"),
    ("preference ranked twice", "mentees[0] (id 'ann')", "preferences[1]", "ranked twice"),
    ("expertise not text", "mentors[0] (id 'ben')", "expertise", "expected text"),
    ("capacity is true", "mentors[0] (id 'ben')", "capacity", "expected a number"),
    ("offset not a number", "mentees[0] (id 'ann')", "utc_offset_hours", "expected a number"),
]


@pytest.mark.parametrize(("change", "record", "field", "problem"), CASES)
def test_bad_input_names_record_and_field(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    change: str,
    record: str,
    field: str,
    problem: str,
) -> None:
    code, err = run(tmp_path, mutate(change), capsys)
    assert code == 2
    assert err.startswith("error: ")
    assert record in err
    assert f"field '{field}'" in err
    assert problem in err
    assert not (tmp_path / "out.json").exists()


def test_the_valid_base_document_matches(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = run(tmp_path, valid(), capsys)
    assert code == 0
    result = json.loads((tmp_path / "out.json").read_text())
    assert result["matched"] == 1


def test_cycle_message_shows_the_loop(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, err = run(tmp_path, mutate("cycle"), capsys)
    assert "boss -> ann -> boss" in err or "ann -> boss -> ann" in err


def test_not_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "in.json"
    path.write_text("{ not json")
    assert main([str(path), "-q"]) == 2
    err = capsys.readouterr().err
    assert "in.json" in err
    assert "field 'json'" in err
    assert "line 1" in err


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "nope.json"), "-q"]) == 2
    assert "no such file" in capsys.readouterr().err


def test_unknown_mode_is_rejected(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "in.json"
    path.write_text(json.dumps(valid()))
    assert main([str(path), "--mode", "fastest"]) != 0
    assert "invalid choice" in capsys.readouterr().err


def test_csv_bad_capacity_names_line_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "people.csv").write_text("id,manager,department\nann,,A\nben,,B\n")
    (tmp_path / "participants.csv").write_text(
        "id,role,capacity,languages\nben,mentor,lots,en\nann,mentee,,en\n"
    )
    code = main([str(tmp_path / "people.csv"), str(tmp_path / "participants.csv"), "-q"])
    err = capsys.readouterr().err
    assert code == 2
    assert "participants.csv line 2 (id 'ben')" in err
    assert "field 'capacity'" in err


def test_csv_unknown_manager_names_the_person(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "people.csv").write_text("id,manager,department\nann,ghost,A\nben,,B\n")
    (tmp_path / "participants.csv").write_text(
        "id,role,capacity,languages\nben,mentor,1,en\nann,mentee,,en\n"
    )
    code = main([str(tmp_path / "people.csv"), str(tmp_path / "participants.csv"), "-q"])
    err = capsys.readouterr().err
    assert code == 2
    assert "(id 'ann')" in err
    assert "field 'manager'" in err
    assert "unknown manager 'ghost'" in err


def test_csv_bad_role(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "participants.csv").write_text("id,role\nann,boss\n")
    assert main([str(tmp_path / "participants.csv"), "-q"]) == 2
    err = capsys.readouterr().err
    assert "participants.csv line 2 (id 'ann')" in err
    assert "field 'role'" in err


def test_loose_forms_read_as_their_plain_forms() -> None:
    """Numeric ids, a lone string for a list, whole-number floats, padding and shared time
    zones are read as the plain form they stand for."""
    plain = document(
        people=[
            {"id": "7", "manager": None, "department": "Finance"},
            {"id": "8", "manager": "7", "department": "Sales"},
        ],
        mentors=[
            {
                "id": "7",
                "capacity": 2,
                "languages": ["en"],
                "timezone": "Europe/Paris",
                "expertise": "budgets",
                "skills": ["forecasting"],
                "answers": {"style": "coaching", "focus_areas": ["career"]},
            },
            {"id": "9", "languages": ["fr"], "timezone": "Europe/Paris"},
        ],
        mentees=[
            {
                "id": "8",
                "languages": ["en", "fr"],
                "timezone": "Europe/Paris",
                "goals": "plan a budget",
                "skills_wanted": ["budgeting"],
                "answers": {"style": "coaching"},
                "preferences": ["9", "7"],
            }
        ],
    )
    loose = document(
        people=[
            {"id": 7, "manager": "", "department": " Finance "},
            {"id": " 8", "manager": 7, "department": "Sales"},
        ],
        mentors=[
            {
                "id": 7,
                "capacity": 2.0,
                "languages": "EN",
                "timezone": "Europe/Paris",
                "expertise": "budgets",
                "skills": [" forecasting ", ""],
                "answers": {"style": " coaching", "focus_areas": [" career"], "format": None},
            },
            {"id": "9 ", "languages": [" FR"], "timezone": "Europe/Paris", "skills": None},
        ],
        mentees=[
            {
                "id": 8,
                "languages": ["En", "fr "],
                "timezone": "Europe/Paris",
                "goals": "plan a budget",
                "skills_wanted": "budgeting",
                "answers": {"style": "coaching "},
                "preferences": ["9 ", "7"],
            }
        ],
    )
    at = datetime(2026, 1, 15, 12, tzinfo=UTC)
    expected = parse_instance(plain, at)
    assert parse_instance(loose, at) == expected
    assert [m.utc_offset_hours for m in expected.mentors] == [1.0, 1.0]
    assert expected.mentors[0].capacity == 2
