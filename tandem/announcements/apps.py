from django.apps import AppConfig


class AnnouncementsConfig(AppConfig):
    name = "tandem.announcements"
    label = "announcements"
