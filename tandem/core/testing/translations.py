"""Finds user-facing text in a template that is not marked for translation.

A template's text is everything outside Django's tags: the words between HTML tags and the
values of the attributes people read or hear (``title``, ``alt``, ``placeholder``,
``aria-label``, a button's ``value``). Text inside ``{% blocktranslate %}`` or a comment is
already handled; tags and variables are replaced by a neutral mark before the HTML is read, so
an attribute or a sentence that mixes text and variables is still seen whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from django.template.base import Lexer, TokenType

# Attributes whose values a person reads or a screen reader speaks.
READ_ATTRIBUTES = frozenset(
    {"title", "alt", "placeholder", "aria-label", "aria-description", "aria-roledescription"}
)
# A button's caption is its value.
CAPTION_INPUT_TYPES = frozenset({"submit", "button", "reset"})
# Elements whose content is code, not prose.
CODE_ELEMENTS = frozenset({"script", "style", "code", "pre", "kbd", "samp"})
# Names that read the same in every language.
PROPER_NAMES = frozenset(
    {
        "Tandem",
        "CSV",
        "JSON",
        "API",
        "SCIM",
        "SAML",
        "OIDC",
        "OpenID",
        "Connect",
        "iCalendar",
        "ics",
        "Slack",
        "Microsoft",
        "Teams",
        "Entra",
        "Okta",
        "Google",
        "Workspace",
        "TOTP",
        "PDF",
        "URL",
        "ID",
        "OK",
        "vs",
        "Redoc",
        "Swagger",
    }
)
PLACEHOLDER = "\u2063"  # invisible separator: stands for a tag or a variable
WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
OPENING_BLOCKS = {
    "blocktranslate": "endblocktranslate",
    "blocktrans": "endblocktrans",
    "comment": "endcomment",
    "verbatim": "endverbatim",
}


@dataclass(frozen=True)
class Untranslated:
    line: int
    text: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.text!r}"


def is_prose(text: str) -> bool:
    """Whether ``text`` holds a word a translator would translate."""
    words = WORD.findall(text.replace(PLACEHOLDER, " "))
    return any(word not in PROPER_NAMES for word in words)


class _TextFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Untranslated] = []
        self._code_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in CODE_ELEMENTS:
            self._code_depth += 1
        values = dict(attrs)
        for name, value in attrs:
            readable = name in READ_ATTRIBUTES or (
                name == "value"
                and tag == "input"
                and (values.get("type") or "") in CAPTION_INPUT_TYPES
            )
            if readable and value and is_prose(value):
                self._found(value)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in CODE_ELEMENTS:
            self._code_depth -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in CODE_ELEMENTS and self._code_depth:
            self._code_depth -= 1

    def handle_data(self, data: str) -> None:
        if not self._code_depth and is_prose(data):
            self._found(data)

    def _found(self, text: str) -> None:
        line, _ = self.getpos()
        self.found.append(Untranslated(line, " ".join(text.replace(PLACEHOLDER, "…").split())))


def _source_outside_translation(source: str) -> str:
    """The template's text with every tag, variable, comment and translated block neutralised,
    keeping the line breaks so that findings point at the right line."""
    parts: list[str] = []
    closing: str | None = None
    for token in Lexer(source).tokenize():
        newlines = "\n" * token.contents.count("\n")
        if closing is not None:
            if token.token_type == TokenType.BLOCK and token.contents.split()[0] == closing:
                closing = None
            parts.append(PLACEHOLDER + newlines)
            continue
        if token.token_type == TokenType.TEXT:
            parts.append(token.contents)
        elif token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents.split() else ""
            closing = OPENING_BLOCKS.get(name)
            parts.append(PLACEHOLDER + newlines)
        else:
            parts.append(PLACEHOLDER + newlines)
    return "".join(parts)


def untranslated_in_template(source: str, *, plain_text: bool = False) -> list[Untranslated]:
    """Every piece of prose in ``source`` that is not marked for translation.

    ``plain_text`` templates (the text part of an email) have no HTML: every line of prose
    counts.
    """
    text = _source_outside_translation(source)
    if plain_text:
        return [
            Untranslated(number, " ".join(line.replace(PLACEHOLDER, "…").split()))
            for number, line in enumerate(text.splitlines(), start=1)
            if is_prose(line)
        ]
    finder = _TextFinder()
    finder.feed(text)
    finder.close()
    return finder.found


def untranslated_in_file(path: Path) -> list[Untranslated]:
    return untranslated_in_template(
        path.read_text(encoding="utf-8"), plain_text=path.suffix == ".txt"
    )
