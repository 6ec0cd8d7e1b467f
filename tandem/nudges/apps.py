from django.apps import AppConfig


class NudgesConfig(AppConfig):
    name = "tandem.nudges"
    label = "nudges"
    verbose_name = "Nudges and alerts"
