"""A survey sent to someone waits on their home page until they answer it or it closes."""

from __future__ import annotations

from django.urls import reverse

from tandem.accounts.models import User
from tandem.core.next_steps import NextStep, next_steps
from tandem.surveys.selectors import open_deliveries_for


@next_steps(order=55)
def survey_steps(user: User) -> list[NextStep]:
    person = getattr(user, "person", None)
    if person is None:
        return []
    return [
        NextStep(
            f"Answer the survey “{delivery.survey.title}”",
            f"From {delivery.survey.programme.name}: a few questions, a few minutes.",
            reverse("surveys:respond", args=[delivery.token]),
            "Answer the survey",
        )
        for delivery in open_deliveries_for(person)
    ]
