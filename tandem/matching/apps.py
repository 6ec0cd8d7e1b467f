from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "tandem.matching"
    label = "matching"

    def ready(self) -> None:
        from tandem.matching.selectors import why_paired
        from tandem.mentorships.overview_panels import overview_panel_register

        overview_panel_register("why_paired", why_paired)
