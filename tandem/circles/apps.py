from django.apps import AppConfig


class CirclesConfig(AppConfig):
    name = "tandem.circles"
    label = "circles"
    verbose_name = "Group mentoring circles"
