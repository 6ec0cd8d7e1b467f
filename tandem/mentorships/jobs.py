from __future__ import annotations

from datetime import timedelta

from tandem.core.scheduler import periodic
from tandem.mentorships.services import mentorships_purge_expired


@periodic(every=timedelta(hours=24), name="purge-closed-pair-content")
def purge_closed_pair_content() -> None:
    mentorships_purge_expired()
