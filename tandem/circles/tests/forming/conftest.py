"""Fixtures of the forming tests: carol coordinates a group programme (circles of at most
four mentees, mentees may join, a six-hour time-zone window)."""

from __future__ import annotations

import pytest

from tandem.conftest import Personas
from tandem.programmes.models import Programme

from .world import group_programme


@pytest.fixture
def group(personas: Personas) -> Programme:
    return group_programme(personas.carol)
