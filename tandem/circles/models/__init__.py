from .charter import CircleCharterSignature, CircleCharterVersion
from .circle import (
    DEFAULT_MAX_MENTEES,
    MAX_MENTORS,
    MIN_MENTEES,
    MIN_MENTEES_TO_CONTINUE,
    Circle,
    CircleMember,
    GroupSettings,
)
from .goals import CircleGoal
from .meetings import CircleAgendaItem, CircleAttendance, CircleMeeting, CircleMeetingNote
from .reflection import CircleCheckIn, CircleConcern, CircleJournalEntry
from .runs import GroupRun, Placement, ProposedCircle, UnplacedMentee

__all__ = [
    "DEFAULT_MAX_MENTEES",
    "MAX_MENTORS",
    "MIN_MENTEES",
    "MIN_MENTEES_TO_CONTINUE",
    "Circle",
    "CircleAgendaItem",
    "CircleAttendance",
    "CircleCharterSignature",
    "CircleCharterVersion",
    "CircleCheckIn",
    "CircleConcern",
    "CircleGoal",
    "CircleJournalEntry",
    "CircleMeeting",
    "CircleMeetingNote",
    "CircleMember",
    "GroupRun",
    "GroupSettings",
    "Placement",
    "ProposedCircle",
    "UnplacedMentee",
]
