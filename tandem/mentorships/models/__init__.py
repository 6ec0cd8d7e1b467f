from .calendar import CalendarFeed
from .charter import CharterVersion, MeetingFormat
from .checkins import MARK_LABELS, MARKS, CheckIn
from .closure import ClosureReflection, OutcomeSurvey
from .concerns import Concern
from .meetings import ActionItem, AgendaItem, Attendance, Meeting, MeetingNote
from .mentorship import MentorExclusion, Mentorship, ProgrammeHealthSettings
from .plan import DevelopmentOpportunity, Goal, GoalComment, LearningNeed, Milestone, TeachBack
from .reflection import Feedback, JournalEntry, Prompt

__all__ = [
    "MARKS",
    "MARK_LABELS",
    "ActionItem",
    "AgendaItem",
    "Attendance",
    "CalendarFeed",
    "CharterVersion",
    "CheckIn",
    "ClosureReflection",
    "Concern",
    "DevelopmentOpportunity",
    "Feedback",
    "Goal",
    "GoalComment",
    "JournalEntry",
    "LearningNeed",
    "Meeting",
    "MeetingFormat",
    "MeetingNote",
    "MentorExclusion",
    "Mentorship",
    "Milestone",
    "OutcomeSurvey",
    "ProgrammeHealthSettings",
    "Prompt",
    "TeachBack",
]
