"""Reads that several parts of one page share, made once while that page is built.

The home page asks every app for its next steps and panels, and several of them want the same
rows: the person's enrolments, the programmes the user coordinates. A function marked
`@shared_read` is computed once per argument inside `shared_reads()`, which the page opens
around its work, and runs as usual anywhere else, so a result is never kept past the page that
asked for it (a form that changes the rows on another request always sees them fresh).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

_memo: ContextVar[dict[tuple[Any, ...], Any] | None] = ContextVar("shared_reads", default=None)


@contextmanager
def shared_reads() -> Iterator[None]:
    """Within this block, each `@shared_read` function runs once per argument."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def shared_read(func: Callable[P, R]) -> Callable[P, R]:
    """Share `func`'s result inside `shared_reads()`. Its arguments must be hashable, and a
    model instance counts as its class and primary key."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        memo = _memo.get()
        if memo is None:
            return func(*args, **kwargs)
        key = (func, *((type(a), getattr(a, "pk", a)) for a in args), *sorted(kwargs.items()))
        if key not in memo:
            memo[key] = func(*args, **kwargs)
        result: R = memo[key]
        return result

    return wrapper
