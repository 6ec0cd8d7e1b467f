from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "tandem.surveys"
    label = "surveys"

    def ready(self) -> None:
        from tandem.mentorships.signals import mentorship_event
        from tandem.surveys import receivers

        mentorship_event.connect(receivers.on_mentorship_event, dispatch_uid="survey-events")
