from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CirclesConfig(AppConfig):
    name = "tandem.circles"
    label = "circles"
    verbose_name = _("Group mentoring circles")

    def ready(self) -> None:
        from tandem.circles import receivers
        from tandem.circles.selectors import programmes_placed_in
        from tandem.matching.next_steps import placements_register
        from tandem.people.signals import person_left

        person_left.connect(receivers.on_person_left, dispatch_uid="circles-person-left")
        placements_register("circles", programmes_placed_in)
