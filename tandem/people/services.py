from __future__ import annotations

from django.db import transaction

from tandem.accounts.models import User
from tandem.people.models import Person


@transaction.atomic
def person_link_user(*, user: User) -> Person:
    """Give a user their Person: the imported one with the same email, or a new one."""
    person = Person.objects.select_for_update().filter(email=user.email).first()
    if person is None:
        return Person.objects.create(user=user, email=user.email, name=user.name or user.email)
    if person.user_id != user.pk:
        person.user = user
        if not person.name:
            person.name = user.name or user.email
        person.save(update_fields=["user", "name", "updated_at"])
    return person
