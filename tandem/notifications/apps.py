from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "tandem.notifications"
    label = "notifications"

    def ready(self) -> None:
        from tandem.mentorships.signals import concern_raised, mentorship_event
        from tandem.notifications import receivers

        mentorship_event.connect(receivers.on_mentorship_event, dispatch_uid="notify-events")
        concern_raised.connect(receivers.on_concern_raised, dispatch_uid="notify-concerns")
