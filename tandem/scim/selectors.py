"""Reads for provisioning: people and departments as the identity provider sees them."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from tandem.people.models import Department, Person
from tandem.scim.models import ScimToken


def scim_tokens() -> QuerySet[ScimToken]:
    return ScimToken.objects.select_related("created_by")


def provisioned_people(condition: Q | None = None) -> QuerySet[Person]:
    """Everyone in the organisation but the erased, whose rows are no longer a person's."""
    people = Person.objects.filter(erased_at__isnull=True)
    if condition is not None:
        people = people.filter(condition)
    return people.select_related("department", "manager", "provisioning").order_by("pk")


def provisioned_person(scim_id: str) -> Person | None:
    if not scim_id.isdigit():
        return None
    return provisioned_people().filter(pk=int(scim_id)).first()


def people_by_ids(ids: list[str]) -> dict[str, Person]:
    """The people these SCIM ids name, by id; ids that name no one are left out."""
    wanted = [int(i) for i in ids if i.isdigit()]
    found = Person.objects.filter(pk__in=wanted, erased_at__isnull=True)
    return {str(person.pk): person for person in found}


def departments(condition: Q | None = None, *, members: bool = True) -> QuerySet[Department]:
    groups = Department.objects.select_related("provisioning")
    if condition is not None:
        # A condition on members joins people; each department is listed once.
        groups = groups.filter(pk__in=Department.objects.filter(condition).values("pk"))
    if members:
        groups = groups.prefetch_related(
            Prefetch(
                "people",
                queryset=Person.objects.filter(erased_at__isnull=True).only(
                    "pk", "name", "department_id"
                ),
            )
        )
    return groups.order_by("pk")


def department(scim_id: str, *, members: bool = True) -> Department | None:
    if not scim_id.isdigit():
        return None
    return departments(members=members).filter(pk=int(scim_id)).first()
