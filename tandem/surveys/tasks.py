from __future__ import annotations

from django_tasks import task

from tandem.surveys import services
from tandem.surveys.models import Survey


@task()
def survey_send_once_task(survey_id: int) -> int:
    """Send a survey to its programme; a retry sends only to those it had not reached."""
    survey = Survey.objects.select_related("programme").filter(pk=survey_id).first()
    if survey is None:
        return 0
    return services.survey_send_once(survey=survey)
