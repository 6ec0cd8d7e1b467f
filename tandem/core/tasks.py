from __future__ import annotations

from django_tasks import task


@task()
def periodic_job_run(name: str) -> None:
    from tandem.core.scheduler import job_run

    job_run(name)
