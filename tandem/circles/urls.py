from django.urls import path

from tandem.circles.views import (
    browse,
    charter,
    circle,
    coordinator,
    forming,
    goals,
    meetings,
    reflection,
    runs,
)

app_name = "circles"

programme = "programme/<slug:slug>"
run = f"{programme}/group-runs/<int:pk>"

urlpatterns = [
    path("mine/", circle.mine, name="mine"),
    path("<int:pk>/", circle.overview, name="overview"),
    path("<int:pk>/leave/", circle.leave, name="leave"),
    path("<int:pk>/close/", circle.close, name="close"),
    path("<int:pk>/charter/", charter.charter, name="charter"),
    path("<int:pk>/charter/v<int:number>/", charter.charter_version, name="charter_version"),
    path("<int:pk>/charter/edit/", charter.charter_edit, name="charter_edit"),
    path("<int:pk>/charter/sign/", charter.charter_sign, name="charter_sign"),
    path("<int:pk>/goals/", goals.goals, name="goals"),
    path("<int:pk>/goals/<int:goal_pk>/", goals.goal_detail, name="goal_detail"),
    path("<int:pk>/goals/<int:goal_pk>/progress/", goals.goal_progress, name="goal_progress"),
    path("<int:pk>/meetings/", meetings.meetings, name="meetings"),
    path("<int:pk>/meetings/<int:meeting_pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("<int:pk>/meetings/<int:meeting_pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path(
        "<int:pk>/meetings/<int:meeting_pk>/cancel/",
        meetings.meeting_cancel,
        name="meeting_cancel",
    ),
    path(
        "<int:pk>/meetings/<int:meeting_pk>/attendance/",
        meetings.meeting_record,
        name="meeting_record",
    ),
    path("<int:pk>/meetings/<int:meeting_pk>/agenda/", meetings.agenda_add, name="agenda_add"),
    path(
        "<int:pk>/meetings/<int:meeting_pk>/agenda/<int:item_pk>/remove/",
        meetings.agenda_remove,
        name="agenda_remove",
    ),
    path(
        "<int:pk>/meetings/<int:meeting_pk>/notes/<str:kind>/",
        meetings.note_save,
        name="note_save",
    ),
    path(
        "<int:pk>/meetings/<int:meeting_pk>/meeting.ics", meetings.meeting_ics, name="meeting_ics"
    ),
    path("<int:pk>/journal/", reflection.journal, name="journal"),
    path("<int:pk>/journal/<int:entry_pk>/", reflection.journal_entry, name="journal_entry"),
    path("<int:pk>/journal/<int:entry_pk>/share/", reflection.journal_share, name="journal_share"),
    path("<int:pk>/check-ins/", reflection.check_ins, name="check_ins"),
    path("<int:pk>/concerns/", reflection.concerns, name="concerns"),
    path(
        "programme/<slug:slug>/<int:pk>/",
        coordinator.coordinator_detail,
        name="coordinator_detail",
    ),
    path(
        "programme/<slug:slug>/<int:pk>/close/",
        coordinator.coordinator_close,
        name="coordinator_close",
    ),
    path(
        "programme/<slug:slug>/<int:pk>/concerns/<int:concern_pk>/read/",
        coordinator.concern_acknowledge,
        name="concern_acknowledge",
    ),
    path(f"{programme}/group-settings/", forming.settings_edit, name="group_settings"),
    path(f"{programme}/circles/", forming.circle_list, name="coordinator_list"),
    path(f"{programme}/circles/new/", forming.circle_create, name="circle_create"),
    path(
        f"{programme}/circles/<int:pk>/members/",
        forming.circle_members_page,
        name="coordinator_members",
    ),
    path(
        f"{programme}/circles/<int:pk>/members/<int:member>/remove/",
        forming.member_remove,
        name="member_remove",
    ),
    path(f"{programme}/group-runs/", runs.run_list, name="group_runs"),
    path(f"{programme}/group-runs/new/", runs.run_create, name="group_run_create"),
    path(f"{run}/", runs.run_detail, name="group_run"),
    path(f"{run}/progress/", runs.run_progress, name="group_run_progress"),
    path(f"{run}/placements/<int:placement>/move/", runs.placement_move, name="placement_move"),
    path(
        f"{run}/placements/<int:placement>/remove/",
        runs.placement_remove,
        name="placement_remove",
    ),
    path(f"{run}/unplaced/<int:row>/place/", runs.unplaced_place, name="unplaced_place"),
    path(f"{run}/circles/<int:circle>/rename/", runs.circle_rename, name="proposed_rename"),
    path(f"{run}/publish/", runs.run_publish, name="group_run_publish"),
    path(f"{programme}/join/", browse.browse, name="browse"),
    path(f"{programme}/join/<int:pk>/", browse.join, name="join"),
]
