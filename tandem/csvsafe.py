"""CSV writers whose cells a spreadsheet shows as text, never runs as a formula.

Every CSV Tandem writes goes through `csv_writer` or `CsvDictWriter` here: the report's pairs,
a match run's export, the people template, and the matching engine's own files. A cell of text
that begins with a formula leader (`=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading
single quote, as OWASP's CSV-injection guidance advises, so a participant named
`=HYPERLINK("http://x","y")` stays a name. Numbers the code writes are passed as numbers (`fixed`
for a set count of decimals) and written as they are, so -2.5 stays a number; only text is
ever quoted.

`restore` undoes it for a reader of Tandem's own files. Text that already begins with quotes
before a leader gets one more, so `restore(neutralise(text)) == text` for every text.

Standard library only: the matching engine uses it and knows nothing of Django.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any

FORMULA_LEADERS = frozenset("=+-@\t\r")
QUOTE = "'"


def _needs_quote(text: str) -> bool:
    return text.lstrip(QUOTE)[:1] in FORMULA_LEADERS


def neutralise(value: object) -> object:
    """Text that a spreadsheet would read as a formula, quoted; anything else unchanged."""
    if isinstance(value, str) and _needs_quote(value):
        return QUOTE + value
    return value


def fixed(value: float, places: int) -> Decimal:
    """A number written with `places` decimals that stays a number (never quoted), even below 0."""
    return Decimal(f"{value:.{places}f}")


def restore(text: str) -> str:
    """A cell read from a file Tandem wrote, as it was before `neutralise`."""
    if text.startswith(QUOTE) and _needs_quote(text):
        return text[1:]
    return text


class _Writer:
    def __init__(self, handle: Any, **options: Any) -> None:
        self._writer = csv.writer(handle, **options)

    def writerow(self, row: Iterable[object]) -> Any:
        return self._writer.writerow([neutralise(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


class _Echo:
    """A file that hands back what is written to it, so rows can be streamed as they come."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """Each row as one line of CSV, neutralised, for a streaming response."""
    writer = csv_writer(_Echo())
    return (writer.writerow(row) for row in rows)


def csv_writer(handle: Any, **options: Any) -> _Writer:
    """`csv.writer`, with every cell of text neutralised."""
    return _Writer(handle, **options)


class CsvDictWriter(csv.DictWriter):
    """`csv.DictWriter`, with every cell of text (and of the header) neutralised."""

    def writerow(self, rowdict: Mapping[str, Any]) -> Any:
        return super().writerow({key: neutralise(value) for key, value in rowdict.items()})
