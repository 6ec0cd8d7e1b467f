"""Sections that apps add to the home page beside the next steps.

Core keeps only the registry, as it does for next steps: each app declares a panel in its own
`home_panels.py` with `@home_panel(order=...)`. A panel takes the signed-in user and returns
the template to include and its context, or None when it has nothing to show them. Like a
next-steps contributor, it must run a fixed number of queries.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class HomePanel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


PanelFunc = Callable[[Any], HomePanel | None]

_PANELS: dict[str, tuple[int, PanelFunc]] = {}


def home_panel(*, order: int) -> Callable[[PanelFunc], PanelFunc]:
    """Register a panel; lower `order` comes first on the home page."""

    def register(func: PanelFunc) -> PanelFunc:
        _PANELS[f"{func.__module__}.{func.__qualname__}"] = (order, func)
        return func

    return register


@functools.cache
def _discover() -> None:
    # Once per process: looking for the module in every installed app took about 2 ms of
    # each home page.
    autodiscover_modules("home_panels")


def home_panels_for(user: Any) -> list[HomePanel]:
    _discover()
    ordered = sorted(_PANELS.values(), key=lambda entry: entry[0])
    return [panel for _, func in ordered if (panel := func(user)) is not None]
