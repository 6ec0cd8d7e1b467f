from __future__ import annotations

from tandem.core.errors import ServiceError


class CircleError(ServiceError):
    """A rule of group mentoring refused the action; the message says why, for the user."""
