"""Text translated when it is read, not when it is made (docs/translations.md).

What Tandem sends someone is written in their language, but the code that makes it often runs
in someone else's: a mentor's click notifies the mentee, a coordinator's decision emails the
applicant. Such code hands over lazy text, `interpolate_lazy(gettext_lazy("%(name)s signed the
charter"), name=...)`, and the code that sends it reads it (`str(...)`) inside the recipient's
language (`tandem.accounts.language.in_language_of`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ParamSpec

from django.utils.functional import Promise, lazy

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise
    from django.utils.functional import _StrPromise as StrPromise

P = ParamSpec("P")


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


def _write(write: Callable[..., str], args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    return write(*args, **kwargs)


_write_lazy = lazy(_write, str)


def lazy_text(write: Callable[P, str], /, *args: P.args, **kwargs: P.kwargs) -> StrPromise:
    """`write(*args, **kwargs)`, called when the text is read, in the language active then.

    For a text put together by code that translates as it goes (a programme's role words,
    reasons, durations, dates), which `interpolate_lazy` alone cannot defer."""
    return _write_lazy(write, args, kwargs)  # type: ignore[return-value]
