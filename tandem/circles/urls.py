from django.urls import path

from tandem.circles.views import browse, forming, runs

app_name = "circles"

programme = "programme/<slug:slug>"
run = f"{programme}/group-runs/<int:pk>"

urlpatterns = [
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
