"""The committed translation catalogues are complete and up to date (docs/translations.md).

`makemessages` runs on a copy of the code in a temporary folder, with the options `make
messages` uses, and its template (django.pot) is compared with each committed catalogue: a
string the code has and a catalogue lacks, a catalogue's string the code no longer has, an
entry left untranslated or fuzzy, and a translation whose placeholders differ from its
original's all fail, listed by language. The real tree is only read.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[3]
SOURCE = ROOT / "tandem"
LOCALE = SOURCE / "locale"
LANGUAGES = ("fr", "de", "es")
# Entries listed per problem in a failure; the counts say how many there are in all.
SHOWN = 15

Key = tuple[str, str, str]  # context, original, plural original


def _makemessages_options() -> tuple[list[str], str]:
    """The folders `make messages` ignores and where it writes locations, from the Makefile,
    so that this test and the target cannot drift apart."""
    makefile = (ROOT / "Makefile").read_text()
    match = re.search(r"^MAKEMESSAGES_OPTIONS :=((?:.*\\\n)*.*)$", makefile, re.MULTILINE)
    assert match, "the Makefile no longer sets MAKEMESSAGES_OPTIONS"
    options = match[1].replace("\\\n", " ").split()
    ignored = [option.split("=", 1)[1] for option in options if option.startswith("--ignore=")]
    location = next(o.split("=", 1)[1] for o in options if o.startswith("--add-location="))
    return ignored, location


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> polib.POFile:
    """The catalogue template the code gives today, made from a copy of the code."""
    ignored, location = _makemessages_options()
    copy = tmp_path_factory.mktemp("messages")
    # makemessages writes a file beside each template it reads: it works on the copy.
    shutil.copytree(
        SOURCE,
        copy / "tandem",
        ignore=shutil.ignore_patterns("__pycache__", "locale", *ignored),
    )
    shutil.copy(ROOT / "manage.py", copy / "manage.py")
    locale = copy / "tandem" / "locale"
    locale.mkdir()
    here = Path.cwd()
    os.chdir(copy)
    try:
        with override_settings(LOCALE_PATHS=[locale]):
            call_command(
                "makemessages",
                locale=["fr"],
                ignore_patterns=ignored,
                add_location=location,
                keep_pot=True,
                no_obsolete=True,
                verbosity=0,
            )
    finally:
        os.chdir(here)
    return polib.pofile(str(locale / "django.pot"))


def _key(entry: polib.POEntry) -> Key:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def _label(key: Key) -> str:
    context, original, plural = key
    text = repr(original) + (f" / {plural!r}" if plural else "")
    return f"[{context}] {text}" if context else text


PYTHON_FORMAT = re.compile(r"%(?:\((\w+)\))?[#0 +-]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa%]")
BRACE_FORMAT = re.compile(r"\{(\w*)\}")


def _placeholders(entry: polib.POEntry, text: str) -> list[str]:
    found: list[str] = []
    if "python-format" in entry.flags:
        found += sorted(match[0] for match in PYTHON_FORMAT.finditer(text) if match[0] != "%%")
    if "python-brace-format" in entry.flags:
        found += sorted(f"{{{name}}}" for name in BRACE_FORMAT.findall(text))
    return found


def _translations(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [text for _, text in sorted(entry.msgstr_plural.items())]
    return [entry.msgstr]


def _placeholders_differ(entry: polib.POEntry) -> bool:
    """Whether a translation uses other placeholders than its original. A plural's first form
    may leave some out: French says "un binôme", not "1 binôme"."""
    if not entry.msgid_plural:
        return _placeholders(entry, entry.msgstr) != _placeholders(entry, entry.msgid)
    wanted = _placeholders(entry, entry.msgid_plural)
    first, *others = _translations(entry)
    return not set(_placeholders(entry, first)) <= set(wanted) or any(
        _placeholders(entry, text) != wanted for text in others
    )


def _problems(catalogue: polib.POFile, template: polib.POFile) -> dict[str, list[str]]:
    entries = {_key(entry): entry for entry in catalogue if not entry.obsolete}
    wanted = [_key(entry) for entry in template if entry.msgid]
    return {
        "missing (run `make messages`)": [_label(k) for k in wanted if k not in entries],
        "no longer in the code (run `make messages`)": [
            _label(k) for k in entries if k not in set(wanted)
        ],
        "untranslated": [
            _label(k)
            for k, entry in entries.items()
            if any(not text for text in _translations(entry))
        ],
        "fuzzy": [_label(k) for k, entry in entries.items() if entry.fuzzy],
        "placeholders differ from the original's": [
            _label(k)
            for k, entry in entries.items()
            if all(_translations(entry)) and _placeholders_differ(entry)
        ],
    }


def _report(language: str, problems: dict[str, list[str]]) -> Iterator[str]:
    for problem, labels in problems.items():
        if labels:
            yield f"{language}: {len(labels)} {problem}"
            yield from (f"    {label}" for label in labels[:SHOWN])
            if len(labels) > SHOWN:
                yield f"    … and {len(labels) - SHOWN} more"


def test_the_code_has_strings_to_translate(template: polib.POFile) -> None:
    originals = {entry.msgid for entry in template}
    assert len(originals) > 100
    assert "Skip to content" in originals


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_is_complete_and_up_to_date(language: str, template: polib.POFile) -> None:
    path = LOCALE / language / "LC_MESSAGES" / "django.po"
    assert path.exists(), f"{path.relative_to(ROOT)} is missing: run `make messages`"
    problems = _problems(polib.pofile(str(path)), template)
    report = list(_report(language, problems))
    assert not report, "\n".join([f"{path.relative_to(ROOT)} is not complete:", *report])


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_compiles(language: str, tmp_path: Path) -> None:
    path = LOCALE / language / "LC_MESSAGES" / "django.po"
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt is missing: install GNU gettext (Debian: apt-get install gettext)"
    result = subprocess.run(
        [msgfmt, "--check", "-o", str(tmp_path / "django.mo"), str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_a_catalogue_missing_a_string_fails_with_its_name(template: polib.POFile) -> None:
    catalogue = polib.POFile()
    for entry in template:
        if entry.msgid and entry.msgid != "Skip to content":
            translated = polib.POEntry(
                msgid=entry.msgid,
                msgctxt=entry.msgctxt,
                msgid_plural=entry.msgid_plural,
                msgstr="" if entry.msgid_plural else entry.msgid,
                msgstr_plural=(
                    {0: entry.msgid, 1: entry.msgid_plural} if entry.msgid_plural else {}
                ),
                flags=list(entry.flags),
            )
            catalogue.append(translated)
    catalogue.append(polib.POEntry(msgid="Gone from the code", msgstr="Parti"))
    catalogue.append(polib.POEntry(msgid="A test's own untranslated string", msgstr=""))

    problems = _problems(catalogue, template)

    assert problems["missing (run `make messages`)"] == ["'Skip to content'"]
    assert problems["no longer in the code (run `make messages`)"] == [
        "'Gone from the code'",
        '"A test\'s own untranslated string"',
    ]
    assert problems["untranslated"] == ['"A test\'s own untranslated string"']


@pytest.mark.parametrize(
    ("msgid", "msgstr", "differ"),
    [
        ("%(name)s left", "%(name)s est parti", False),
        ("%(name)s left", "%(nom)s est parti", True),
        ("%(name)s left", "Quelqu'un est parti", True),
        ("{title} is due", "{title} est dû", False),
        ("{title} is due", "{titre} est dû", True),
    ],
)
def test_placeholders_must_match(msgid: str, msgstr: str, differ: bool) -> None:
    flag = "python-brace-format" if "{" in msgid else "python-format"
    entry = polib.POEntry(msgid=msgid, msgstr=msgstr, flags=[flag])

    assert _placeholders_differ(entry) is differ


def test_a_fuzzy_entry_fails() -> None:
    catalogue = polib.POFile()
    catalogue.append(polib.POEntry(msgid="Save", msgstr="Enregistrer", flags=["fuzzy"]))
    template = polib.POFile()
    template.append(polib.POEntry(msgid="Save"))

    assert _problems(catalogue, template)["fuzzy"] == ["'Save'"]
