"""Mentorships and everything in them over the API, under the same rules as the pages.

Pair content is listed only for the two members (private kinds only for their author);
mentorship metadata also for the programme's coordinators. Anything else answers 404.
Writes go through the same services as the pages; a refused rule answers 400 with its reason.

The modules mirror `tandem.mentorships.services`."""

from __future__ import annotations

from rest_framework.routers import BaseRouter

from tandem.mentorships.api.charter import CharterViewSet
from tandem.mentorships.api.closure import ClosureReflectionViewSet, OutcomeSurveyViewSet
from tandem.mentorships.api.health import CheckInViewSet, ConcernViewSet
from tandem.mentorships.api.lifecycle import MentorshipViewSet
from tandem.mentorships.api.meetings import (
    ActionItemViewSet,
    AgendaItemViewSet,
    MeetingNoteViewSet,
    MeetingViewSet,
)
from tandem.mentorships.api.plan import (
    GoalCommentViewSet,
    GoalViewSet,
    LearningNeedViewSet,
    MilestoneViewSet,
    OpportunityViewSet,
    TeachBackViewSet,
)
from tandem.mentorships.api.reflection import FeedbackViewSet, JournalEntryViewSet, PromptViewSet


def register(router: BaseRouter) -> None:
    router.register("mentorships", MentorshipViewSet, basename="mentorship")
    router.register("mentorship-charters", CharterViewSet, basename="mentorship-charter")
    router.register("mentorship-goals", GoalViewSet, basename="mentorship-goal")
    router.register(
        "mentorship-goal-comments", GoalCommentViewSet, basename="mentorship-goal-comment"
    )
    router.register("mentorship-milestones", MilestoneViewSet, basename="mentorship-milestone")
    router.register(
        "mentorship-learning-needs", LearningNeedViewSet, basename="mentorship-learning-need"
    )
    router.register(
        "mentorship-opportunities", OpportunityViewSet, basename="mentorship-opportunity"
    )
    router.register("mentorship-teach-backs", TeachBackViewSet, basename="mentorship-teach-back")
    router.register("mentorship-meetings", MeetingViewSet, basename="mentorship-meeting")
    router.register("mentorship-agenda-items", AgendaItemViewSet, basename="mentorship-agenda-item")
    router.register(
        "mentorship-meeting-notes", MeetingNoteViewSet, basename="mentorship-meeting-note"
    )
    router.register("mentorship-action-items", ActionItemViewSet, basename="mentorship-action-item")
    router.register(
        "mentorship-journal-entries", JournalEntryViewSet, basename="mentorship-journal-entry"
    )
    router.register("mentorship-feedback", FeedbackViewSet, basename="mentorship-feedback")
    router.register("mentorship-check-ins", CheckInViewSet, basename="mentorship-check-in")
    router.register("mentorship-concerns", ConcernViewSet, basename="mentorship-concern")
    router.register(
        "mentorship-closure-reflections",
        ClosureReflectionViewSet,
        basename="mentorship-closure-reflection",
    )
    router.register(
        "mentorship-outcome-surveys", OutcomeSurveyViewSet, basename="mentorship-outcome-survey"
    )
    router.register("mentorship-prompts", PromptViewSet, basename="mentorship-prompt")
