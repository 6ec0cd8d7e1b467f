from __future__ import annotations

import logging

# Log lines carry ids and event names only, never anything a person wrote.
logger = logging.getLogger("tandem.matching")


class MatchingError(Exception):
    """A matching rule refused the action; the message says why, in words for the user."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
