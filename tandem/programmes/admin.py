from __future__ import annotations

from django.contrib import admin

from tandem.programmes.models import EmailSuppression, Enrolment, Invitation, Programme, Question


class QuestionInline(admin.TabularInline[Question, Programme]):
    model = Question
    extra = 0
    fields = ["order", "key", "text", "kind", "choices", "required", "is_core"]
    readonly_fields = ["is_core"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin[Programme]):
    list_display = ["name", "kind", "status", "matching_mode", "starts_on", "ends_on"]
    list_filter = ["status", "kind", "matching_mode"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["coordinators"]
    inlines = [QuestionInline]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin[Enrolment]):
    list_display = ["person", "programme", "role", "status", "capacity", "created_at"]
    list_filter = ["status", "role", "programme"]
    search_fields = ["person__name", "person__email", "programme__name"]
    list_select_related = ["person", "programme"]
    raw_id_fields = ["person", "decided_by"]
    filter_horizontal = ["skills_wanted"]
    readonly_fields = ["decided_at", "notified_status", "created_at", "updated_at"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin[Invitation]):
    list_display = ["email", "programme", "role", "sent_at", "send_count", "accepted_at"]
    list_filter = ["programme", "role"]
    search_fields = ["email"]
    list_select_related = ["programme"]
    raw_id_fields = ["invited_by"]
    readonly_fields = ["token", "sent_at", "send_count", "accepted_at"]


@admin.register(EmailSuppression)
class EmailSuppressionAdmin(admin.ModelAdmin[EmailSuppression]):
    list_display = ["email", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["email"]
