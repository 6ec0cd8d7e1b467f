from typing import Any

from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "tandem.people"
    label = "people"

    def ready(self) -> None:
        from tandem.accounts.signals import account_created

        account_created.connect(_link_person, dispatch_uid="people-link-account")


def _link_person(sender: Any, user: Any, **kwargs: Any) -> None:
    from tandem.people.services import person_link_user

    person_link_user(user=user)
