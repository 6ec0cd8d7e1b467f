"""A coordinator reads a match run in words: the mode and weights as the forms name them,
figures rounded for a person, a bound that says what it was proved for, and reasons whose
lists read as lists."""

from __future__ import annotations

import datetime
import html
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from tandem.core.testing.forms import form_values, submit_unchanged
from tandem.matching.models import MatchProposal, MatchRun, UnmatchedMentee
from tandem.matching.services import proposal_assign, proposal_unassign
from tandem.matching.tests.test_peer_runs import pool as pool
from tandem.matching.tests.test_peer_runs import run as run
from tandem.programmes.models import Programme
from tandem.programmes.tests.wording import main_text

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _clock(time_machine: Any) -> None:
    time_machine.move_to(NOW, tick=False)


def _seen(client: Any, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(main_text(response.content.decode()))


def _with_metrics(run: MatchRun, **metrics: Any) -> None:
    MatchRun.objects.filter(pk=run.pk).update(metrics={**run.metrics, **metrics})


def test_the_runs_list_names_the_mode_and_weights_and_rounds_the_figures(
    cohort: Any, finished_run: MatchRun
) -> None:
    _with_metrics(finished_run, total_score=15.705418, upper_bound=15.757218, seconds=0.022)

    page = _seen(cohort.client_for("carol"), reverse("matching:runs", args=[cohort.programme.slug]))

    assert "Optimal (most matched, then best total score)" in page
    assert "Goals against expertise 65%, Expectation alignment 20%, Mentee preferences 15%" in page
    assert "15.71" in page
    assert "15.76" in page
    assert "under a second" in page
    for raw in ("optimal ", "goals 0.65", "cross_department", "junior_mentor", "15.705418"):
        assert raw not in page
    assert "0.022" not in page
    assert "after your changes" not in page


def test_a_runs_detail_names_the_mode_and_weights_and_rounds_its_time(
    cohort: Any, finished_run: MatchRun
) -> None:
    _with_metrics(finished_run, seconds=2.4)

    page = _seen(
        cohort.client_for("carol"),
        reverse("matching:run_detail", args=[cohort.programme.slug, finished_run.pk]),
    )

    assert "Mode Optimal (most matched, then best total score)" in page
    assert (
        "Weights Goals against expertise 65%, Expectation alignment 20%, Mentee preferences 15%"
        in page
    )
    assert "Time 2 s" in page
    assert "2.4" not in page
    assert "cross_department" not in page


def test_weights_read_as_their_share_of_the_score_whatever_the_scale(
    cohort: Any, finished_run: MatchRun
) -> None:
    MatchRun.objects.filter(pk=finished_run.pk).update(
        weights={"goals": 2, "expectations": 1, "preferences": 1, "cross_department": 0}
    )

    page = _seen(cohort.client_for("carol"), reverse("matching:runs", args=[cohort.programme.slug]))

    assert "Goals against expertise 50%, Expectation alignment 25%, Mentee preferences 25%" in page
    assert "Cross-department bonus" not in page


def test_once_changed_by_hand_the_bound_is_the_engines_and_the_total_is_after_the_changes(
    cohort: Any, finished_run: MatchRun
) -> None:
    client = cohort.client_for("carol")
    pair = MatchProposal.objects.get(run=finished_run, mentee=cohort.ola)
    partner = pair.mentor
    proposal_unassign(proposal=pair, by=cohort.carol)
    row = UnmatchedMentee.objects.get(run=finished_run, mentee=cohort.ola)
    proposal_assign(unmatched=row, mentor=partner, by=cohort.carol)
    finished_run.refresh_from_db()
    # A pair made by hand need not keep within what the engine proved for its own proposal.
    _with_metrics(finished_run, total_score=15.705418, upper_bound=15.657218)

    page = _seen(client, reverse("matching:runs", args=[cohort.programme.slug]))

    assert "15.71 (after your changes)" in page
    assert "15.66 (proved for the engine's proposal, before your changes)" in page


def test_unassigning_says_who_was_taken_from_whom(cohort: Any, finished_run: MatchRun) -> None:
    client = cohort.client_for("carol")
    pair = MatchProposal.objects.select_related("mentor").get(run=finished_run, mentee=cohort.ola)
    url = reverse("matching:run_detail", args=[cohort.programme.slug, finished_run.pk])

    response = client.post(f"{url}pairs/{pair.pk}/unassign/", follow=True)

    page = html.unescape(main_text(response.content.decode()))
    assert f"Unassigned Ola Mentee from {pair.mentor.name}; Ola Mentee is now unmatched." in page
    assert " with " + pair.mentor.name + "." not in page


def test_the_review_lists_focus_areas_goals_and_meetings_so_they_read_well(
    cohort: Any, finished_run: MatchRun
) -> None:
    pair = MatchProposal.objects.select_related("mentor").get(run=finished_run, mentee=cohort.ola)
    MatchProposal.objects.filter(pk=pair.pk).update(
        reasons=[
            "shared focus areas: wellbeing, communication",
            "your goals and their expertise both mention vendor, pricing",
            "both prefer fortnightly meetings (mixed)",
        ]
    )
    mentor = pair.mentor.name

    page = _seen(
        cohort.client_for("carol"),
        reverse("matching:run_detail", args=[cohort.programme.slug, finished_run.pk]),
    )

    assert (
        f"Ola Mentee and {mentor} both want to focus on wellbeing and balance, and "
        "communication and influence" in page
    )
    assert f"Ola Mentee's goals and {mentor}'s expertise both mention “vendor” and “pricing”" in (
        page
    )
    assert f"Ola Mentee and {mentor} both prefer fortnightly meetings in a mix of formats" in page
    for unclear in ("balance and communication", "both cover vendor", "(mixed)"):
        assert unclear not in page


def test_a_peer_runs_bound_is_the_engines_once_a_pair_is_made_by_hand(
    personas: Any,
    run: MatchRun,
) -> None:
    client = personas.client_for("carol")
    url = reverse("matching:run_detail", args=[run.programme.slug, run.pk])
    assert "the run's total is the proved optimum" in _seen(client, url)
    pair = MatchProposal.objects.select_related("mentee", "mentor").filter(run=run).first()
    assert pair is not None
    first, second = pair.mentee, pair.mentor
    proposal_unassign(proposal=pair, by=personas.carol)
    row = UnmatchedMentee.objects.get(run=run, mentee=first)
    proposal_assign(unmatched=row, mentor=second, by=personas.carol)

    page = _seen(client, url)

    assert "(after your changes)" in page
    assert "proved for the engine's proposal, before your changes" in page
    assert "the run's total is the proved optimum" not in page


def test_the_new_run_page_says_there_is_no_minimum_score(cohort: Any) -> None:
    client = cohort.client_for("carol")
    url = reverse("matching:run_create", args=[cohort.programme.slug])

    page = _seen(client, url)

    assert "no minimum score." in page
    assert "0.000" not in page

    Programme.objects.filter(pk=cohort.programme.pk).update(min_score=Decimal("0.5"))
    page = _seen(client, url)
    assert "minimum score 0.5." in page
    assert "0.500" not in page


@pytest.mark.parametrize(("stored", "shown"), [("0", "0"), ("0.5", "0.5"), ("0.125", "0.125")])
def test_the_programme_form_shows_the_minimum_score_as_typed_and_saves_it_unchanged(
    cohort: Any, stored: str, shown: str
) -> None:
    programme = cohort.programme
    Programme.objects.filter(pk=programme.pk).update(min_score=Decimal(stored))
    client = cohort.client_for("carol")
    url = reverse("programmes:edit", args=[programme.slug])

    values = dict(form_values(client.get(url).content.decode(), "name"))

    assert values["min_score"] == shown
    assert submit_unchanged(client, url, "name").status_code == 302
    programme.refresh_from_db()
    assert programme.min_score == Decimal(stored)
