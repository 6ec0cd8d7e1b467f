"""Text translated when it is read, not when it is made (docs/translations.md).

What Tandem sends someone is written in their language, but the code that makes it often runs
in someone else's: a mentor's click notifies the mentee, a coordinator's decision emails the
applicant. Such code hands over lazy text, `interpolate_lazy(gettext_lazy("%(name)s signed the
charter"), name=...)`, and the code that sends it reads it (`str(...)`) inside the recipient's
language (`tandem.accounts.language.in_language_of`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise, lazy

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise
    from django.utils.functional import _StrPromise as StrPromise


def _interpolate(message: StrOrPromise, values: dict[str, Any]) -> str:
    read = {
        name: str(value) if isinstance(value, Promise) else value for name, value in values.items()
    }
    # A lazy message is translated by `%` itself; ngettext_lazy picks its plural from `values`.
    return str(message % read) if values else str(message)


_interpolate_lazy = lazy(_interpolate, str)


def interpolate_lazy(message: StrOrPromise, /, **values: Any) -> StrPromise:
    """`message % values`, translated and filled in when it is read, in the language active
    then; lazy values among `values` are read in that language too."""
    return _interpolate_lazy(message, values)  # type: ignore[return-value]
