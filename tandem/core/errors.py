"""The one error a service raises when a rule refuses an action.

A service says *why* in words for the user (`message`) and, when the refusal concerns one
input, *which* (`field`). Each app subclasses `ServiceError` (MentorshipError, MatchingError,
ProgrammeError...). Views show it with `tandem.core.forms.add_service_error`; the API turns it
into a 400 with field errors in `tandem.api.errors.exception_handler`. Nothing else catches it
by hand.

This module is the ground floor: it imports no domain app.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Self

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

NON_FIELD = "non_field_errors"
"""The key of errors that concern the whole request rather than one field."""


class ServiceError(Exception):
    """A rule refused the action.

    `field` is the input it concerns, or None for the request as a whole. A refusal that
    concerns several inputs at once (a form checked in one go) carries them all in `errors`,
    keyed by field; `field` and `message` are then its first entry.
    """

    def __init__(
        self,
        message: str = "",
        *,
        field: str | None = None,
        errors: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        if errors:
            self.errors = {key: [str(m) for m in messages] for key, messages in errors.items()}
            first_key, first_messages = next(iter(self.errors.items()))
            field = field or (None if first_key == NON_FIELD else first_key)
            message = message or first_messages[0]
        else:
            self.errors = {field or NON_FIELD: [message]}
        super().__init__(message)
        self.message = message
        self.field = field

    @property
    def messages(self) -> list[str]:
        """Every message, in order: for a flash message when there is no form to show them on."""
        return [message for messages in self.errors.values() for message in messages]

    @classmethod
    def from_validation_error(cls, error: ValidationError) -> Self:
        """A model's `full_clean()` refusal, as this app's service error."""
        if not hasattr(error, "error_dict"):
            return cls(errors={NON_FIELD: error.messages})
        return cls(
            errors={
                NON_FIELD if name == NON_FIELD_ERRORS else name: messages
                for name, messages in error.message_dict.items()
            }
        )
