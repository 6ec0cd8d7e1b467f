"""Pure-Python work done in forked copies of this process: a range of items each
(:func:`map_ranges`), or one piece of work started now and collected later (:class:`Ahead`).

Writing the reasons for 100,000 people is interpreted Python, item by item, so threads would
take turns on one core, and the flow solver holds the interpreter while it runs. A forked
child starts with everything the parent has computed, so it needs nothing sent to it: it
works on its own core and sends back only its results.

Only a caller that knows its process is safe to fork asks for this (``match-file``, which
runs one engine and nothing else); a web worker never does, and neither does a platform
without ``fork``. When a child fails in any way, its range is worked out here instead, so
the result never depends on whether the forks worked.
"""

from __future__ import annotations

import functools
import itertools
import multiprocessing
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

T = TypeVar("T")
# Below this many items a fork costs more than it saves.
MIN_ITEMS = 20_000


def ranges(n: int, parts: int) -> list[tuple[int, int]]:
    """``parts`` contiguous ranges covering ``0..n``, as even as can be."""
    bounds = [n * p // parts for p in range(parts + 1)]
    return list(itertools.pairwise(bounds))


def map_ranges(work: Callable[[int, int], list[T]], n: int, processes: int) -> list[T]:
    """``work(0, n)``, computed as ``work`` over ``processes`` ranges concatenated in order:
    the first range here, the others each in a forked child at the same time."""
    parts = min(processes, max(1, n // MIN_ITEMS))
    if parts <= 1 or not can_fork():
        return work(0, n)
    (first, *rest) = ranges(n, parts)
    children = [(span, Ahead(functools.partial(work, *span))) for span in rest]
    out = work(*first)
    for span, child in children:
        part = child.result()
        out.extend(work(*span) if part is None else part)
    return out


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def worth_forking(items: int, processes: int) -> bool:
    """Whether work over ``items`` people is worth a forked child, with ``processes`` allowed."""
    return processes > 1 and items >= MIN_ITEMS and can_fork()


class Ahead(Generic[T]):
    """``work()`` started now in a forked child, while this process goes on with other work.

    :meth:`result` waits for it and gives None when the child failed or died: the caller
    then does without (the work must be something it can also do itself).
    """

    def __init__(self, work: Callable[[], T]) -> None:
        context = multiprocessing.get_context("fork")
        self._receiving, sending = context.Pipe(duplex=False)
        self._child = context.Process(target=_ahead, args=(work, sending), daemon=True)
        self._child.start()
        sending.close()

    def result(self) -> T | None:
        try:
            found: T = self._receiving.recv()
        except (EOFError, OSError):
            return None
        finally:
            self._receiving.close()
            self._child.join()
        return found

    def cancel(self) -> None:
        # SIGKILL, not SIGTERM: the child inherited the parent's signal handlers, and one
        # that only sets a flag (a scheduler's, say) would keep it running to the end.
        self._child.kill()
        self._child.join()
        self._receiving.close()


@contextmanager
def cancelled_on_failure(ahead: Ahead[Any] | None) -> Iterator[None]:
    """Call ``ahead`` off when the block fails: nothing would ever collect its work."""
    try:
        yield
    except BaseException:
        if ahead is not None:
            ahead.cancel()
        raise


def _ahead(work: Callable[[], T], sending: Connection) -> None:
    code = 1
    try:
        result = work()
        sending.send(result)
        code = 0
    except BaseException:
        # Sending nothing: the parent does the work itself and reports what goes wrong.
        pass
    finally:
        sending.close()
        # Straight out, past the interpreter's exit: flushing the standard streams could
        # wait forever on a lock that a thread of the parent (a progress bar) held at the
        # fork, and there is nothing of the child's to clean up.
        os._exit(code)
