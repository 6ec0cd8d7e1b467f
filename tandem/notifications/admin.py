from django.contrib import admin

from tandem.notifications.models import Notification, NotificationPreference, SentEmail


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    # The body can quote what a participant chose to send; the operator sees metadata only.
    list_display = ["recipient", "kind", "created_at", "read_at"]
    list_filter = ["kind"]
    fields = ["recipient", "kind", "dedupe_key", "digest", "digest_key", "created_at", "read_at"]
    readonly_fields = [
        "recipient",
        "kind",
        "dedupe_key",
        "digest",
        "digest_key",
        "created_at",
        "read_at",
    ]
    search_fields = ["recipient__email", "kind"]


@admin.register(SentEmail)
class SentEmailAdmin(admin.ModelAdmin):
    list_display = ["key", "to", "status", "attempts", "sent_at"]
    list_filter = ["status"]
    fields = ["key", "to", "status", "attempts", "error", "created_at", "sent_at"]
    readonly_fields = ["key", "to", "status", "attempts", "error", "created_at", "sent_at"]
    search_fields = ["to", "key"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "category", "delivery", "updated_at"]
    list_filter = ["category", "delivery"]
    fields = ["user", "category", "delivery", "updated_at"]
    readonly_fields = ["user", "category", "delivery", "updated_at"]
    search_fields = ["user__email"]
