"""The file interface end to end: JSON and CSV in, JSON and CSV out, and the module entry."""

from __future__ import annotations

import csv
import gc
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tandem.matching.engine.cli import main
from tandem.matching.engine.loading import load_json, write_instance_csv
from tandem.matching.engine.output import read_result_csv

from .engine_helpers import document, result_violations

ROOT = Path(__file__).resolve().parents[3]


def cohort() -> dict[str, Any]:
    return document(
        rules={"max_timezone_gap_hours": 6, "exclude_management_chain": True},
        people=[
            {"id": "lee", "manager": None, "department": "Finance"},
            {"id": "ann", "manager": "lee", "department": "Finance"},
            {"id": "bob", "manager": None, "department": "Data"},
            {"id": "cat", "manager": "bob", "department": "Data"},
            {"id": "dan", "manager": None, "department": "Sales"},
        ],
        mentors=[
            {
                "id": "lee",
                "capacity": 2,
                "languages": ["en"],
                "utc_offset_hours": 0,
                "expertise": "Budgeting and financial forecasting for a large group",
                "skills": ["forecasting", "budgeting"],
                "answers": {"frequency": "monthly", "format": "video"},
            },
            {
                "id": "bob",
                "capacity": 1,
                "languages": ["en", "fr"],
                "utc_offset_hours": 1,
                "expertise": "Machine learning, statistics and python",
                "skills": ["ML"],
                "answers": {
                    "frequency": "fortnightly",
                    "format": "in person",
                    "focus_areas": ["technical depth"],
                },
            },
        ],
        mentees=[
            {
                "id": "ann",
                "languages": ["en"],
                "utc_offset_hours": 0,
                "goals": "Learn predictive modelling and statistics",
                "answers": {"frequency": "fortnightly", "format": "in person"},
            },
            {
                "id": "cat",
                "languages": ["en"],
                "utc_offset_hours": 2,
                "goals": "Get better at budgets and forecasts",
                "skills_wanted": ["budgeting"],
                "answers": {"frequency": "monthly"},
                "preferences": ["lee"],
            },
            {"id": "dan", "languages": ["fr"], "utc_offset_hours": 9, "goals": "statistics"},
        ],
    )


def write(tmp_path: Path, doc: dict[str, Any]) -> Path:
    path = tmp_path / "cohort.json"
    path.write_text(json.dumps(doc))
    return path


@pytest.mark.parametrize("mode", ["optimal", "stable", "greedy"])
def test_json_in_json_out(tmp_path: Path, mode: str) -> None:
    doc = cohort()
    out = tmp_path / "result.json"
    assert main([str(write(tmp_path, doc)), "--mode", mode, "--output", str(out), "-q"]) == 0
    result = json.loads(out.read_text())
    assert set(result) >= {
        "format",
        "mode",
        "pairs",
        "unmatched",
        "matched",
        "total_score",
        "upper_bound",
        "seconds",
    }
    assert result["format"] == "tandem-match-result/1"
    assert result["mode"] == mode
    assert result_violations(doc, result) == []
    pairs = {p["mentee"]: p["mentor"] for p in result["pairs"]}
    assert pairs == {"ann": "bob", "cat": "lee"}
    assert result["unmatched"][0]["mentee"] == "dan"
    assert result["upper_bound"] >= result["total_score"]


@pytest.mark.parametrize("valid", [True, False])
def test_a_run_in_process_leaves_the_cycle_collector_as_it_found_it(
    tmp_path: Path, valid: bool
) -> None:
    """The command pauses collection for the run; a program that calls it and goes on
    running gets every object back to the collector, whether the input was good or not."""
    doc = cohort() if valid else {"format": "tandem-match/1", "mentors": "none"}
    out = tmp_path / "result.json"
    assert gc.isenabled()
    code = main([str(write(tmp_path, doc)), "--output", str(out), "-q"])
    assert code == (0 if valid else 2)
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_csv_round_trip_gives_the_same_result(tmp_path: Path) -> None:
    doc = cohort()
    json_path = write(tmp_path, doc)
    people, participants = tmp_path / "people.csv", tmp_path / "participants.csv"
    write_instance_csv(load_json(json_path), people, participants)
    out_json, out_csv = tmp_path / "a.json", tmp_path / "b.csv"
    assert main([str(json_path), "--output", str(out_json), "-q"]) == 0
    assert (
        main(
            [
                str(people),
                str(participants),
                "--max-timezone-gap",
                "6",
                "--output",
                str(out_csv),
                "-q",
            ]
        )
        == 0
    )
    from_json = json.loads(out_json.read_text())
    from_csv = read_result_csv(out_csv)
    assert from_csv["pairs"] == from_json["pairs"]
    assert from_csv["unmatched"] == from_json["unmatched"]


def test_csv_instance_round_trip_preserves_the_instance(tmp_path: Path) -> None:
    original = load_json(write(tmp_path, cohort()))
    people, participants = tmp_path / "people.csv", tmp_path / "participants.csv"
    write_instance_csv(original, people, participants)
    from tandem.matching.engine.loading import load_csv

    again = load_csv(people, participants, original.rules)
    assert again.people == original.people
    assert again.mentors == original.mentors
    assert again.mentees == original.mentees


def formula_cohort() -> dict[str, Any]:
    """The cohort with ids, a department and a text that a spreadsheet would run as formulas."""
    text = json.dumps(cohort())
    for plain, formula in {
        '"lee"': '"@lee"',
        '"ann"': '"=ann"',
        '"bob"': '"+bob"',
        '"dan"': '"-dan"',
        '"Finance"': '"=Finance"',
        '"Budgeting and': '"+Budgeting and',
        '"utc_offset_hours": 2': '"utc_offset_hours": -2',
        '"utc_offset_hours": 9': '"utc_offset_hours": -9',
    }.items():
        assert plain in text
        text = text.replace(plain, formula)
    doc: dict[str, Any] = json.loads(text)
    return doc


