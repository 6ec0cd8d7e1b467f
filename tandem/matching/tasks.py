from __future__ import annotations

from django_tasks import task

from tandem.matching.services import match_run_execute


@task()
def execute_match_run(run_id: int) -> None:
    match_run_execute(run_id=run_id)
