from django.contrib import admin

from tandem.people.models import (
    Department,
    ImportJob,
    Language,
    Person,
    PersonSkill,
    Skill,
    SkillAlias,
)


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin[Department]):
    search_fields = ["name"]


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin[Language]):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


class SkillAliasInline(admin.TabularInline[SkillAlias, Skill]):
    model = SkillAlias
    extra = 1


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin[Skill]):
    list_display = ["name", "slug"]
    search_fields = ["name", "aliases__alias"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SkillAliasInline]


class PersonSkillInline(admin.TabularInline[PersonSkill, Person]):
    model = PersonSkill
    extra = 0
    autocomplete_fields = ["skill"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin[Person]):
    list_display = ["name", "email", "job_title", "department", "manager", "timezone"]
    list_filter = ["department"]
    search_fields = ["name", "email", "job_title"]
    list_select_related = ["department", "manager"]
    autocomplete_fields = ["manager", "department"]
    raw_id_fields = ["user"]
    filter_horizontal = ["languages"]
    readonly_fields = ["created_at", "updated_at", "profile_completed_at"]
    inlines = [PersonSkillInline]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin[ImportJob]):
    list_display = ["filename", "created_by", "status", "total_rows", "created_at"]
    list_filter = ["status"]
    # The uploaded file holds personal data; the admin shows the outcome, not the content.
    exclude = ["source"]
    readonly_fields = [
        "created_by",
        "filename",
        "status",
        "total_rows",
        "processed_rows",
        "errors",
        "error_count",
        "created_count",
        "updated_count",
        "unchanged_count",
        "started_at",
        "finished_at",
    ]

    def has_add_permission(self, request: object) -> bool:
        return False
