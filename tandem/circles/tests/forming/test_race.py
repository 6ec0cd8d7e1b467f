"""Two mentees taking a circle's last place at the same instant, each on a connection of its
own: the database decides, exactly one joins and the other is told the circle is full."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from tandem.circles.errors import CircleError
from tandem.circles.models import CircleMember
from tandem.circles.services.joining import circle_join
from tandem.conftest import build_personas

from .world import circle, group_programme, mentee, mentor

ON_POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers itself; test_refusals covers the full circle there. This "
    "test needs concurrent transactions on PostgreSQL.",
)


@ON_POSTGRESQL
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_mentees_taking_the_last_place_at_once_exactly_one_joins() -> None:
    personas = build_personas()
    programme = group_programme(personas.carol)
    found = circle(
        programme,
        "Last place",
        [mentor(programme, "Fay")],
        [mentee(programme, f"M{n}") for n in range(3)],
    )
    racers = [mentee(programme, f"Racer {n}") for n in range(4)]
    barrier = threading.Barrier(len(racers))
    outcomes: list[str] = []

    def attempt(racer: object) -> None:
        try:
            barrier.wait()
            circle_join(circle=found, mentee=racer, note="")
            outcomes.append("joined")
        except CircleError as error:
            outcomes.append(error.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(r,)) for r in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("joined") == 1
    assert outcomes.count("Last place is full: it takes 4 mentees at most.") == 3
    assert CircleMember.objects.current().filter(circle=found, role="mentee").count() == 4
