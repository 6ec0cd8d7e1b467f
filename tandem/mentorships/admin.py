"""The operator sees metadata only: every field a person wrote is left out of the admin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from tandem.mentorships import models as m


class MetadataAdmin(admin.ModelAdmin):
    """Read-only, and blind to the fields listed in `content_fields`."""

    content_fields: tuple[str, ...] = ()

    def get_exclude(self, request: HttpRequest, obj: Model | None = None) -> Any:
        return self.content_fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(m.Mentorship)
class MentorshipAdmin(MetadataAdmin):
    content_fields = ("exit_reason",)
    list_display = ("pk", "programme", "mentee", "mentor", "state", "outcome", "started_at")
    list_filter = ("state", "outcome", "programme")
    search_fields = ("mentee__name", "mentor__name", "programme__name")
    list_select_related = ("programme", "mentee", "mentor")


@admin.register(m.MentorExclusion)
class MentorExclusionAdmin(admin.ModelAdmin):
    list_display = ("programme", "mentee", "mentor", "reason", "created_at")
    list_filter = ("reason",)
    raw_id_fields = ("mentee", "mentor", "mentorship")
    list_select_related = ("programme", "mentee", "mentor")


@admin.register(m.ProgrammeHealthSettings)
class ProgrammeHealthSettingsAdmin(admin.ModelAdmin):
    list_display = ("programme", "checkin_interval_days", "contact_amber_days", "contact_red_days")


@admin.register(m.Prompt)
class PromptAdmin(admin.ModelAdmin):
    list_display = ("text", "purpose", "programme", "order")
    list_filter = ("purpose", "programme")


@admin.register(m.CharterVersion)
class CharterVersionAdmin(MetadataAdmin):
    content_fields = m.CharterVersion.CONTENT_FIELDS
    list_display = ("mentorship", "number", "cadence", "mentee_signed_at", "mentor_signed_at")


@admin.register(m.Goal)
class GoalAdmin(MetadataAdmin):
    content_fields = ("title", "description", "success_criterion")
    list_display = ("pk", "mentorship", "status", "progress", "is_stretch", "target_on")


@admin.register(m.Milestone)
class MilestoneAdmin(MetadataAdmin):
    content_fields = ("title",)
    list_display = ("pk", "goal", "due_on", "reached_at")


@admin.register(m.GoalComment)
class GoalCommentAdmin(MetadataAdmin):
    content_fields = ("text",)
    list_display = ("pk", "goal", "author", "created_at")


@admin.register(m.LearningNeed)
class LearningNeedAdmin(MetadataAdmin):
    content_fields = ("description",)
    list_display = ("pk", "mentorship", "created_at")


@admin.register(m.DevelopmentOpportunity)
class DevelopmentOpportunityAdmin(MetadataAdmin):
    content_fields = ("title", "details")
    list_display = ("pk", "mentorship", "kind", "status")


@admin.register(m.TeachBack)
class TeachBackAdmin(MetadataAdmin):
    content_fields = ("description", "audience")
    list_display = ("pk", "mentorship", "taught_on")


@admin.register(m.Meeting)
class MeetingAdmin(MetadataAdmin):
    content_fields = ("location", "video_link")
    list_display = ("pk", "mentorship", "starts_at", "duration_minutes", "status")
    list_filter = ("status",)


@admin.register(m.AgendaItem)
class AgendaItemAdmin(MetadataAdmin):
    content_fields = ("text",)
    list_display = ("pk", "meeting", "author", "created_at")


@admin.register(m.MeetingNote)
class MeetingNoteAdmin(MetadataAdmin):
    content_fields = ("body",)
    list_display = ("pk", "meeting", "is_private", "updated_at")


@admin.register(m.ActionItem)
class ActionItemAdmin(MetadataAdmin):
    content_fields = ("text",)
    list_display = ("pk", "mentorship", "owner", "due_on", "done_at")


@admin.register(m.Attendance)
class AttendanceAdmin(MetadataAdmin):
    list_display = ("meeting", "person", "status")


@admin.register(m.JournalEntry)
class JournalEntryAdmin(MetadataAdmin):
    content_fields = ("title", "body")
    list_display = ("pk", "mentorship", "author", "shared_at", "created_at")


@admin.register(m.Feedback)
class FeedbackAdmin(MetadataAdmin):
    content_fields = ("keep", "try_next")
    list_display = ("pk", "mentorship", "author", "created_at")


@admin.register(m.CheckIn)
class CheckInAdmin(MetadataAdmin):
    content_fields = ("comment",)
    list_display = (
        "pk",
        "mentorship",
        "author",
        "engagement",
        "flexibility",
        "authenticity",
        "reciprocity",
        "created_at",
    )


@admin.register(m.Concern)
class ConcernAdmin(MetadataAdmin):
    content_fields = ("text",)
    list_display = ("pk", "mentorship", "raised_by", "audience", "created_at", "acknowledged_at")


@admin.register(m.ClosureReflection)
class ClosureReflectionAdmin(MetadataAdmin):
    content_fields = ("went_well", "learnt", "next_steps")
    list_display = ("pk", "mentorship", "author", "shared_with_partner", "created_at")


@admin.register(m.OutcomeSurvey)
class OutcomeSurveyAdmin(MetadataAdmin):
    list_display = (
        "mentorship",
        "respondent",
        "goals_achieved",
        "confidence_before",
        "confidence_after",
        "would_recommend",
    )


@admin.register(m.CalendarFeed)
class CalendarFeedAdmin(MetadataAdmin):
    # The token is a credential: the operator revokes feeds but never reads them.
    content_fields = ("token",)
    list_display = ("pk", "person", "created_at", "last_used_at", "revoked_at")
