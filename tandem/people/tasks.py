from __future__ import annotations

from django_tasks import task

from tandem.people.importing import import_job_run


@task()
def run_people_import(job_id: int) -> None:
    import_job_run(job_id=job_id)
