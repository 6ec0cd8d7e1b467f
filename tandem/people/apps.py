from typing import Any

from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "tandem.people"
    label = "people"

    def ready(self) -> None:
        from tandem.accounts.signals import account_created, sso_person_known, sso_signed_in

        account_created.connect(_link_person, dispatch_uid="people-link-account")
        sso_signed_in.connect(_update_from_sso, dispatch_uid="people-update-from-sso")
        sso_person_known.connect(_is_known, dispatch_uid="people-known-to-sso")


def _link_person(sender: Any, user: Any, **kwargs: Any) -> None:
    from tandem.people.services import person_link_user

    person_link_user(user=user)


def _update_from_sso(sender: Any, user: Any, claims: Any, **kwargs: Any) -> None:
    from tandem.people.importing import person_update_from_sso

    person_update_from_sso(user=user, claims=claims)


def _is_known(sender: Any, email: str, **kwargs: Any) -> bool:
    from tandem.people.models import Person

    return Person.objects.filter(email=email).exists()
