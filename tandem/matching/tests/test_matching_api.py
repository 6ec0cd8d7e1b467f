import html

import pytest
from django.urls import reverse

from tandem.matching.models import MatchProposal, MatchRun, MentorRequest, PairRule
from tandem.matching.reasons import Reader, pair_reasons_for, vocabulary_for
from tandem.matching.tests.factories import mentee
from tandem.mentorships.models import Mentorship
from tandem.programmes.models import Programme

pytestmark = pytest.mark.django_db


def test_coordinator_starts_a_run_polls_it_and_publishes(
    cohort, django_capture_on_commit_callbacks
):
    client = cohort.client_for("carol")
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(
            "/api/match-runs/",
            {"programme": cohort.programme.slug, "mode": "stable"},
            content_type="application/json",
        )
    assert created.status_code == 201
    run_id = created.json()["id"]
    assert created.json()["weights"]["goals"] == 0.65

    detail = client.get(f"/api/match-runs/{run_id}/").json()
    assert detail["status"] == "done"
    assert detail["metrics"]["matched"] == 4

    proposals = client.get("/api/match-proposals/", {"run": run_id}).json()
    assert proposals["count"] == 4
    # The API speaks as the review page does: the coordinator's words, not the engine's.
    first = proposals["results"][0]
    stored = MatchProposal.objects.select_related("run__programme", "mentee", "mentor").get(
        pk=first["id"]
    )
    reader = Reader("coordinator", stored.mentee.name, stored.mentor.name)
    worded = pair_reasons_for(stored.reasons, reader, vocabulary_for(stored.run.programme))
    assert first["reasons"] == worded
    assert first["reasons"] != list(stored.reasons)
    review = client.get(reverse("matching:run_detail", args=[cohort.programme.slug, run_id]))
    assert html.escape(worded[0], quote=False) in review.content.decode()
    assert proposals["results"][0]["alignment"]["rows"]

    with django_capture_on_commit_callbacks(execute=True):
        published = client.post(f"/api/match-runs/{run_id}/publish/")
    assert published.status_code == 200
    assert published.json()["status"] == "publishing"
    assert client.get(f"/api/match-runs/{run_id}/").json()["status"] == "published"
    assert Mentorship.objects.filter(origin=Mentorship.Origin.MATCH).count() == 4


def test_a_coordinator_cannot_run_another_programme(cohort):
    response = cohort.client_for("dave").post(
        "/api/match-runs/", {"programme": cohort.programme.slug}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "programme" in response.json()
    assert not MatchRun.objects.exists()


def test_proposals_are_pinned_and_given_another_mentor_over_the_api(finished_run, cohort):
    from tandem.matching.tests.factories import mentor

    extra = mentor(cohort.programme, name="Eve Extra", capacity=1)
    pair = MatchProposal.objects.get(run=finished_run, mentee=cohort.alice)
    client = cohort.client_for("carol")

    pinned = client.patch(
        f"/api/match-proposals/{pair.pk}/", {"pinned": True}, content_type="application/json"
    )
    assert pinned.status_code == 200
    assert pinned.json()["pinned"] is True
    assert PairRule.objects.get().mentor == pair.mentor

    moved = client.patch(
        f"/api/match-proposals/{pair.pk}/", {"mentor_id": extra.pk}, content_type="application/json"
    )
    assert moved.status_code == 200
    assert moved.json()["mentor"]["id"] == extra.pk
    assert PairRule.objects.get().mentor == extra


def test_giving_a_full_mentor_is_refused_with_the_reason(finished_run, cohort):
    pair = MatchProposal.objects.get(run=finished_run, mentee=cohort.alice)
    busy = MatchProposal.objects.get(run=finished_run, mentee=cohort.mia).mentor
    response = cohort.client_for("carol").patch(
        f"/api/match-proposals/{pair.pk}/", {"mentor_id": busy.pk}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "no free place" in response.json()["mentor"][0]
    assert MatchProposal.objects.filter(pk=pair.pk, mentor=pair.mentor).exists()


def test_mentee_gets_recommendations_asks_and_the_mentor_accepts(cohort):
    cohort.programme.matching_mode = Programme.MatchingMode.SELF_SELECT
    cohort.programme.save()
    alice = cohort.client_for("alice")

    recommended = alice.get("/api/mentor-recommendations/", {"programme": cohort.programme.slug})
    assert recommended.status_code == 200
    first = recommended.json()[0]
    assert first["reasons"]
    assert first["free"] >= 1

    sent = alice.post(
        "/api/mentor-requests/",
        {
            "programme": cohort.programme.slug,
            "mentor": first["mentor"]["id"],
            "hope_to_gain": "Confidence.",
            "why_this_mentor": "Their background.",
        },
        content_type="application/json",
    )
    assert sent.status_code == 201
    request_id = sent.json()["id"]

    mentor_user = MentorRequest.objects.get(pk=request_id).mentor
    mentor_client = cohort.client_for("bob") if mentor_user == cohort.bob else None
    if mentor_client is None:
        from django.test import Client

        mentor_client = Client()
        mentor_client.force_login(mentor_user.user)
    inbox = mentor_client.get("/api/mentor-requests/", {"box": "received"}).json()
    assert [r["id"] for r in inbox["results"]] == [request_id]

    accepted = mentor_client.post(
        f"/api/mentor-requests/{request_id}/accept/",
        {"note": "Welcome"},
        content_type="application/json",
    )
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted"
    assert accepted.json()["mentorship"] is not None


def test_asking_in_a_coordinator_matched_programme_is_not_found(cohort):
    response = cohort.client_for("alice").post(
        "/api/mentor-requests/",
        {
            "programme": cohort.programme.slug,
            "mentor": cohort.bob.pk,
            "hope_to_gain": "x",
            "why_this_mentor": "y",
        },
        content_type="application/json",
    )
    assert response.status_code == 404


@pytest.mark.parametrize("extra", [1, 7])
def test_api_lists_use_constant_queries(finished_run, cohort, extra, django_assert_num_queries):
    cohort.programme.matching_mode = Programme.MatchingMode.BOTH
    cohort.programme.save()
    from tandem.matching.services import mentor_request_create

    for n in range(extra):
        who = mentee(cohort.programme, name=f"Asker {n}")
        mentor_request_create(
            programme=cohort.programme,
            mentee=who,
            mentor=cohort.bob,
            hope_to_gain="a",
            why_this_mentor="b",
        )
    carol = cohort.client_for("carol")
    bob = cohort.client_for("bob")
    carol.get("/api/match-runs/")
    bob.get("/api/mentor-requests/")
    with django_assert_num_queries(4):
        carol.get("/api/match-runs/")
    # Two of them load the programme's words for the reasons, once per response.
    with django_assert_num_queries(6):
        carol.get("/api/match-proposals/", {"run": finished_run.pk})
    # The mentor's person is read once per request, however often the access rules ask.
    with django_assert_num_queries(5):
        bob.get("/api/mentor-requests/")
