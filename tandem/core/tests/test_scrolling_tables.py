"""Wide tables scroll sideways on a phone; keyboard users must be able to scroll them too, and
a screen reader must say what the focused region holds."""

import re
from pathlib import Path

import tandem

TEMPLATES = Path(tandem.__file__).parent


def _wrappers() -> list[tuple[Path, str]]:
    return [
        (path.relative_to(TEMPLATES), tag)
        for path in TEMPLATES.rglob("*.html")
        for tag in re.findall(r"<div[^>]*class=\"table-wrap\"[^>]*>", path.read_text())
    ]


def test_every_scrolling_table_wrapper_takes_the_keyboard_focus():
    wrappers = _wrappers()

    assert wrappers, "no scrolling table found: has the class been renamed?"
    unfocusable = [(path, tag) for path, tag in wrappers if 'tabindex="0"' not in tag]
    assert not unfocusable


def test_every_scrolling_table_wrapper_is_a_named_region():
    unnamed = [
        (path, tag)
        for path, tag in _wrappers()
        if 'role="region"' not in tag or not re.search(r'aria-label="[^"]+"', tag)
    ]

    assert not unnamed
