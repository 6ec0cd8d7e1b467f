"""The language Tandem speaks to someone, decided here once (docs/translations.md).

A person chooses a language on their profile (`User.language`); an empty choice follows their
browser. Pages use the choice when it is set (`UserLanguageMiddleware`), else the browser's
(Django's LocaleMiddleware). What is sent without a browser to ask, emails and notices, is
written in the person's choice, or in the site's language (settings.LANGUAGE_CODE) when they
have made none.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.utils import translation

from tandem.accounts.models import User


def supported_languages() -> dict[str, str]:
    """Each language Tandem speaks, by code, named in that language."""
    return dict(settings.LANGUAGES)


def chosen_language(user: User | None) -> str:
    """The language `user` chose, or "" when they follow their browser (or have no account)."""
    language = user.language if user is not None else ""
    return language if language in supported_languages() else ""


def language_for(user: User | None) -> str:
    """The language to write to `user` in when there is no browser to ask."""
    return chosen_language(user) or settings.LANGUAGE_CODE


def language_for_choice(choice: str) -> str:
    """`language_for` an account whose `User.language` is `choice`: for code that reads the
    choice among other columns (thousands of notices at once) rather than the accounts."""
    return choice if choice in supported_languages() else settings.LANGUAGE_CODE


def language_for_address(email: str) -> str:
    """`language_for` the account with this address, if there is one."""
    chosen = User.objects.filter(email__iexact=email.strip()).values_list("language", flat=True)
    language = next(iter(chosen), "")
    return language if language in supported_languages() else settings.LANGUAGE_CODE


@contextmanager
def in_language_of(user: User | None) -> Iterator[None]:
    """Translate what is written inside the block in `user`'s language."""
    with translation.override(language_for(user)):
        yield
