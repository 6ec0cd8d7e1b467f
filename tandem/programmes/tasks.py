from __future__ import annotations

import logging

from django_tasks import task

from tandem.programmes.services import invitation_batch_fail, invitation_batch_run

logger = logging.getLogger(__name__)


@task()
def run_invitation_batch(batch_id: int) -> None:
    try:
        invitation_batch_run(batch_id=batch_id)
    except Exception:
        logger.exception("Invitation batch %s failed", batch_id)
        invitation_batch_fail(batch_id=batch_id)
        raise
