"""For tests of what a page says: the text a person reads in its main part, the role words in
it, and a small compiled catalogue to read the site in another language."""

from __future__ import annotations

import re
import struct
from collections.abc import Iterable, Mapping
from html.parser import HTMLParser
from pathlib import Path

ROLE_WORDS = re.compile(r"\bment(?:or|ee)s?\b", re.IGNORECASE)


class _MainText(HTMLParser):
    """Text inside <main>, outside scripts and styles, with the labels given in attributes
    (titles, accessible names, placeholders)."""

    SPOKEN = ("title", "aria-label", "placeholder", "alt")

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._main = 0
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main":
            self._main += 1
        if tag in ("script", "style"):
            self._hidden += 1
        if self._main and not self._hidden:
            self.parts.extend(value for name, value in attrs if value and name in self.SPOKEN)

    def handle_endtag(self, tag: str) -> None:
        if tag == "main" and self._main:
            self._main -= 1
        if tag in ("script", "style") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if self._main and not self._hidden:
            self.parts.append(data)


def main_text(html: str) -> str:
    parser = _MainText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def role_words(text: str, *, data: Iterable[str] = ()) -> list[str]:
    """Each "mentor" or "mentee" in ``text``, with some context; ``data`` (people's names,
    which may hold such words) is left out first."""
    for value in data:
        text = text.replace(value, "…")
    return [text[max(0, m.start() - 50) : m.end() + 50] for m in ROLE_WORDS.finditer(text)]


def write_catalogue(directory: Path, language: str, messages: Mapping[str, str]) -> None:
    """A compiled catalogue of ``messages`` for ``language``, where LOCALE_PATHS finds it.

    A key "context\\x04message" is a message with a context; "singular\\x00plural" a message
    with a plural, its translation the forms joined by "\\x00".
    """
    path = directory / language / "LC_MESSAGES" / "django.mo"
    path.parent.mkdir(parents=True, exist_ok=True)
    header = "Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=(n > 1);\n"
    entries = sorted({"": header, **messages}.items())
    ids = [key.encode() for key, _value in entries]
    strs = [value.encode() for _key, value in entries]
    count = len(entries)
    ids_at, strs_at = 28, 28 + 8 * count
    data_at = strs_at + 8 * count
    tables, data = b"", b""
    for texts in (ids, strs):
        for text in texts:
            tables += struct.pack("<II", len(text), data_at + len(data))
            data += text + b"\0"
    head = struct.pack("<IIIIIII", 0x950412DE, 0, count, ids_at, strs_at, 0, 0)
    path.write_bytes(head + tables + data)
