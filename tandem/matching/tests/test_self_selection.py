import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from tandem.matching.models import MatchingSettings, MentorRequest
from tandem.matching.selectors import order_recommendations, recommendations_for
from tandem.matching.services import (
    MatchingError,
    mentor_request_accept,
    mentor_request_create,
    mentor_requests_expire,
)
from tandem.matching.tests.factories import mentee, mentor
from tandem.mentorships.models import MentorExclusion, Mentorship
from tandem.notifications.models import Notification
from tandem.programmes.models import Programme
from tandem.programmes.tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def choosing(cohort):
    cohort.programme.matching_mode = Programme.MatchingMode.BOTH
    cohort.programme.save()
    return cohort


def _ask(p, who, whom, **extra):
    return mentor_request_create(
        programme=p.programme,
        mentee=who,
        mentor=whom,
        hope_to_gain=extra.get("hope", "Confidence with numbers."),
        why_this_mentor=extra.get("why", "Their finance background."),
    )


def test_mentee_sees_recommended_mentors_with_reasons_and_free_places(choosing):
    response = choosing.client_for("alice").get(
        reverse("matching:find_mentor", args=[choosing.programme.slug])
    )
    page = response.content.decode()

    assert response.status_code == 200
    assert "Recommended for you" in page
    assert "Bob Mentor" in page
    assert "2 of 2 places free" in page
    assert "You both speak English" in page


def test_recommendations_put_the_best_fit_first(choosing):
    found = recommendations_for(choosing.programme, choosing.mia)

    assert found[0].person == choosing.cara
    assert any("machine learning" in reason for reason in found[0].reasons)


def test_a_mentor_with_no_free_place_is_not_recommended(choosing):
    Mentorship.objects.create(
        programme=choosing.programme, mentee=choosing.ned, mentor=choosing.cara
    )

    found = recommendations_for(choosing.programme, choosing.mia)

    assert choosing.cara not in [r.person for r in found]


def test_the_top_recommendation_varies_between_mentees_with_the_same_needs():
    programme = ProgrammeFactory(matching_mode=Programme.MatchingMode.SELF_SELECT)
    same = {"bio": "Finance lead: budgeting and forecasting.", "skills": ("Budgeting",)}
    mentors = [mentor(programme, name=f"Twin Mentor {n}", **same) for n in range(4)]
    mentees = [mentee(programme, name=f"Same Mentee {n}") for n in range(12)]

    tops = {recommendations_for(programme, m)[0].person.pk for m in mentees}

    assert len(tops) >= 3
    assert tops <= {m.pk for m in mentors}


def test_among_near_equal_mentors_the_least_loaded_comes_first():
    scored = [(1, 0.80), (2, 0.79), (3, 0.50)]

    assert order_recommendations(7, scored, {1: 1.0, 2: 0.0})[:2] == [2, 1]
    assert order_recommendations(7, scored, {})[2] == 3


def test_self_selection_pages_are_closed_where_the_coordinator_matches(cohort):
    response = cohort.client_for("alice").get(
        reverse("matching:find_mentor", args=[cohort.programme.slug])
    )
    assert response.status_code == 404


def test_search_finds_mentors_by_skill(choosing):
    page = (
        choosing.client_for("alice")
        .get(reverse("matching:find_mentor", args=[choosing.programme.slug]), {"q": "negotiation"})
        .content.decode()
    )
    assert "Dan Mentor" in page


def test_mentee_asks_a_mentor_with_two_answers_and_the_mentor_is_notified(choosing):
    response = choosing.client_for("alice").post(
        reverse("matching:request_create", args=[choosing.programme.slug, choosing.bob.pk]),
        {"hope_to_gain": "Confidence presenting budgets.", "why_this_mentor": "Finance lead."},
    )
    sent = MentorRequest.objects.get()

    assert response.status_code == 302
    assert sent.status == MentorRequest.Status.PENDING
    assert sent.expires_at.date() == (timezone.now() + timedelta(days=14)).date()
    assert Notification.objects.get(recipient=choosing.bob.user).url.endswith(f"/{sent.pk}/")


