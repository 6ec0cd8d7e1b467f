"""What matching tells people, a published run's notices and a mentor request, is written in
each reader's language, not the coordinator's or the mentee's who caused it."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import translation

from tandem.core.testing.languages import in_context, speaks, translated
from tandem.matching.models import MatchProposal, MatchRun
from tandem.matching.services import match_run_publish, mentor_request_create
from tandem.notifications.models import Notification
from tandem.programmes.models import Programme

pytestmark = pytest.mark.django_db

MENTEE_TITLE = "You have a %(mentor)s in %(programme)s: %(name)s"
WHY = "Why you were paired: %(reasons)s."
START = "Start by reading each other's expectations and agreeing how you will work together."
MENTOR_TITLE = "You have been matched in %(programme)s: %(names)s"
WHY_WITH = "Why you were paired with %(name)s: %(reasons)s."
READ = "Read your %(mentee)s's expectations and agree how you will work together."
PUBLISHED = {
    "es": {
        MENTEE_TITLE: "Tiene un %(mentor)s en %(programme)s: %(name)s",
        WHY: "Por qué forman pareja: %(reasons)s.",
        START: "Empiecen por leer las expectativas del otro y acordar cómo trabajarán juntos.",
        in_context("role", "mentor"): "mentor",
    },
    "fr": {
        MENTOR_TITLE: "Vous avez un binôme dans %(programme)s : %(names)s",
        WHY_WITH: "Pourquoi vous formez un binôme avec %(name)s : %(reasons)s.",
        READ: "Lisez les attentes de votre %(mentee)s et convenez ensemble de votre façon de "
        "travailler.",
        in_context("role", "mentee"): "mentoré",
    },
}
ASKS = "%(name)s asks you to be their %(mentor)s in %(programme)s"
ANSWER = "Please answer by %(date)s."
REQUEST = {
    "de": {
        ASKS: "%(name)s bittet Sie, in %(programme)s %(mentor)s zu sein",
        ANSWER: "Bitte antworten Sie bis zum %(date)s.",
        in_context("role", "mentor"): "Mentor",
    },
}


def test_a_published_run_tells_each_person_in_their_own_language(
    finished_run: MatchRun, cohort: Any, django_capture_on_commit_callbacks: Any
) -> None:
    assert MatchProposal.objects.get(run=finished_run, mentee=cohort.mia).mentor == cohort.cara
    speaks(cohort.mia, "es")
    speaks(cohort.cara, "fr")
    programme = cohort.programme.name

    # Carol publishes from a page in German; neither Mia nor Cara reads German.
    with (
        translated(PUBLISHED),
        translation.override("de"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        match_run_publish(run=finished_run, published_by=cohort.carol)

    to_mia = Notification.objects.get(recipient=cohort.mia.user)
    assert to_mia.title == f"Tiene un mentor en {programme}: Cara Mentor"
    assert to_mia.body.startswith("Por qué forman pareja: ")
    assert to_mia.body.endswith(
        "\n\nEmpiecen por leer las expectativas del otro y acordar cómo trabajarán juntos."
    )
    to_cara = Notification.objects.get(recipient=cohort.cara.user)
    assert to_cara.title == f"Vous avez un binôme dans {programme} : Mia Mentee"
    assert to_cara.body.startswith("Pourquoi vous formez un binôme avec Mia Mentee : ")
    assert to_cara.body.endswith(
        "\n\nLisez les attentes de votre mentoré et convenez ensemble de votre façon de travailler."
    )
    # Someone who chose no language reads the site's.
    to_ned = Notification.objects.get(recipient=cohort.ned.user)
    assert to_ned.title.startswith("You have a mentor in ")


def test_a_mentor_is_asked_in_their_language_with_the_day_they_have_in_their_time_zone(
    cohort: Any, time_machine: Any
) -> None:
    Programme.objects.filter(pk=cohort.programme.pk).update(
        matching_mode=Programme.MatchingMode.BOTH
    )
    cohort.programme.refresh_from_db()
    speaks(cohort.bob, "de")
    cohort.bob.timezone = "Europe/Berlin"
    cohort.bob.save(update_fields=["timezone"])
    # 23:30 UTC: the request expires fourteen days later, already the next day in Berlin.
    time_machine.move_to(datetime.datetime(2026, 11, 22, 23, 30, tzinfo=datetime.UTC), tick=False)

    with translated(REQUEST), translation.override("fr"):
        mentor_request_create(
            programme=cohort.programme,
            mentee=cohort.alice,
            mentor=cohort.bob,
            hope_to_gain="Confidence with numbers.",
            why_this_mentor="Their finance background.",
        )

    told = Notification.objects.get(recipient=cohort.bob.user)
    assert (told.title, told.body) == (
        f"Alice Mentee bittet Sie, in {cohort.programme.name} Mentor zu sein",
        "Bitte antworten Sie bis zum 07 Dezember 2026.",
    )
