"""A survey's invitation and reminder are written in each person's language, not in the
language of the coordinator who sent it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.utils import translation

from tandem.core.testing.languages import speaks, translated
from tandem.notifications.models import Notification
from tandem.programmes.models import Enrolment, Programme
from tandem.surveys import services
from tandem.surveys.jobs import survey_reminders
from tandem.surveys.models import Question

from .conftest import build_survey, enrol

pytestmark = pytest.mark.django_db

INVITED = "A short survey from %(programme)s: %(title)s"
STILL_OPEN = "Still open: %(title)s, a short survey from %(programme)s"
SURVEY = {
    "fr": {
        INVITED: "Une courte enquête de %(programme)s : %(title)s",
        STILL_OPEN: "Toujours ouverte : %(title)s, une courte enquête de %(programme)s",
    },
    "de": {
        INVITED: "Eine kurze Umfrage von %(programme)s: %(title)s",
        STILL_OPEN: "Noch offen: %(title)s, eine kurze Umfrage von %(programme)s",
    },
}


def test_each_person_is_invited_and_reminded_in_their_own_language(
    programme: Programme, clock: Callable[..., Any]
) -> None:
    french, german, unchosen = enrol(programme, Enrolment.Role.MENTEE, 3)
    speaks(french, "fr")
    speaks(german, "de")
    survey = build_survey(programme, kinds=(Question.Kind.RATING,))
    services.survey_activate(survey=survey)
    name = programme.name

    # The coordinator sends from a page in Spanish; the reminder job runs a week later.
    with translated(SURVEY):
        with translation.override("es"):
            assert services.survey_send_once(survey=survey) == 3
        clock(days=7)
        survey_reminders()

    def told(kind: str) -> dict[int, str]:
        notices = Notification.objects.filter(kind=kind).values_list("recipient_id", "title")
        return dict(notices)

    assert told("survey.sent") == {
        french.user_id: f"Une courte enquête de {name} : How is it going?",
        german.user_id: f"Eine kurze Umfrage von {name}: How is it going?",
        unchosen.user_id: f"A short survey from {name}: How is it going?",
    }
    assert told("survey.reminder") == {
        french.user_id: f"Toujours ouverte : How is it going?, une courte enquête de {name}",
        german.user_id: f"Noch offen: How is it going?, eine kurze Umfrage von {name}",
        unchosen.user_id: f"Still open: How is it going?, a short survey from {name}",
    }
