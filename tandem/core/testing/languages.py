"""For tests of the language Tandem writes to someone in: their choice, and translations a
test brings with it, laid over the project's catalogues.

A test of which language a text is written in needs a text that reads differently in each
language. The project's catalogues are translated at their own pace, so such a test names the
translations of the strings it reads; they win over the catalogues' while the test runs, and
the strings it does not name are translated as usual (dates, Django's own words, the
catalogues' entries). A string the code no longer sends is simply not found, and the test
fails on the English it reads instead.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import polib
from django.conf import settings
from django.test import override_settings
from django.utils.translation import to_locale

from tandem.accounts.models import User
from tandem.people.models import Person

# A message (`in_context` for pgettext's), or a plural's (singular, plural) pair; its
# translation, or a plural's forms.
Entries = Mapping[str | tuple[str, str], str | tuple[str, ...]]
# How gettext keys a message with a context.
CONTEXT = "\x04"

PLURAL_FORMS = {
    "fr": "nplurals=2; plural=(n > 1);",
    "de": "nplurals=2; plural=(n != 1);",
    "es": "nplurals=2; plural=(n != 1);",
}


def _catalogue(language: str, entries: Entries) -> polib.POFile:
    catalogue = polib.POFile()
    catalogue.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Language": language,
        "Plural-Forms": PLURAL_FORMS[language],
    }
    for message, translation in entries.items():
        if isinstance(message, tuple):
            assert isinstance(translation, tuple), message
            catalogue.append(
                polib.POEntry(
                    msgid=message[0],
                    msgid_plural=message[1],
                    msgstr_plural=dict(enumerate(translation)),
                )
            )
        else:
            assert isinstance(translation, str), message
            context, _, message = message.rpartition(CONTEXT)
            catalogue.append(
                polib.POEntry(msgctxt=context or None, msgid=message, msgstr=translation)
            )
    return catalogue


def in_context(context: str, message: str) -> str:
    """The key of `message` as `pgettext(context, message)` looks it up."""
    return f"{context}{CONTEXT}{message}"


@contextmanager
def translated(catalogues: Mapping[str, Entries]) -> Iterator[None]:
    """Within the block, `catalogues[language]` translates the strings it names in that
    language, before the project's own catalogues."""
    with tempfile.TemporaryDirectory() as root:
        for language, entries in catalogues.items():
            folder = Path(root, to_locale(language), "LC_MESSAGES")
            folder.mkdir(parents=True)
            _catalogue(language, entries).save_as_mofile(str(folder / "django.mo"))
        # Changing LOCALE_PATHS makes Django load its translations afresh, before and after.
        with override_settings(LOCALE_PATHS=[root, *settings.LOCALE_PATHS]):
            yield


def speaks(someone: User | Person | None, language: str) -> None:
    """`someone` chooses `language` on their profile ("" follows their browser)."""
    user = someone.user if isinstance(someone, Person) else someone
    assert user is not None, "someone without an account has no language of their own"
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language
