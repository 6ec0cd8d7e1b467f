"""Sections that apps above the relationship add to a pair's overview.

`matching` sits above `mentorships` in the layers, yet the overview shows why a published match
paired the two people. So matching registers a panel here (in its AppConfig.ready) instead of
the overview importing matching. A panel takes the pair and the member reading it and returns
its template context, or None when it has nothing to say about this pair.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tandem.mentorships.models import Mentorship
from tandem.people.models import Person

Panel = Callable[[Mentorship, Person], Any]

_PANELS: dict[str, Panel] = {}


def overview_panel_register(name: str, panel: Panel) -> None:
    _PANELS[name] = panel


def overview_panels(mentorship: Mentorship, member: Person) -> dict[str, Any]:
    """Each registered panel's context for this member, keyed by the panel's name."""
    return {name: panel(mentorship, member) for name, panel in _PANELS.items()}
