from django.apps import AppConfig


class FlashConfig(AppConfig):
    name = "tandem.flash"
    label = "flash"
