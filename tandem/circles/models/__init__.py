from .circle import (
    DEFAULT_MAX_MENTEES,
    MAX_MENTORS,
    MIN_MENTEES,
    MIN_MENTEES_TO_CONTINUE,
    Circle,
    CircleMember,
    GroupSettings,
)
from .runs import GroupRun, Placement, ProposedCircle, UnplacedMentee

__all__ = [
    "DEFAULT_MAX_MENTEES",
    "MAX_MENTORS",
    "MIN_MENTEES",
    "MIN_MENTEES_TO_CONTINUE",
    "Circle",
    "CircleMember",
    "GroupRun",
    "GroupSettings",
    "Placement",
    "ProposedCircle",
    "UnplacedMentee",
]
