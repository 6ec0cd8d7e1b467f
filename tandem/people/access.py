"""Who a signed-in user is, as a person, and who may import people.

- `signed_in_user` and `person_of` are the one way every view and API call learns who is
  asking.
- Being someone's line manager (`is_line_manager_of`) gives no rights at all: a manager sees
  neither their report's pairs nor anything the pair wrote. It is named here so that nobody
  grants it rights by accident.
- Importing people can rewrite anyone's profile and manager, so it is for operators only
  (`tandem.accounts.access.is_operator`); a coordinator may not import.

Out of scope answers 404, never 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404, HttpRequest

from tandem.accounts.access import AnyUser, is_operator
from tandem.accounts.models import User
from tandem.people.models import Person

if TYPE_CHECKING:
    from rest_framework.request import Request


def signed_in_user(request: HttpRequest | Request) -> User:
    """The signed-in user of a view or API call that already requires sign-in."""
    user = request.user
    if not isinstance(user, User):
        raise Http404("No such page.")
    return user


def person_of(user: AnyUser) -> Person | None:
    """The person a user is, or None (anonymous, or an account with no profile yet)."""
    if not user.is_authenticated:
        return None
    # Read through the account's own accessor, which keeps what it found for the rest of the
    # request: a home page asked for the same person four times.
    try:
        return user.person
    except Person.DoesNotExist:
        return None


def is_line_manager_of(manager: Person, person: Person) -> bool:
    """Whether `manager` is `person`'s direct line manager. It grants nothing by itself."""
    return person.manager_id is not None and person.manager_id == manager.pk


def can_import_people(user: AnyUser) -> bool:
    return is_operator(user)


def can_erase_people(user: AnyUser) -> bool:
    """Erasing a person answers a data-subject request: an operator's task, and nobody else's."""
    return is_operator(user)


def require_eraser(user: AnyUser) -> None:
    if not can_erase_people(user):
        raise Http404("No such page.")


def require_importer(user: AnyUser) -> None:
    if not can_import_people(user):
        raise Http404("No such page.")
