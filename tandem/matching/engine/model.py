"""The matching instance as plain, validated Python objects.

Everything here is already checked (see ``validation.py``); the numeric arrays the solvers
work on are built from it in ``cohort.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Mode = Literal["optimal", "stable", "greedy"]
MODES: tuple[Mode, ...] = ("optimal", "stable", "greedy")

AnswerValue = str | tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Rules:
    """Hard constraints applied to every candidate pair."""

    exclude_management_chain: bool = True
    exclude_same_department: bool = False
    require_shared_language: bool = True
    max_timezone_gap_hours: float | None = None
    min_score: float = 0.0

    def as_dict(self) -> dict[str, bool | float | None]:
        return {
            "exclude_management_chain": self.exclude_management_chain,
            "exclude_same_department": self.exclude_same_department,
            "require_shared_language": self.require_shared_language,
            "max_timezone_gap_hours": self.max_timezone_gap_hours,
            "min_score": self.min_score,
        }


@dataclass(frozen=True, slots=True)
class Weights:
    """Weights of the score components; the score is their weighted mean.

    A component whose weight is zero drops out. The preference weight only counts for mentees
    who stated preferences, so a mentee who ranked nobody is not scored lower for it.
    ``junior_mentor`` is reverse mentoring's preference: a mentor deeper in the org chart than
    the mentee (more managers above them) scores it.
    """

    goals: float = 0.65
    expectations: float = 0.2
    preferences: float = 0.15
    cross_department: float = 0.0
    junior_mentor: float = 0.0

    def as_dict(self) -> dict[str, float]:
        return {
            "goals": self.goals,
            "expectations": self.expectations,
            "preferences": self.preferences,
            "cross_department": self.cross_department,
            "junior_mentor": self.junior_mentor,
        }


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    manager: str | None = None
    department: str | None = None


@dataclass(frozen=True, slots=True)
class Mentor:
    id: str
    capacity: int = 1
    languages: tuple[str, ...] = ()
    utc_offset_hours: float | None = None
    expertise: str = ""
    skills: tuple[str, ...] = ()
    background: str = ""
    answers: dict[str, AnswerValue] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Mentee:
    id: str
    languages: tuple[str, ...] = ()
    utc_offset_hours: float | None = None
    goals: str = ""
    skills_wanted: tuple[str, ...] = ()
    answers: dict[str, AnswerValue] = field(default_factory=dict)
    preferences: tuple[str, ...] = ()


@dataclass(slots=True)
class Instance:
    """One cohort to match: the org chart, both sides, the rules and optional fixed scores."""

    rules: Rules
    weights: Weights
    people: list[Person]
    mentors: list[Mentor]
    mentees: list[Mentee]
    scores: list[tuple[str, str, float]] | None = None
    forbidden: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Pair:
    mentee: str
    mentor: str
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Unmatched:
    mentee: str
    reason: str


@dataclass(slots=True)
class MatchResult:
    mode: Mode
    pairs: list[Pair]
    unmatched: list[Unmatched]
    total_score: float
    upper_bound: float
    seconds: float
    certificate: dict[str, float | int | bool | str] = field(default_factory=dict)

    @property
    def matched(self) -> int:
        return len(self.pairs)
