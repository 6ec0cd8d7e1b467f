from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChatConfig(AppConfig):
    name = "tandem.chat"
    label = "chat"
    verbose_name = _("Chat channels")

    def ready(self) -> None:
        from tandem.announcements.signals import announcement_posted
        from tandem.chat import receivers
        from tandem.circles.signals import circle_concern_raised
        from tandem.mentorships.signals import concern_raised

        concern_raised.connect(receivers.on_concern_raised, dispatch_uid="chat-concerns")
        circle_concern_raised.connect(
            receivers.on_circle_concern_raised, dispatch_uid="chat-circle-concerns"
        )
        announcement_posted.connect(
            receivers.on_announcement_posted, dispatch_uid="chat-announcements"
        )
