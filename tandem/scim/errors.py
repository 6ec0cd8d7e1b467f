"""The one refusal of provisioning, carrying what RFC 7644 §3.12 asks an error to say."""

from __future__ import annotations

from tandem.core.errors import ServiceError


class ScimError(ServiceError):
    """A SCIM request refused: the HTTP `status` and, for a 400 or 409, its `scim_type`
    (invalidFilter, invalidSyntax, invalidPath, invalidValue, noTarget, mutability,
    uniqueness, tooMany)."""

    def __init__(self, message: str, *, status: int = 400, scim_type: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.scim_type = scim_type


def invalid_value(message: str) -> ScimError:
    return ScimError(message, scim_type="invalidValue")


def not_found(what: str, scim_id: str) -> ScimError:
    return ScimError(f"No {what} with id {scim_id!r}.", status=404)
