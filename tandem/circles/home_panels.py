"""The person's circles on their home page."""

from __future__ import annotations

from typing import Any

from tandem.circles.selectors import memberships_of
from tandem.core.home_panels import HomePanel, home_panel


@home_panel(order=20)
def my_circles(user: Any) -> HomePanel | None:
    memberships = memberships_of(user)
    if not memberships:
        return None
    return HomePanel("circles/_home_panel.html", {"memberships": memberships})
