"""Charts write their numbers as the reader's language does."""

from __future__ import annotations

import re

from django.utils import translation

from tandem.core import charts


def test_a_bar_reads_in_the_readers_notation() -> None:
    items = [("Before", 4.7, charts.PALETTE[0]), ("After", 1234, charts.PALETTE[1])]
    with translation.override("de"):
        german = charts.horizontal_bars("Confidence", items)
    with translation.override("en-gb"):
        english = charts.horizontal_bars("Confidence", items)

    assert ">4,7</text>" in german
    assert "Before: 4,7" in german
    assert ">4.7</text>" in english
    assert "Before: 4.7" in english
    # Coordinates are SVG's, whatever the language.
    assert re.search(r'\by="[0-9.]+"', german)
    assert not re.search(r'\b(x|y|width|height)="[^"]*,', german)


def test_whole_numbers_have_no_decimals_and_given_decimals_are_kept() -> None:
    with translation.override("fr"):
        assert charts.shown(12.0) == "12"
        assert charts.shown(66.66) == "66,7"
        assert charts.shown(3, decimals=1) == "3,0"
