from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tandem.people.models import Person
from tandem.people.tests.csvdata import org_chart, to_csv

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[3] / "docs" / "sample-people.csv"


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_people", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_command_imports_a_valid_file_and_prints_the_counts(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(to_csv(org_chart()))

    out, _ = run(str(path))

    assert "4 created, 0 updated, 0 unchanged" in out
    assert Person.objects.count() == 4


def test_command_reports_errors_by_row_and_column_and_exits_1(tmp_path: Path) -> None:
    rows = org_chart()
    rows[2]["timezone"] = "Europe/Londres"
    path = tmp_path / "people.csv"
    path.write_text(to_csv(rows))

    with pytest.raises(CommandError) as raised:
        run(str(path))

    assert raised.value.returncode == 1
    assert "nothing was imported" in str(raised.value)
    assert Person.objects.count() == 0


def test_command_error_table_names_row_column_and_problem(tmp_path: Path) -> None:
    rows = org_chart()
    rows[2]["timezone"] = "Europe/Londres"
    path = tmp_path / "people.csv"
    path.write_text(to_csv(rows))
    out = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_people", str(path), stdout=out, stderr=io.StringIO())

    line = next(line for line in out.getvalue().splitlines() if "Europe/Londres" in line)
    assert "4" in line.split("timezone")[0]
    assert "timezone" in line


def test_command_exits_2_for_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as raised:
        run(str(tmp_path / "missing.csv"))

    assert raised.value.returncode == 2


def test_dry_run_saves_nothing(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(to_csv(org_chart()))

    out, _ = run(str(path), "--dry-run")

    assert "Would import 4 row(s)" in out
    assert Person.objects.count() == 0


def test_the_sample_file_imports_an_org_chart_four_levels_deep() -> None:
    out, _ = run(str(SAMPLE))

    assert "31 created" in out
    deepest = max(len(p.management_chain()) for p in Person.objects.all())
    assert deepest == 3  # four levels: chief executive and three levels below
    assert Person.objects.values("department").distinct().count() >= 6
    again, _ = run(str(SAMPLE))
    assert "31 unchanged" in again
