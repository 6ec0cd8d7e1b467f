from django.urls import path

from tandem.reports import views

app_name = "reports"

urlpatterns = [
    path("<slug:slug>/", views.programme_dashboard, name="programme"),
    path("<slug:slug>/pairs.csv", views.programme_pairs_csv, name="programme_csv"),
]
