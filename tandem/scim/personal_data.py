"""What provisioning holds about a person: the identity provider's own id for them."""

from __future__ import annotations

from typing import Any

from tandem.core.personal_data import ErasureSubject, erases, personal_data
from tandem.scim.models import ProvisionedPerson


@personal_data(section="provisioning", order=25)
def provisioning(user: Any) -> dict[str, Any] | None:
    record = ProvisionedPerson.objects.filter(person__user=user).first()
    if record is None:
        return None
    return {"external_id": record.external_id, "provisioned_at": record.provisioned_at}


@erases(order=80)
def scim_erase_person(subject: ErasureSubject) -> None:
    """The identity provider's id would tie the anonymised row back to the person."""
    ProvisionedPerson.objects.filter(person=subject.person).delete()
