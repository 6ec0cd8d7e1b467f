from __future__ import annotations

from tandem.core.errors import ServiceError


class ProgrammeError(ServiceError):
    """A programme rule refused the action; the message says why, in words for the user."""
