"""A mentor who takes no new mentees: hidden from recommendations, not askable, given nobody by
a match run, and back on the day after the last day they gave."""

from __future__ import annotations

import datetime
import html
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from tandem.matching.instance import build_cohort
from tandem.matching.models import MatchProposal, MatchRun, MentorRequest
from tandem.matching.selectors import recommendations_for
from tandem.matching.services import (
    MatchingError,
    match_run_start,
    mentor_request_accept,
    mentor_request_create,
    proposal_assign,
    proposal_unassign,
)
from tandem.matching.tests.factories import mentor
from tandem.mentorships.models import Mentorship
from tandem.people.models import Person
from tandem.programmes.models import Programme

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
LAST_DAY = datetime.date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _clock(time_machine: Any) -> None:
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def choosing(cohort: Any) -> Any:
    cohort.programme.matching_mode = Programme.MatchingMode.BOTH
    cohort.programme.save()
    return cohort


def _pause(person: Person, until: datetime.date | None = LAST_DAY) -> Person:
    Person.objects.filter(pk=person.pk).update(
        not_taking_mentees=True, not_taking_mentees_until=until
    )
    person.refresh_from_db()
    return person


def _ask(p: Any, mentee: Person, mentor: Person) -> MentorRequest:
    return mentor_request_create(
        programme=p.programme,
        mentee=mentee,
        mentor=mentor,
        hope_to_gain="Confidence with models.",
        why_this_mentor="Their data science background.",
    )


def _run(p: Any, capture: Any) -> MatchRun:
    with capture(execute=True):
        run = match_run_start(
            programme=p.programme,
            created_by=p.carol,
            mode="optimal",
            weights={"goals": 0.65, "expectations": 0.2, "preferences": 0.15},
        )
    run.refresh_from_db()
    return run


def test_a_mentor_not_taking_mentees_is_not_recommended_until_the_day_after(
    choosing: Any, time_machine: Any
) -> None:
    assert recommendations_for(choosing.programme, choosing.mia)[0].person == choosing.cara
    _pause(choosing.cara)

    assert choosing.cara not in [
        r.person for r in recommendations_for(choosing.programme, choosing.mia)
    ]

    time_machine.move_to(datetime.datetime(2026, 3, 10, 22, 0, tzinfo=datetime.UTC), tick=False)
    assert choosing.cara not in [
        r.person for r in recommendations_for(choosing.programme, choosing.mia)
    ]

    time_machine.move_to(datetime.datetime(2026, 3, 11, 8, 0, tzinfo=datetime.UTC), tick=False)
    assert recommendations_for(choosing.programme, choosing.mia)[0].person == choosing.cara


def test_a_pause_without_a_date_holds_until_switched_off(choosing: Any, time_machine: Any) -> None:
    _pause(choosing.cara, until=None)
    time_machine.move_to(datetime.datetime(2027, 3, 2, 9, 0, tzinfo=datetime.UTC), tick=False)

    assert choosing.cara not in [
        r.person for r in recommendations_for(choosing.programme, choosing.mia)
    ]


def test_a_request_to_a_mentor_not_taking_mentees_is_refused(choosing: Any) -> None:
    _pause(choosing.cara)

    with pytest.raises(MatchingError) as refused:
        _ask(choosing, choosing.mia, choosing.cara)

    assert refused.value.message == (
        "Cara Mentor is not taking new mentees until 10 March 2026; choose another mentor."
    )
    assert refused.value.field == "mentor"
    assert not MentorRequest.objects.exists()


def test_the_request_page_says_so_and_sends_nothing(choosing: Any) -> None:
    _pause(choosing.cara)
    client = choosing.client_for("alice")
    url = reverse("matching:request_create", args=[choosing.programme.slug, choosing.cara.pk])

    page = client.get(url).content.decode()
    response = client.post(url, {"hope_to_gain": "Models.", "why_this_mentor": "Data science."})

    assert "Not taking new mentees until 10 March 2026" in page
    assert "Send request" not in page
    assert response.status_code == 400
    assert not MentorRequest.objects.exists()


def test_the_mentor_search_shows_the_pause_instead_of_asking(choosing: Any) -> None:
    _pause(choosing.cara)
    page = (
        choosing.client_for("alice")
        .get(reverse("matching:find_mentor", args=[choosing.programme.slug]), {"q": "machine"})
        .content.decode()
    )

    assert "Cara Mentor" in page
    assert "Not taking new mentees until 10 March 2026" in page
    assert (
        reverse("matching:request_create", args=[choosing.programme.slug, choosing.cara.pk])
        not in page
    )


def test_the_profile_says_so_to_a_mentee(choosing: Any) -> None:
    _pause(choosing.cara)
    page = choosing.client_for("alice").get(reverse("people:detail", args=[choosing.cara.pk]))

    assert "Not taking new mentees until 10 March 2026" in page.content.decode()


