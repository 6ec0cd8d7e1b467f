from django.urls import path

from tandem.announcements import views

app_name = "announcements"

urlpatterns = [
    path("<int:pk>/", views.announcement_detail, name="detail"),
    path("programme/<slug:slug>/", views.coordinator_list, name="coordinator_list"),
    path("programme/<slug:slug>/new/", views.announcement_post, name="post"),
    path(
        "programme/<slug:slug>/<int:pk>/withdraw/",
        views.announcement_withdraw,
        name="withdraw",
    ),
]
