"""Periodic jobs of the surveys app."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tandem.core.scheduler import periodic
from tandem.surveys import services


@periodic(every=timedelta(hours=1), name="surveys-after-matching")
def surveys_after_matching() -> None:
    services.surveys_send_after_matching(now=timezone.now())


@periodic(every=timedelta(hours=1), name="survey-reminders")
def survey_reminders() -> None:
    services.survey_reminders_send(now=timezone.now())
