from django.contrib import admin

from tandem.core.models import Heartbeat, ScheduledJobRun


@admin.register(ScheduledJobRun)
class ScheduledJobRunAdmin(admin.ModelAdmin):
    list_display = ["name", "last_started_at", "last_finished_at"]
    readonly_fields = ["name", "last_started_at", "last_finished_at", "last_error"]


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ["kind", "process_id", "host", "pid", "beat_at", "last_pass_at"]
    list_filter = ["kind"]
    readonly_fields = ["kind", "process_id", "host", "pid", "started_at", "beat_at", "last_pass_at"]
