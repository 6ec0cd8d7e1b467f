"""Helpers for the one-off conversation tests: a clock pinned on a Monday morning, and bob
offering slots in alice's programme."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from tandem.conftest import Personas
from tandem.flash import services
from tandem.flash.models import Booking, Slot

# Monday 2 March 2026, 09:00 UTC.
NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def clock(time_machine: Any) -> Any:
    time_machine.move_to(NOW, tick=False)
    return time_machine


def publish(
    personas: Personas,
    starts_at: datetime.datetime,
    *,
    minutes: int = 30,
    weeks: int = 1,
    mentor: Any = None,
    location: str = "https://video.example.org/bob",
) -> list[Slot]:
    return services.slots_publish(
        mentor=mentor or personas.bob,
        programme=personas.programme,
        starts_at=starts_at,
        minutes=minutes,
        format="video",
        location=location,
        weeks=weeks,
    )


def slot_at(personas: Personas, starts_at: datetime.datetime, **kwargs: Any) -> Slot:
    return publish(personas, starts_at, **kwargs)[0]


def book(
    slot: Slot, mentee: Any, capture: Any, question: str = "How do I run my first team meeting?"
) -> Booking:
    with capture(execute=True):
        return services.slot_book(slot=slot, mentee=mentee, question=question)
