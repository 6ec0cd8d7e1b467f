"""Lookups skip the English catalogues that hold nothing, and translate exactly as before."""

from __future__ import annotations

import gettext
from pathlib import Path

import django
import pytest
from django.conf import settings
from django.utils.translation import trans_real

from tandem.core.translation_chain import header_only

DJANGO_LOCALE = Path(django.__file__).parent / "conf" / "locale"


def chain(catalogue: gettext.NullTranslations) -> list[gettext.NullTranslations]:
    found = []
    node = catalogue._fallback
    while node is not None:
        found.append(node)
        node = node._fallback
    return found


def test_an_english_catalogue_holds_nothing_and_a_french_one_does() -> None:
    english = gettext.translation("django", DJANGO_LOCALE, languages=["en"])
    french = gettext.translation("django", DJANGO_LOCALE, languages=["fr"])
    assert header_only(english)
    assert not header_only(french)


@pytest.mark.parametrize("language", [code for code, _ in settings.LANGUAGES])
def test_no_lookup_walks_a_catalogue_that_holds_nothing(language: str) -> None:
    # Both the catalogues built while the apps were loading and any built afresh.
    for catalogue in (trans_real.translation(language), trans_real.DjangoTranslation(language)):
        assert not [c for c in chain(catalogue) if header_only(c)]


@pytest.mark.parametrize(
    ("language", "original", "expected"),
    [
        ("en-gb", "This field is required.", "This field is required."),
        ("en-gb", "Open the charter", "Open the charter"),
        ("fr", "This field is required.", "Ce champ est obligatoire."),
        ("fr", "Open the charter", "Ouvrir la charte"),
        ("de", "Open the charter", "Charta öffnen"),
        # Untranslated everywhere: it comes back as written.
        ("fr", "A sentence no catalogue holds", "A sentence no catalogue holds"),
    ],
)
def test_lookups_translate_as_before(language: str, original: str, expected: str) -> None:
    assert trans_real.DjangoTranslation(language).gettext(original) == expected


@pytest.mark.parametrize("language", ["en-gb", "fr"])
def test_an_untranslated_plural_follows_the_count(language: str) -> None:
    catalogue = trans_real.DjangoTranslation(language)
    assert catalogue.ngettext("%d pear", "%d pears", 1) == "%d pear"
    assert catalogue.ngettext("%d pear", "%d pears", 3) == "%d pears"
