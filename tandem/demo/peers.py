"""A peer programme for the demo organisation: one pool of peers, paired by a published run.

Colleagues not yet in another programme apply as peers, each saying what they want to work on
and what they can offer. The peer engine pairs the pool in a match run, as a coordinator's run
would; the run is published as it came out, and its pairs are given the history of pairs in
several states (``demo.mentorships``). A few peers applied after the run read the pool: they
wait, unpaired, for the next round.

The run is recorded as it happened, only earlier: it read the pool two days before the
coordinator published it, unchanged, on the day the programme started, and every pair began
then. Its counts, its unmatched peers and what its certificate proves are the engine's own,
so they agree with the pairs it published.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Exists, OuterRef

from tandem.accounts.models import User
from tandem.demo import vocabulary as vocab
from tandem.demo.mentorships import build_demo_mentorships
from tandem.matching.models import MatchProposal, MatchRun
from tandem.matching.services import match_run_execute
from tandem.people.models import Person
from tandem.programmes.models import Enrolment, Programme
from tandem.programmes.services import questionnaire_install_defaults

POOL = 22
# Peers who applied after the run read the pool: the run pairs the others, 8 pairs at most.
LATE = 6
# The run was published this many days before the demo's day: long enough for its pairs to
# have been through every state, yet after Leaders of Tomorrow began (120 days before), since
# `demo_sign_ins` names the pairs of the programme that began first.
PUBLISHED_DAYS_AGO = 115
# How long the coordinator took to review the run before publishing it.
REVIEW = timedelta(days=2)
OFFERS = [
    "Years of running customer interviews, and turning them into decisions.",
    "Building budgets and forecasts that a leadership team trusts.",
    "Writing clearly for busy readers: proposals, updates and difficult emails.",
    "Setting up data dashboards that people actually use.",
    "Leading a small team through a reorganisation.",
    "Negotiating with suppliers and key accounts.",
    "Presenting to large audiences without notes.",
    "Hiring: structured interviews and fair decisions.",
]


def build_demo_peers(
    *, coordinator: User, rng: random.Random, today: date
) -> tuple[Programme, MatchRun]:
    published = datetime.combine(today - timedelta(days=PUBLISHED_DAYS_AGO), time(9, 0), tzinfo=UTC)
    programme = Programme.objects.create(
        name="Peer Learning Circle",
        purpose="Pair up with a colleague at a similar stage: each of you brings something to "
        "learn and something to teach, and you help each other for three months.",
        kind=Programme.Kind.PEER,
        matching_mode=Programme.MatchingMode.COORDINATOR,
        status=Programme.Status.RUNNING,
        starts_on=published.date(),
        ends_on=today + timedelta(days=120),
        default_duration_months=3,
        meeting_cadence="fortnightly",
        max_timezone_gap_hours=8,
    )
    programme.coordinators.add(coordinator)
    questionnaire_install_defaults(programme=programme)

    enrolled = Enrolment.objects.filter(person=OuterRef("pk"))
    people = list(
        Person.objects.filter(user__isnull=False, manager__isnull=False)
        .exclude(Exists(enrolled))
        .select_related("department")
        .order_by("pk")[:POOL]
    )
    goals = [goal for info in vocab.DEPARTMENTS.values() for goal in info["goals"]]
    enrolments = [
        Enrolment(
            programme=programme,
            person=person,
            role=Enrolment.Role.PEER,
            status=Enrolment.Status.APPROVED,
            capacity=1,
            goals=rng.choice(goals),
            offers=rng.choice(OFFERS),
            answers={
                "define_mentoring": rng.choice(vocab.DEFINITIONS),
                "want_from_it": "Learn from a colleague who sees things differently.",
                "expect_from_other": "Turn up prepared, be candid, and keep what we say "
                "between us.",
                "frequency": rng.choice(vocab.FREQUENCIES[:3]),
                "format": rng.choice(vocab.FORMATS),
                "style": str(rng.randint(2, 4)),
                "focus_areas": rng.sample(vocab.FOCUS_AREAS, 2),
            },
            decided_by=coordinator,
        )
        for person in people
    ]
    Enrolment.objects.bulk_create(enrolments[: POOL - LATE])

    # The run the pairs came from, run here as the task would run it, over the pool as it was.
    run = MatchRun.objects.create(
        programme=programme,
        created_by=coordinator,
        mode=MatchRun.Mode.OPTIMAL,
        weights={"goals": 0.7, "expectations": 0.3, "preferences": 0.0, "cross_department": 0.0},
        rules={},
    )
    run = match_run_execute(run_id=run.pk)
    Enrolment.objects.bulk_create(enrolments[POOL - LATE :])
    if run.status != MatchRun.Status.DONE or run.started_at is None or run.finished_at is None:
        raise RuntimeError(f"The demo's peer run did not finish: {run.error}")
    # Moved back to when it ran, keeping how long it took.
    earlier = published - REVIEW - run.started_at
    proposals = list(
        MatchProposal.objects.filter(run=run).select_related("mentee", "mentor").order_by("pk")
    )
    MatchRun.objects.filter(pk=run.pk).update(
        created_at=run.created_at + earlier,
        started_at=run.started_at + earlier,
        finished_at=run.finished_at + earlier,
        status=MatchRun.Status.PUBLISHED,
        stage="Published",
        published_at=published,
        published_by=coordinator,
        metrics={**run.metrics, "published_mentorships": len(proposals)},
    )
    build_demo_mentorships(
        programme=programme,
        pairs=[(p.mentee, p.mentor) for p in proposals],
        rng=rng,
        today=today,
        published=published,
    )
    run.refresh_from_db()
    return programme, run
