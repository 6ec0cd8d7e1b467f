from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("tandem.core.urls")),
    # set_language: the footer's language switcher for signed-out visitors.
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("tandem.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("people/", include("tandem.people.urls")),
    path("programmes/", include("tandem.programmes.urls")),
    path("matching/", include("tandem.matching.urls")),
    path("mentorships/", include("tandem.mentorships.urls")),
    path("notifications/", include("tandem.notifications.urls")),
    path("nudges/", include("tandem.nudges.urls")),
    path("chat/", include("tandem.chat.urls")),
    path("surveys/", include("tandem.surveys.urls")),
    path("announcements/", include("tandem.announcements.urls")),
    path("flash/", include("tandem.flash.urls")),
    path("circles/", include("tandem.circles.urls")),
    path("reports/", include("tandem.reports.urls")),
    path("api/", include("tandem.api.urls")),
    path("scim/", include("tandem.scim.urls")),
    path("admin/", admin.site.urls),
]
