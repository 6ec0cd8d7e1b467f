from __future__ import annotations

from django_tasks import task

from tandem.circles.services.runs import group_run_execute


@task()
def execute_group_run(run_id: int) -> None:
    group_run_execute(run_id=run_id)
