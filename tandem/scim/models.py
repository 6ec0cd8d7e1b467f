"""Provisioning from the organisation's identity provider: its tokens and its own ids."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from tandem.people.models import Department, Person


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ScimToken(models.Model):
    """The bearer token an identity provider sends on every SCIM request.

    Only its hash is stored; the key is shown once, to the operator who created it. It belongs
    to the platform rather than to its creator, so provisioning does not stop when that operator
    leaves: it works until an operator revokes it.
    """

    PREFIX_LENGTH = 8

    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=PREFIX_LENGTH)
    key_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, *, name: str, created_by: object) -> tuple[ScimToken, str]:
        key = secrets.token_urlsafe(32)
        token = cls.objects.create(
            name=name,
            prefix=key[: cls.PREFIX_LENGTH],
            key_hash=hash_key(key),
            created_by=created_by,
        )
        return token, key

    @classmethod
    def find(cls, key: str) -> ScimToken | None:
        return cls.objects.select_related("created_by").filter(key_hash=hash_key(key)).first()


class ProvisionedPerson(models.Model):
    """The identity provider's own id for a person (SCIM `externalId`)."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, primary_key=True, related_name="provisioning"
    )
    external_id = models.CharField(max_length=255, blank=True, db_index=True)
    provisioned_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"person {self.person_id}"


class ProvisionedDepartment(models.Model):
    """The identity provider's own id for a department it pushes as a SCIM group."""

    department = models.OneToOneField(
        Department, on_delete=models.CASCADE, primary_key=True, related_name="provisioning"
    )
    external_id = models.CharField(max_length=255, blank=True, db_index=True)

    def __str__(self) -> str:
        return f"department {self.department_id}"