def test_a_request_needs_both_answers(choosing):
    response = choosing.client_for("alice").post(
        reverse("matching:request_create", args=[choosing.programme.slug, choosing.bob.pk]),
        {"hope_to_gain": "", "why_this_mentor": "Finance lead."},
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not MentorRequest.objects.exists()


def test_the_programme_sets_how_long_a_request_stays_open(choosing):
    MatchingSettings.objects.create(programme=choosing.programme, request_expiry_days=3)
    sent = _ask(choosing, choosing.alice, choosing.bob)
    assert sent.expires_at.date() == (timezone.now() + timedelta(days=3)).date()


def test_a_previous_mentor_after_an_early_exit_cannot_be_asked(choosing):
    MentorExclusion.objects.create(
        programme=choosing.programme,
        mentee=choosing.alice,
        mentor=choosing.bob,
        reason=MentorExclusion.Reason.ENDED_EARLY,
    )
    with pytest.raises(MatchingError, match="not available to you again"):
        _ask(choosing, choosing.alice, choosing.bob)


def test_mentor_accepts_from_the_inbox_and_the_mentorship_starts(choosing):
    sent = _ask(choosing, choosing.alice, choosing.bob)
    other = _ask(choosing, choosing.alice, choosing.dan)
    client = choosing.client_for("bob")
    inbox = client.get(reverse("matching:requests")).content.decode()
    assert "Alice Mentee" in inbox

    response = client.post(
        reverse("matching:request_respond", args=[sent.pk, "accept"]), {"note": "Glad to."}
    )
    sent.refresh_from_db()
    other.refresh_from_db()

    assert response.status_code == 302
    assert sent.status == MentorRequest.Status.ACCEPTED
    assert sent.mentorship.origin == Mentorship.Origin.REQUEST
    assert sent.mentorship.mentor == choosing.bob
    assert other.status == MentorRequest.Status.WITHDRAWN
    assert Notification.objects.filter(
        recipient=choosing.alice.user, kind="mentor_request_accepted"
    ).exists()


def test_mentor_declines_with_a_note_and_the_mentee_is_told(choosing):
    sent = _ask(choosing, choosing.alice, choosing.bob)
    choosing.client_for("bob").post(
        reverse("matching:request_respond", args=[sent.pk, "decline"]), {"note": "Full this term."}
    )
    sent.refresh_from_db()
    told = Notification.objects.get(recipient=choosing.alice.user)

    assert sent.status == MentorRequest.Status.DECLINED
    assert sent.response_note == "Full this term."
    assert "Full this term." in told.body
    assert not Mentorship.objects.exists()


def test_only_the_mentor_asked_can_answer(choosing):
    sent = _ask(choosing, choosing.alice, choosing.bob)
    response = choosing.client_for("alice").post(
        reverse("matching:request_respond", args=[sent.pk, "accept"])
    )
    assert response.status_code == 404
    sent.refresh_from_db()
    assert sent.is_pending


def test_capacity_holds_when_requests_are_accepted_one_after_another(choosing):
    # Cara has one place: the second acceptance is refused with the reason.
    first = _ask(choosing, choosing.mia, choosing.cara)
    second = _ask(choosing, choosing.ned, choosing.cara)
    mentor_request_accept(mentor_request=first, by=choosing.cara)

    with pytest.raises(MatchingError, match="no capacity left"):
        mentor_request_accept(mentor_request=second, by=choosing.cara)

    second.refresh_from_db()
    assert second.is_pending
    assert Mentorship.objects.filter(mentor=choosing.cara).count() == 1


def test_old_requests_expire_and_the_mentee_is_told(choosing):
    sent = _ask(choosing, choosing.alice, choosing.bob)
    MentorRequest.objects.filter(pk=sent.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    fresh = _ask(choosing, choosing.mia, choosing.cara)

    assert mentor_requests_expire() == 1
    sent.refresh_from_db()
    fresh.refresh_from_db()
    assert sent.status == MentorRequest.Status.EXPIRED
    assert fresh.is_pending
    assert Notification.objects.filter(
        recipient=choosing.alice.user, kind="mentor_request_expired"
    ).exists()
    with pytest.raises(MatchingError, match="already expired"):
        mentor_request_accept(mentor_request=sent, by=choosing.bob)


def test_the_expiry_job_is_registered_with_the_scheduler():
    from tandem.core.scheduler import periodic_jobs

    assert "expire-mentor-requests" in periodic_jobs()


@pytest.mark.parametrize("extra", [0, 6])
def test_inbox_uses_constant_queries(choosing, extra, django_assert_max_num_queries):
    for n in range(extra):
        who = mentee(choosing.programme, name=f"Asker {n}")
        _ask(choosing, who, choosing.bob)
    client = choosing.client_for("bob")
    with django_assert_max_num_queries(9):
        client.get(reverse("matching:requests"))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no row locks and serialises writers itself; the sequential capacity "
    "test covers the rule there. This test needs concurrent transactions on PostgreSQL.",
)
def test_two_acceptances_at_the_same_instant_never_exceed_capacity():
    programme = ProgrammeFactory(matching_mode=Programme.MatchingMode.SELF_SELECT)
    cara = mentor(programme, name="Cara Mentor", capacity=1)
    askers = [mentee(programme, name=f"Racer {n}") for n in range(4)]
    requests = [
        mentor_request_create(
            programme=programme,
            mentee=who,
            mentor=cara,
            hope_to_gain="Learn.",
            why_this_mentor="Expert.",
        )
        for who in askers
    ]
    barrier = threading.Barrier(len(requests))
    outcomes: list[str] = []

    def accept(request: MentorRequest) -> None:
        try:
            barrier.wait()
            mentor_request_accept(mentor_request=request, by=cara)
            outcomes.append("accepted")
        except MatchingError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(r,)) for r in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["accepted", "refused", "refused", "refused"]
    assert Mentorship.objects.filter(mentor=cara).count() == 1
    assert MentorRequest.objects.filter(status=MentorRequest.Status.ACCEPTED).count() == 1
