from django.urls import path

from tandem.matching.views import requests, runs

app_name = "matching"

programme = "programme/<slug:slug>"
run = f"{programme}/runs/<int:pk>"

urlpatterns = [
    path(f"{programme}/runs/", runs.run_list, name="runs"),
    path(f"{programme}/runs/new/", runs.run_create, name="run_create"),
    path(f"{programme}/rules/", runs.rule_create, name="rule_create"),
    path(f"{programme}/rules/<int:pk>/delete/", runs.rule_delete, name="rule_delete"),
    path(f"{programme}/settings/", runs.settings_edit, name="settings"),
    path(f"{run}/", runs.run_detail, name="run_detail"),
    path(f"{run}/progress/", runs.run_progress, name="run_progress"),
    path(f"{run}/export.csv", runs.run_export, name="run_export"),
    path(
        f"{run}/pairs/<int:proposal>/<str:action>/",
        runs.proposal_action,
        name="proposal_action",
    ),
    path(f"{run}/swap/", runs.proposal_swap, name="proposal_swap"),
    path(f"{run}/assign/", runs.proposal_assign, name="proposal_assign"),
    path(f"{run}/unmatched/<int:row>/mentors/", runs.assign_mentor, name="assign_mentor"),
    path(f"{run}/rerun/", runs.run_rerun, name="run_rerun"),
    path(f"{run}/publish/", runs.run_publish, name="run_publish"),
    path(f"{programme}/mentors/", requests.find_mentor, name="find_mentor"),
    path(f"{programme}/mentors/<int:mentor>/ask/", requests.request_create, name="request_create"),
    path("requests/", requests.request_list, name="requests"),
    path("requests/<int:pk>/", requests.request_detail, name="request_detail"),
    path("requests/<int:pk>/<str:action>/", requests.request_respond, name="request_respond"),
]
