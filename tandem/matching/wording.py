"""Small pieces of wording the reasons share: lists, hours and capitals, in the active
language."""

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
    """ "a, b and c"."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return str(get_text_list(items, _("and")))


def split_items(text: str) -> list[str]:
    """The items of an engine phrase's list ("a, b, c")."""
    return [part.strip() for part in text.split(",") if part.strip()]


def hours_text(hours: str | float) -> str:
    """ "6 hours" or "1 hour", from a number of hours as the engine writes it."""
    count = float(hours)
    # A plural form is chosen by a whole number; 1.5 hours reads as more than one.
    whole = int(count) if count.is_integer() else max(2, math.ceil(count))
    return ngettext("%(hours)s hour", "%(hours)s hours", whole) % {"hours": f"{count:g}"}


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
