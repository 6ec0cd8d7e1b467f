from typing import Any

from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "tandem.programmes"
    label = "programmes"

    def ready(self) -> None:
        from tandem.accounts.signals import sso_person_known

        sso_person_known.connect(_is_invited, dispatch_uid="programmes-known-to-sso")


def _is_invited(sender: Any, email: str, **kwargs: Any) -> bool:
    """Someone invited to a programme may sign on even where strangers may not."""
    from tandem.programmes.models import Invitation

    return Invitation.objects.filter(email=email).exists()
