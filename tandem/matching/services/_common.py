from __future__ import annotations

import logging

from tandem.core.errors import ServiceError

# Log lines carry ids and event names only, never anything a person wrote.
logger = logging.getLogger("tandem.matching")


class MatchingError(ServiceError):
    """A matching rule refused the action; the message says why, in words for the user."""
