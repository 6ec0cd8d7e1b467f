"""A survey sent to someone waits on their home page until they answer it or it closes."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

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
            _("Answer the survey “%(title)s”") % {"title": delivery.survey.title},
            _("From %(programme)s: a few questions, a few minutes.")
            % {"programme": delivery.survey.programme.name},
            reverse("surveys:respond", args=[delivery.token]),
            _("Answer the survey"),
        )
        for delivery in open_deliveries_for(person)
    ]
