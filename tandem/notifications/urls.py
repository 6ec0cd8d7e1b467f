from django.urls import path

from tandem.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read/", views.notification_mark_read, name="mark_read"),
    path("preferences/", views.notification_preferences, name="preferences"),
    path(
        "unsubscribe/invitations/<str:token>/",
        views.invitation_unsubscribe_link,
        name="unsubscribe_invitations",
    ),
    path("unsubscribe/<str:token>/", views.notification_unsubscribe_link, name="unsubscribe"),
    path("emails/<slug:slug>/", views.email_template_list, name="emails"),
    path("emails/<slug:slug>/<slug:key>/", views.email_template_edit, name="email_edit"),
    path(
        "emails/<slug:slug>/<slug:key>/reset/",
        views.email_template_reset_view,
        name="email_reset",
    ),
]
