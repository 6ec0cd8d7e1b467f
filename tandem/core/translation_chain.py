"""No empty English catalogues on every lookup's path.

Tandem speaks British English by default (``LANGUAGE_CODE = "en-gb"``). Python's gettext
looks for ``en_GB`` and then ``en`` catalogues, and Django chains each installed app's ``en``
catalogue behind its ``en_GB`` one as a fallback (so that a regional catalogue can lean on its
language's). The ``en`` catalogues hold nothing but their header, yet every string the
project leaves untranslated in English, which is nearly all of them, walks seven of them
before it comes back as written: about a quarter of the CPU of a page that lists pairs. The
same walk sits behind every other language's catalogue, whose last fallback is the default
one.

A catalogue that holds nothing but its header changes no lookup, so it is left out of the
chain (what it falls back to stays in, in order).
"""

from __future__ import annotations

from gettext import GNUTranslations, NullTranslations
from typing import Any

from django.utils.translation import trans_real


def header_only(catalogue: NullTranslations) -> bool:
    """Whether a catalogue file holds no translation, only its header."""
    if type(catalogue) is not GNUTranslations:
        return False
    entries: Any = catalogue._catalog  # type: ignore[attr-defined]
    return isinstance(entries, dict) and all(key == "" for key in entries)


def without_empty(first: NullTranslations | None) -> NullTranslations | None:
    """The chain that starts at ``first``, relinked without its header-only catalogues."""
    kept: list[NullTranslations] = []
    node = first
    while node is not None:
        if not header_only(node):
            kept.append(node)
        node = node._fallback  # type: ignore[attr-defined]
    if not kept:
        return None
    for catalogue, after in zip(kept, [*kept[1:], None], strict=True):
        catalogue._fallback = after  # type: ignore[attr-defined]
    return kept[0]


def skip_empty_fallbacks() -> None:
    """Leave header-only catalogues out of Django's chains: those already built, and every
    one built from now on (idempotent)."""
    cls = trans_real.DjangoTranslation
    if not getattr(cls.add_fallback, "skips_empty", False):
        add = cls.add_fallback

        def add_fallback(self: NullTranslations, fallback: NullTranslations) -> None:
            kept = without_empty(fallback)
            if kept is not None:
                add(self, kept)

        add_fallback.skips_empty = True  # type: ignore[attr-defined]
        cls.add_fallback = add_fallback  # type: ignore[method-assign]
    # Apps may have looked up a string before this ran (the registry lets them once models
    # are loaded): their catalogues are pruned in place.
    built: dict[str, Any] = getattr(trans_real, "_translations", {})
    for translation in list(built.values()):
        translation._fallback = without_empty(translation._fallback)
