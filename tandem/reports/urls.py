from django.urls import path

from tandem.reports import organisation_views, views

app_name = "reports"

urlpatterns = [
    path("", organisation_views.organisation, name="organisation"),
    # No trailing slash, so no programme's slug can take these paths.
    path("<str:figure>.csv", organisation_views.organisation_csv, name="organisation_csv"),
    path("<slug:slug>/", views.programme_dashboard, name="programme"),
    path("<slug:slug>/pairs.csv", views.programme_pairs_csv, name="programme_csv"),
]
