from django.contrib import admin

from tandem.matching.models import (
    MatchingSettings,
    MatchProposal,
    MatchRun,
    MentorRequest,
    PairRule,
    UnmatchedMentee,
)


@admin.register(MatchRun)
class MatchRunAdmin(admin.ModelAdmin[MatchRun]):
    list_display = ["pk", "programme", "mode", "status", "created_by", "created_at"]
    list_filter = ["status", "mode"]
    search_fields = ["programme__name"]
    raw_id_fields = ["programme", "created_by", "parent", "published_by"]
    readonly_fields = ["metrics", "rules", "weights"]


@admin.register(MatchProposal)
class MatchProposalAdmin(admin.ModelAdmin[MatchProposal]):
    list_display = ["run", "mentee", "mentor", "score", "pinned", "origin"]
    raw_id_fields = ["run", "mentee", "mentor"]
    list_select_related = ["mentee", "mentor"]


@admin.register(UnmatchedMentee)
class UnmatchedMenteeAdmin(admin.ModelAdmin[UnmatchedMentee]):
    list_display = ["run", "mentee", "reason"]
    raw_id_fields = ["run", "mentee"]
    list_select_related = ["mentee"]


@admin.register(PairRule)
class PairRuleAdmin(admin.ModelAdmin[PairRule]):
    list_display = ["programme", "mentee", "mentor", "kind", "created_at"]
    list_filter = ["kind"]
    raw_id_fields = ["programme", "mentee", "mentor", "created_by"]


@admin.register(MentorRequest)
class MentorRequestAdmin(admin.ModelAdmin[MentorRequest]):
    # What the mentee wrote is meant for the mentor only: the admin shows the metadata.
    list_display = ["programme", "mentee", "mentor", "status", "created_at", "expires_at"]
    list_filter = ["status"]
    raw_id_fields = ["programme", "mentee", "mentor", "mentorship"]
    exclude = ["hope_to_gain", "why_this_mentor", "response_note"]


@admin.register(MatchingSettings)
class MatchingSettingsAdmin(admin.ModelAdmin[MatchingSettings]):
    list_display = ["programme", "request_expiry_days", "max_pending_requests"]
    raw_id_fields = ["programme"]
