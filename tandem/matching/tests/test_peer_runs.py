"""Match runs of a peer programme: one pool, pairs without roles, reasons both ways."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.urls import reverse

from tandem.conftest import Personas
from tandem.matching.models import MatchProposal, MatchRun, PairRule, UnmatchedMentee
from tandem.matching.services import (
    MatchingError,
    match_run_publish,
    match_run_start,
    proposal_assign,
    proposal_forbid,
    proposal_swap,
    proposal_unassign,
)
from tandem.mentorships.models import Mentorship
from tandem.notifications.models import Notification
from tandem.people.models import Person
from tandem.people.tests.factories import LanguageFactory, PersonFactory
from tandem.programmes.models import Enrolment, Programme
from tandem.programmes.tests.factories import EnrolmentFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

WEIGHTS = {"goals": 0.8, "expectations": 0.2, "preferences": 0.0}


def peer(programme: Programme, name: str, *, goals: str, offers: str, **person: Any) -> Person:
    who = PersonFactory(
        user__email=f"{name.split()[0].lower()}@example.org", user__name=name, **person
    )
    EnrolmentFactory(
        programme=programme,
        person=who,
        role=Enrolment.Role.PEER,
        capacity=1,
        goals=goals,
        offers=offers,
    )
    return who


class Pool:
    def __init__(self, personas: Personas) -> None:
        english = LanguageFactory(code="en", name="English")
        finnish = LanguageFactory(code="fi", name="Finnish")
        self.personas = personas
        self.programme = ProgrammeFactory(
            name="Peer Circle", kind=Programme.Kind.PEER, coordinators=[personas.carol]
        )
        p = self.programme
        self.ana = peer(
            p,
            "Ana Lind",
            goals="Learn machine learning.",
            offers="Negotiation and key accounts.",
            languages=[english],
        )
        self.ben = peer(
            p,
            "Ben Okafor",
            goals="Negotiate better deals with key accounts.",
            offers="Machine learning and statistics.",
            languages=[english],
        )
        self.cy = peer(
            p,
            "Cy Park",
            goals="Plan budgets and forecasts.",
            offers="User research interviews.",
            languages=[english],
        )
        self.di = peer(
            p,
            "Di Rossi",
            goals="Run user research interviews.",
            offers="Budgets and forecasts for a department.",
            languages=[english],
        )
        # Speaks only Finnish, which nobody else does: cannot be paired.
        self.eve = peer(
            p,
            "Eve Virtanen",
            goals="Learn machine learning.",
            offers="Negotiation.",
            languages=[finnish],
        )

    def client(self) -> Any:
        return self.personas.client_for("carol")


@pytest.fixture
def pool(personas: Personas) -> Pool:
    return Pool(personas)


@pytest.fixture
def run(pool: Pool, django_capture_on_commit_callbacks: Any) -> MatchRun:
    with django_capture_on_commit_callbacks(execute=True):
        started = match_run_start(
            programme=pool.programme,
            created_by=pool.personas.carol,
            mode="optimal",
            weights=WEIGHTS,
        )
    started.refresh_from_db()
    return started


def _pairs(run: MatchRun) -> set[frozenset[str]]:
    return {
        frozenset((p.mentee.name, p.mentor.name))
        for p in MatchProposal.objects.filter(run=run).select_related("mentee", "mentor")
    }


def test_the_task_pairs_the_pool_by_mutual_fit_and_explains_who_is_left(
    pool: Pool, run: MatchRun
) -> None:
    assert run.status == MatchRun.Status.DONE
    assert _pairs(run) == {
        frozenset({"Ana Lind", "Ben Okafor"}),
        frozenset({"Cy Park", "Di Rossi"}),
    }
    for proposal in MatchProposal.objects.filter(run=run):
        # Stored in one order, lower person id first, with reasons both ways.
        assert proposal.mentee_id < proposal.mentor_id
        assert proposal.reasons
        assert proposal.partner_reasons
    (left,) = UnmatchedMentee.objects.filter(run=run)
    assert left.mentee == pool.eve
    assert "shares a language" in left.reason
    metrics = run.metrics
    assert metrics["matched"] == 2
    assert metrics["people_matched"] == 4
    assert metrics["peers"] == 5
    assert metrics["max_pairs"] == 2
    assert metrics["exact"] is True
    assert metrics["upper_bound"] == pytest.approx(metrics["total_score"])


def test_the_review_shows_pairs_without_roles_with_reasons_both_ways_and_the_certificate(
    pool: Pool, run: MatchRun
) -> None:
    page = (
        pool.client()
        .get(reverse("matching:run_detail", args=[pool.programme.slug, run.pk]))
        .content.decode()
    )
    assert "For Ana Lind:" in page
    assert "For Ben Okafor:" in page
    assert "Ben Okafor has the skills" in page or "expertise" in page
    assert "2 of at most 2 possible" in page
    assert "proved optimum" in page
    assert "exact maximum-weight matching" in page
    assert "Eve Virtanen" in page
    assert "No other peer shares a language with Eve Virtanen" in page
    for word in ('<th scope="col">Mentee', '<th scope="col">Mentor', "Unmatched mentees"):
        assert word not in page
    export = pool.client().get(reverse("matching:run_export", args=[pool.programme.slug, run.pk]))
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert rows[0][:4] == ["peer", "peer_email", "peer_department", "partner"]
    assert not any("mentor" in cell.lower() for row in rows for cell in row)


def test_adjusting_a_peer_run_keeps_to_the_rules(
    pool: Pool, run: MatchRun, personas: Personas
) -> None:
    carol = personas.carol
    ana_pair = MatchProposal.objects.get(run=run, mentee__in=[pool.ana, pool.ben])
    cy_pair = MatchProposal.objects.get(run=run, mentee__in=[pool.cy, pool.di])
    # Eve shares no language with anyone: no hand-made pair with her passes the rules.
    eve_row = UnmatchedMentee.objects.get(run=run, mentee=pool.eve)
    proposal_unassign(proposal=cy_pair, by=carol)
    assert set(UnmatchedMentee.objects.filter(run=run).values_list("mentee", flat=True)) == {
        pool.eve.pk,
        pool.cy.pk,
        pool.di.pk,
    }
    with pytest.raises(MatchingError) as refused:
        proposal_assign(unmatched=eve_row, mentor=pool.cy, by=carol)
    assert "share no language" in refused.value.message
    # A peer who already has a partner in the run cannot be given a second one.
    with pytest.raises(MatchingError):
        proposal_assign(unmatched=eve_row, mentor=pool.ana, by=carol)
    # The chain rule holds both ways: Cy manages Di from now on.
    Person.objects.filter(pk=pool.di.pk).update(manager=pool.cy)
    cy_row = UnmatchedMentee.objects.get(run=run, mentee=pool.cy)
    with pytest.raises(MatchingError) as refused:
        proposal_assign(unmatched=cy_row, mentor=pool.di, by=carol)
    assert "management chain" in refused.value.message
    Person.objects.filter(pk=pool.di.pk).update(manager=None)
    made = proposal_assign(unmatched=cy_row, mentor=pool.di, by=carol)
    assert made.pinned
    assert made.partner_reasons
    assert not UnmatchedMentee.objects.filter(run=run, mentee__in=[pool.cy, pool.di]).exists()
    assert PairRule.objects.filter(programme=pool.programme, kind="pin").count() == 1

    # Swapping partners re-checks both new pairs.
    proposal_swap(first=ana_pair, second=made, by=carol)
    assert len(_pairs(run)) == 2
    assert frozenset({"Ana Lind", "Ben Okafor"}) not in _pairs(run)

    forbidden = MatchProposal.objects.filter(run=run).first()
    assert forbidden is not None
    proposal_forbid(proposal=forbidden, by=carol)
    rule = PairRule.objects.get(programme=pool.programme, kind="forbid")
    assert rule.mentee_id < rule.mentor_id
    assert UnmatchedMentee.objects.filter(run=run).count() == 3


def test_publishing_a_peer_run_creates_each_pair_once_and_tells_each_peer_why(
    pool: Pool, run: MatchRun, personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        match_run_publish(run=run, published_by=personas.carol)
    run.refresh_from_db()
    assert run.status == MatchRun.Status.PUBLISHED
    pairs = Mentorship.objects.filter(programme=pool.programme)
    assert pairs.count() == 2
    assert all(m.mentee_id < m.mentor_id for m in pairs)
    with pytest.raises(MatchingError):
        match_run_publish(run=run, published_by=personas.carol)
    assert pairs.count() == 2

    ana = Notification.objects.get(recipient=pool.ana.user, kind="match_published")
    assert ana.title == "You have a partner in Peer Circle: Ben Okafor"
    assert "Why you were paired" in ana.body
    ben = Notification.objects.get(recipient=pool.ben.user, kind="match_published")
    assert "Ana Lind" in ben.title
    eve = Notification.objects.get(recipient=pool.eve.user, kind="match_published")
    assert eve.title == "No partner for you in this round of Peer Circle"
    assert "No other peer shares a language with you" in eve.body
    for notice in (ana, ben, eve):
        assert "mentor" not in f"{notice.title} {notice.body}".lower().replace("mentoring", "")

    overview = Client_for(pool.ana)
    page = overview.get(
        reverse("mentorships:overview", args=[pairs.get(mentee__in=[pool.ana, pool.ben]).pk])
    )
    assert "Why you were paired" in page.content.decode()

    # A second run pairs only who is left: Eve alone, so nobody.
    with django_capture_on_commit_callbacks(execute=True):
        again = match_run_start(
            programme=pool.programme, created_by=personas.carol, mode="optimal", weights=WEIGHTS
        )
    again.refresh_from_db()
    assert again.metrics["peers"] == 1
    assert again.metrics["matched"] == 0


def Client_for(person: Person) -> Any:
    from django.test import Client

    client = Client()
    client.force_login(person.user)
    return client


def test_peer_programmes_have_no_mentor_choosing(pool: Pool) -> None:
    pool.programme.matching_mode = Programme.MatchingMode.SELF_SELECT
    pool.programme.save()
    assert not pool.programme.allows_self_selection
    response = Client_for(pool.ana).get(reverse("matching:find_mentor", args=[pool.programme.slug]))
    assert response.status_code == 404
    home = Client_for(pool.ana).get(reverse("home")).content.decode()
    assert "Await a match in Peer Circle" in home


@pytest.mark.parametrize("size", [4, 12])
def test_the_review_page_runs_a_flat_number_of_queries(
    personas: Personas,
    size: int,
    django_capture_on_commit_callbacks: Any,
    django_assert_max_num_queries: Any,
) -> None:
    programme = ProgrammeFactory(
        name="Peers", kind=Programme.Kind.PEER, coordinators=[personas.carol]
    )
    for n in range(size):
        peer(programme, f"Peer{n} Person", goals="Budgets and forecasting.", offers="Budgets.")
    with django_capture_on_commit_callbacks(execute=True):
        run = match_run_start(
            programme=programme, created_by=personas.carol, mode="optimal", weights=WEIGHTS
        )
    client = personas.client_for("carol")
    with django_assert_max_num_queries(20):
        response = client.get(reverse("matching:run_detail", args=[programme.slug, run.pk]))
    assert response.status_code == 200


def test_a_coordinator_starts_a_peer_run_from_its_page(
    pool: Pool, django_capture_on_commit_callbacks: Any
) -> None:
    client = pool.client()
    url = reverse("matching:run_create", args=[pool.programme.slug])
    page = client.get(url).content.decode()
    assert "Mentee preferences" not in page
    assert "largest total mutual fit" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "mode": "optimal",
                "weight_goals": "0.8",
                "weight_expectations": "0.2",
                "weight_cross_department": "0",
            },
        )
    assert response.status_code == 302
    run = MatchRun.objects.get(programme=pool.programme)
    assert run.status == MatchRun.Status.DONE
    assert run.weights["preferences"] == 0
    assert run.metrics["matched"] == 2