def raw_cells(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [cell for row in csv.reader(handle) for cell in row if cell]


def is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_instance_csv_writes_formulas_as_text_and_reads_them_back(tmp_path: Path) -> None:
    original = load_json(write(tmp_path, formula_cohort()))
    people, participants = tmp_path / "people.csv", tmp_path / "participants.csv"
    write_instance_csv(original, people, participants)

    cells = raw_cells(people) + raw_cells(participants)
    for expected in ("'=ann", "'@lee", "'=Finance", "'+Budgeting and"):
        assert any(c.startswith(expected) for c in cells), expected
    formulas = [c for c in cells if c[0] in "=+-@\t\r" and not is_number(c)]
    assert formulas == []
    assert any(c.startswith("-") and is_number(c) for c in cells)  # offsets stay numbers

    from tandem.matching.engine.loading import load_csv

    again = load_csv(people, participants, original.rules)
    assert again.people == original.people
    assert again.mentors == original.mentors
    assert again.mentees == original.mentees


def test_result_csv_writes_formulas_as_text_and_reads_them_back(tmp_path: Path) -> None:
    json_path = write(tmp_path, formula_cohort())
    out_json, out_csv = tmp_path / "a.json", tmp_path / "b.csv"
    assert main([str(json_path), "--output", str(out_json), "-q"]) == 0
    assert main([str(json_path), "--output", str(out_csv), "-q"]) == 0

    cells = raw_cells(out_csv)
    assert {"'=ann", "'-dan"} <= set(cells)
    assert [c for c in cells if c[0] in "=+-@\t\r" and not is_number(c)] == []
    from_json = json.loads(out_json.read_text())
    from_csv = read_result_csv(out_csv)
    assert from_csv["pairs"] == from_json["pairs"]
    assert from_csv["unmatched"] == from_json["unmatched"]


def test_stdout_and_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(write(tmp_path, cohort())), "-q"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["matched"] == 2
    assert "optimal: matched 2 of 3 mentees" in captured.err


def test_progress_bar_goes_to_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.json"
    assert main([str(write(tmp_path, cohort())), "--output", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "candidates" in captured.err


@pytest.mark.system
def test_module_entry_point_runs_without_django(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    code = (
        "import sys, runpy; sys.argv = ['cli'] + sys.argv[1:];"
        "runpy.run_module('tandem.matching.engine.cli', run_name='__main__')"
    )
    probe = f"{code}"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            probe,
            str(write(tmp_path, cohort())),
            "--mode",
            "stable",
            "--output",
            str(out),
            "-q",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(out.read_text())["mode"] == "stable"
    check = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, tandem.matching.engine.cli; print('django' in sys.modules)",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert check.stdout.strip() == "False"


@pytest.mark.system
def test_bad_input_exit_code_from_module(tmp_path: Path) -> None:
    doc = cohort()
    doc["mentors"][0]["capacity"] = -3
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "tandem.matching.engine.cli", str(write(tmp_path, doc)), "-q"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "mentors[0] (id 'lee'), field 'capacity'" in done.stderr


def test_weights_flag(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    args = [
        str(write(tmp_path, cohort())),
        "--weights",
        "goals=1,expectations=0,preferences=0",
        "--output",
        str(out),
        "-q",
    ]
    assert main(args) == 0
    assert json.loads(out.read_text())["matched"] == 2


def _hostile(tmp_path: Path, text: str) -> tuple[int, str]:
    path = tmp_path / "hostile.json"
    path.write_text(text, encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "tandem.matching.engine.cli", str(path), "--quiet"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    return completed.returncode, completed.stderr


def _with_mentor_field(field: str, raw: str) -> str:
    doc = cohort()
    doc["mentors"][0].pop("utc_offset_hours")
    doc["mentors"][0][field] = "@@HOLE@@"
    return json.dumps(doc).replace('"@@HOLE@@"', raw)


@pytest.mark.system
def test_capacity_beyond_int64_is_a_clear_error(tmp_path: Path) -> None:
    code, err = _hostile(tmp_path, _with_mentor_field("capacity", "9223372036854775808"))
    assert code == 2
    assert "Traceback" not in err
    assert "mentors[0] (id 'lee'), field 'capacity': must be at most" in err


@pytest.mark.system
def test_five_thousand_digit_number_is_a_clear_error(tmp_path: Path) -> None:
    code, err = _hostile(tmp_path, _with_mentor_field("utc_offset_hours", "9" * 5000))
    assert code == 2
    assert "Traceback" not in err
    assert "number with too many digits" in err


@pytest.mark.system
def test_deeply_nested_json_is_a_clear_error(tmp_path: Path) -> None:
    code, err = _hostile(tmp_path, "[" * 100_000 + "]" * 100_000)
    assert code == 2
    assert "Traceback" not in err
    assert "nested too deeply" in err


@pytest.mark.system
def test_huge_time_zone_name_is_a_clear_error_without_a_file_path(tmp_path: Path) -> None:
    zone = "Europe/" + "x" * 100_000
    code, err = _hostile(tmp_path, _with_mentor_field("timezone", json.dumps(zone)))
    assert code == 2
    assert "Traceback" not in err
    assert "field 'timezone': unknown IANA time zone" in err
    assert "zoneinfo" not in err
    assert "/usr/" not in err
    # The message stays readable rather than echoing 100,000 characters back.
    assert len(err) < 1_000
