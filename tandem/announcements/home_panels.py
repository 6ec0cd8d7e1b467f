"""The announcements a person should see on their home page."""

from __future__ import annotations

from typing import Any

from tandem.announcements.selectors import announcements_current
from tandem.core.home_panels import HomePanel, home_panel
from tandem.people.access import person_of


@home_panel(order=10)
def current_announcements(user: Any) -> HomePanel | None:
    person = person_of(user)
    if person is None:
        return None
    current = announcements_current(person)
    if not current:
        return None
    return HomePanel("announcements/_home_panel.html", {"announcements": current})
