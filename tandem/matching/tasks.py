from __future__ import annotations

from django_tasks import task

from tandem.matching.services import match_run_execute, match_run_publish_execute


@task()
def execute_match_run(run_id: int) -> None:
    match_run_execute(run_id=run_id)


@task()
def publish_match_run(run_id: int) -> None:
    match_run_publish_execute(run_id=run_id)


@task()
def email_notifications(notification_ids: list[int]) -> None:
    """The emails of one batch of a published run's notices, in one task rather than one each."""
    from tandem.notifications.tasks import notification_email

    for pk in notification_ids:
        notification_email.call(pk)
