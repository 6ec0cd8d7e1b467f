from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "tandem.notifications"
    label = "notifications"

    def ready(self) -> None:
        from tandem.mentorships.signals import concern_raised, meetings_changed, mentorship_event
        from tandem.notifications import receivers
        from tandem.programmes.signals import enrolment_decided, invitation_sent

        mentorship_event.connect(receivers.on_mentorship_event, dispatch_uid="notify-events")
        concern_raised.connect(receivers.on_concern_raised, dispatch_uid="notify-concerns")
        meetings_changed.connect(receivers.on_meetings_changed, dispatch_uid="meeting-invitations")
        enrolment_decided.connect(receivers.on_enrolment_decided, dispatch_uid="email-decisions")
        invitation_sent.connect(receivers.on_invitation_sent, dispatch_uid="email-invitations")
