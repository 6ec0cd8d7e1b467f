from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest

from tandem.circles.models import Circle
from tandem.conftest import Personas

from .world import World, build_world, make_circle, person

# Monday 2 March 2026, 09:00 UTC: every date-dependent test of a circle's life starts here.
NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _clock(request: pytest.FixtureRequest) -> Iterator[None]:
    """A pinned clock that ticks, except for the browser journeys (chromium keeps the real
    date, and cookies dated from a moved clock would not match it)."""
    if request.node.get_closest_marker("browser"):
        yield
        return
    traveller = request.getfixturevalue("time_machine")
    traveller.move_to(NOW, tick=True)
    yield


@pytest.fixture
def circle(personas: Personas) -> Circle:
    """An active circle: bob facilitates; alice, Mia and Max are its members."""
    return make_circle(
        personas.programme,
        facilitators=[personas.bob],
        mentees=[personas.alice, person("Mia Member", personas.programme), person("Max Member")],
        started=NOW - datetime.timedelta(days=10),
    )


@pytest.fixture
def forming(personas: Personas) -> Circle:
    return make_circle(
        personas.programme,
        facilitators=[personas.bob],
        mentees=[personas.alice, person("Mia Member", personas.programme), person("Max Member")],
        state=Circle.State.FORMING,
    )


@pytest.fixture
def world(personas: Personas) -> World:
    return build_world(personas)
