from django.urls import path

from tandem.nudges import views

app_name = "nudges"

urlpatterns = [
    path("programme/<slug:slug>/", views.nudge_settings, name="settings"),
]