def test_a_request_sent_before_the_pause_stays_and_can_be_accepted(choosing: Any) -> None:
    sent = _ask(choosing, choosing.mia, choosing.cara)
    _pause(choosing.cara)

    sent.refresh_from_db()
    assert sent.status == MentorRequest.Status.PENDING
    mentorship = mentor_request_accept(mentor_request=sent, by=choosing.cara)

    assert mentorship.mentor == choosing.cara


def test_a_match_run_gives_the_mentor_nobody_while_others_are_matched(
    cohort: Any, django_capture_on_commit_callbacks: Any
) -> None:
    existing = Mentorship.objects.create(
        programme=cohort.programme, mentee=cohort.alice, mentor=cohort.bob
    )
    _pause(cohort.bob)

    run = _run(cohort, django_capture_on_commit_callbacks)

    proposals = MatchProposal.objects.filter(run=run)
    assert not proposals.filter(mentor=cohort.bob).exists()
    assert set(proposals.values_list("mentor_id", flat=True)) == {cohort.cara.pk, cohort.dan.pk}
    assert run.metrics["mentors_not_taking"] == [
        "Bob Mentor is not taking new mentees until 10 March 2026, so this run proposes nobody "
        "new for them; their current mentees stay with them."
    ]
    existing.refresh_from_db()
    assert existing.is_open
    page = cohort.client_for("carol").get(
        reverse("matching:run_detail", args=[cohort.programme.slug, run.pk])
    )
    assert run.metrics["mentors_not_taking"][0] in html.unescape(page.content.decode())


def test_the_cohort_offers_the_mentor_places_again_on_the_day_after(
    cohort: Any, time_machine: Any
) -> None:
    _pause(cohort.bob)

    on_last_day = build_cohort(cohort.programme)
    time_machine.move_to(datetime.datetime(2026, 3, 11, 0, 30, tzinfo=datetime.UTC), tick=False)
    day_after = build_cohort(cohort.programme)

    assert on_last_day.unavailable == {cohort.bob.pk: LAST_DAY}
    assert on_last_day.open_places()[cohort.bob.pk] == 0
    assert on_last_day.free_places[cohort.bob.pk] == 2
    assert day_after.unavailable == {}
    assert day_after.open_places()[cohort.bob.pk] == 2


def test_a_pin_to_the_mentor_is_kept(cohort: Any, django_capture_on_commit_callbacks: Any) -> None:
    from tandem.matching.models import PairRule

    PairRule.objects.create(
        programme=cohort.programme, mentee=cohort.ola, mentor=cohort.bob, kind=PairRule.Kind.PIN
    )
    _pause(cohort.bob)

    run = _run(cohort, django_capture_on_commit_callbacks)

    assert list(
        MatchProposal.objects.filter(run=run, mentor=cohort.bob).values_list("mentee_id", flat=True)
    ) == [cohort.ola.pk]
    assert "beyond the pairs you pinned" in run.metrics["mentors_not_taking"][0]


def test_a_coordinator_may_still_assign_the_mentor_in_a_run_and_is_warned(
    cohort: Any, django_capture_on_commit_callbacks: Any
) -> None:
    run = _run(cohort, django_capture_on_commit_callbacks)
    eve = _pause(mentor(cohort.programme, name="Eve Extra", capacity=1))
    row = proposal_unassign(proposal=MatchProposal.objects.filter(run=run)[0], by=cohort.carol)
    client = cohort.client_for("carol")

    picker = client.get(
        reverse("matching:assign_mentor", args=[cohort.programme.slug, run.pk, row.pk])
    ).content.decode()
    response = client.post(
        reverse("matching:proposal_assign", args=[cohort.programme.slug, run.pk]),
        {"unmatched": row.pk, "mentor": eve.pk},
    )

    assert "Not taking new mentees until 10 March 2026" in picker
    assert MatchProposal.objects.get(run=run, mentee=row.mentee).mentor == eve
    warnings = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert warnings == [
        "Eve Extra said “Not taking new mentees until 10 March 2026”; you paired them anyway."
    ]


def test_assigning_by_the_service_is_not_refused(
    cohort: Any, django_capture_on_commit_callbacks: Any
) -> None:
    run = _run(cohort, django_capture_on_commit_callbacks)
    eve = _pause(mentor(cohort.programme, name="Eve Extra", capacity=1))
    row = proposal_unassign(proposal=MatchProposal.objects.filter(run=run)[0], by=cohort.carol)

    assert proposal_assign(unmatched=row, mentor=eve, by=cohort.carol).mentor == eve


def test_pairing_by_hand_warns_on_the_form_and_still_pairs(personas: Any) -> None:
    _pause(personas.bob)
    carol = personas.client_for("carol")
    url = reverse("mentorships:coordinator_create", args=[personas.programme.slug])

    page = carol.get(url).content.decode()
    response = carol.post(url, {"mentee": "alice@example.org", "mentor": "Bob Mentor"})

    assert "Bob Mentor: Not taking new mentees until 10 March 2026" in page
    assert response.status_code == 302
    assert Mentorship.objects.get().mentor == personas.bob
    warnings = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert warnings == [
        "Bob Mentor said “Not taking new mentees until 10 March 2026”; you paired them anyway."
    ]
