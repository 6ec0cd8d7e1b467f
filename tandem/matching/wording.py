"""Small pieces of wording the reasons and the run pages share: lists, hours, durations and
capitals, in the active language."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# A raw score inside an engine phrase ("(the best is 0.22)"); people never see scores.
NUMBER = re.compile(r"\s*\(?\b\d+\.\d+\b\)?")


def and_list(items: Sequence[str]) -> str:
    """ "a, b and c"; "a and b, and c and d" when an item holds an "and" of its own."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    word = _("and")
    own = re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE)
    if not any(own.search(item) for item in items):
        return str(get_text_list(items, word))
    # "wellbeing and balance and communication and influence" hides where one item ends; a
    # comma before the last "and" keeps each item whole.
    # Translators: a list whose items contain "and" themselves: "wellbeing and balance, and
    # communication and influence". Keep the items apart however your language does it.
    return _("%(items)s, and %(last)s") % {"items": _(", ").join(items[:-1]), "last": items[-1]}


def split_items(text: str) -> list[str]:
    """The items of an engine phrase's list ("a, b, c")."""
    return [part.strip() for part in text.split(",") if part.strip()]


def hours_text(hours: str | float) -> str:
    """ "6 hours" or "1 hour", from a number of hours as the engine writes it."""
    count = float(hours)
    # A plural form is chosen by a whole number; 1.5 hours reads as more than one.
    whole = int(count) if count.is_integer() else max(2, math.ceil(count))
    return ngettext("%(hours)s hour", "%(hours)s hours", whole) % {"hours": f"{count:g}"}


def duration_text(seconds: float) -> str:
    """How long a run took, for a person: "under a second", "2 s", "3 min 5 s"."""
    if seconds < 1:
        return _("under a second")
    minutes, rest = divmod(round(seconds), 60)
    if not minutes:
        return _("%(seconds)s s") % {"seconds": rest}
    if not rest:
        return _("%(minutes)s min") % {"minutes": minutes}
    return _("%(minutes)s min %(seconds)s s") % {"minutes": minutes, "seconds": rest}


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
