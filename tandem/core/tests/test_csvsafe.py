"""Every CSV Tandem writes shows text as text in a spreadsheet, never as a formula."""

from __future__ import annotations

import ast
import csv
import io
from pathlib import Path

import pytest

import tandem
from tandem import csvsafe

# What OWASP's CSV-injection page lists, as a participant might type it into their name.
FORMULAS = ['=HYPERLINK("http://x","y")', "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
ROOT = Path(tandem.__file__).resolve().parent


def read(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("formula", FORMULAS)
def test_a_formula_is_written_with_a_leading_quote_and_read_back_unchanged(formula: str) -> None:
    out = io.StringIO()
    csvsafe.csv_writer(out).writerow(["Ann", formula])

    [[name, cell]] = read(out.getvalue())
    assert name == "Ann"
    assert cell == "'" + formula
    assert csvsafe.restore(cell) == formula


def test_numbers_the_code_writes_stay_numbers() -> None:
    out = io.StringIO()
    csvsafe.csv_writer(out).writerow([-2, -2.5, 0, "plain", ""])

    assert read(out.getvalue()) == [["-2", "-2.5", "0", "plain", ""]]


@pytest.mark.parametrize("text", ["'=1", "''+2", "'", "'hello", "it's", "=", "-", "@", "a=b"])
def test_restore_undoes_neutralise_for_any_text(text: str) -> None:
    written = csvsafe.neutralise(text)
    assert isinstance(written, str)
    assert csvsafe.restore(written) == text
    # Whatever a quote hides, a spreadsheet never sees a formula leader first.
    assert written[:1] not in csvsafe.FORMULA_LEADERS


def test_restore_leaves_quotes_it_did_not_add() -> None:
    assert csvsafe.restore("'hello") == "'hello"
    assert csvsafe.restore("O'Neil") == "O'Neil"


def test_dict_writer_neutralises_cells_and_header() -> None:
    out = io.StringIO()
    writer = csvsafe.CsvDictWriter(out, fieldnames=["name", "-odd"])
    writer.writeheader()
    writer.writerow({"name": "@SUM(A1)", "-odd": 3})

    assert read(out.getvalue()) == [["name", "'-odd"], ["'@SUM(A1)", "3"]]


def _csv_writers_outside_csvsafe() -> list[str]:
    """Calls of csv.writer or csv.DictWriter in product code, which would skip the quoting."""
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if path == ROOT / "csvsafe.py" or "tests" in parts or "testing" in parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "csv":
                names = {alias.name for alias in node.names}
                if names & {"writer", "DictWriter"}:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
            if (
                isinstance(node, ast.Attribute)
                and node.attr in {"writer", "DictWriter"}
                and isinstance(node.value, ast.Name)
                and node.value.id == "csv"
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_every_csv_tandem_writes_goes_through_csvsafe() -> None:
    assert _csv_writers_outside_csvsafe() == []
