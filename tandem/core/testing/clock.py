"""A pinned clock that a test moves forward by offsets from its own starting moment."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any


def pinned_clock(time_machine: Any, start: datetime.datetime) -> Callable[..., datetime.datetime]:
    """Pins the clock at `start` and returns `at(**offset)`, which moves it to start + offset
    (timedelta's keywords) and returns that moment."""

    def at(**offset: float) -> datetime.datetime:
        moment = start + datetime.timedelta(**offset)
        time_machine.move_to(moment, tick=False)
        return moment

    at()
    return at
