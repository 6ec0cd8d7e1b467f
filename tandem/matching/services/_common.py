from __future__ import annotations

import logging
from typing import Literal

from tandem.core.errors import ServiceError
from tandem.programmes.models import Programme

# Log lines carry ids and event names only, never anything a person wrote.
logger = logging.getLogger("tandem.matching")


class MatchingError(ServiceError):
    """A matching rule refused the action; the message says why, in words for the user."""


def role_word(programme: Programme, role: Literal["mentor", "mentee", "mentors", "mentees"]) -> str:
    """The programme's word for `role` in the language active now; with `lazy_text`, in the
    language of whoever reads the notice it goes into."""
    labels = programme.labels
    return {
        "mentor": labels.mentor,
        "mentee": labels.mentee,
        "mentors": labels.mentors,
        "mentees": labels.mentees,
    }[role]
