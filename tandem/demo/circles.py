"""Group mentoring for the demo organisation: a group programme whose circles stand in each
state (forming, active, closed), with approved mentees still free to browse and join one."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from tandem.accounts.models import User
from tandem.circles.models import (
    Circle,
    CircleAttendance,
    CircleCharterSignature,
    CircleCharterVersion,
    CircleGoal,
    CircleMeeting,
    CircleMember,
    GroupSettings,
)
from tandem.circles.rules import Someone, facts_for, place_refusal
from tandem.matching.instance import programme_rules
from tandem.people.models import Person
from tandem.programmes.models import Enrolment, Programme
from tandem.programmes.services import questionnaire_install_defaults

TOPICS = [
    (
        "First-time managers",
        "Leading a team for the first time: one-to-ones, feedback, delegation.",
    ),
    ("Data for decisions", "Turning numbers into decisions: dashboards, forecasts, stories."),
    ("Speaking up", "Presenting to senior audiences and handling hard questions."),
    ("Budgets without fear", "Planning and defending a budget, and reading the P&L."),
]
# (state, outcome, days since it started or None)
STATES = [
    (Circle.State.FORMING, "", None),
    (Circle.State.ACTIVE, "", 40),
    (Circle.State.ACTIVE, "", 75),
    (Circle.State.CLOSED, Circle.Outcome.COMPLETED, 200),
]


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def build_demo_circles(*, coordinator: User, rng: random.Random, today: date) -> Programme:
    programme = Programme.objects.create(
        name="Leading Together Circles",
        purpose="Small circles of peers learning together with one or two experienced "
        "facilitators, meeting every fortnight for six months.",
        kind=Programme.Kind.GROUP,
        matching_mode=Programme.MatchingMode.COORDINATOR,
        status=Programme.Status.RUNNING,
        starts_on=today - timedelta(days=60),
        ends_on=today + timedelta(days=300),
        default_duration_months=6,
        meeting_cadence="fortnightly",
        max_timezone_gap_hours=3,
    )
    programme.coordinators.add(coordinator)
    questionnaire_install_defaults(programme=programme)
    GroupSettings.objects.create(programme=programme, max_mentees=6, mentees_may_join=True)
    # People in Europe who speak English: every circle can keep the programme's rules.
    pool = list(
        Person.objects.filter(
            user__isnull=False, timezone__startswith="Europe/", languages__code="en"
        )
        .exclude(user=coordinator)
        .order_by("pk")
        .distinct()
    )
    rng.shuffle(pool)
    # Two mentors more than the circles need: free to facilitate the next group run's circles.
    leads = len(TOPICS) + 2
    mentors, mentees = pool[:leads], pool[leads : leads + 26]
    Enrolment.objects.bulk_create(
        [
            Enrolment(
                programme=programme,
                person=p,
                role=role,
                status=Enrolment.Status.APPROVED,
                capacity=1 if role == Enrolment.Role.MENTOR else 0,
                goals="" if role == Enrolment.Role.MENTOR else rng.choice(TOPICS)[1],
                decided_by=coordinator,
            )
            for role, people in ((Enrolment.Role.MENTOR, mentors), (Enrolment.Role.MENTEE, mentees))
            for p in people
        ]
    )
    facts = facts_for([p.pk for p in pool[: leads + 26]])
    rules = programme_rules(programme)
    free = [facts[p.pk] for p in mentees]
    for (name, topic), lead, (state, outcome, days) in zip(
        TOPICS, mentors[: len(TOPICS)], STATES, strict=True
    ):
        members: list[Someone] = [facts[lead.pk]]
        chosen: list[Someone] = []
        for candidate in list(free):
            if len(chosen) == 4:
                break
            refusal = place_refusal(
                rules=rules,
                newcomer=candidate,
                members=members,
                circle=name,
                mentees=len(chosen),
                max_mentees=6,
            )
            if not refusal:
                chosen.append(candidate)
                members.append(candidate)
                free.remove(candidate)
        started = today - timedelta(days=days) if days is not None else None
        circle = Circle.objects.create(
            programme=programme,
            name=name,
            topic=topic,
            max_mentees=6,
            state=state,
            outcome=outcome,
            origin=Circle.Origin.COORDINATOR if days is None else Circle.Origin.MATCH,
            created_by=coordinator,
            started_at=_moment(started) if started else None,
            closed_at=_moment(today - timedelta(days=20)) if state == Circle.State.CLOSED else None,
        )
        joined = _moment(started or today)
        members_made = CircleMember.objects.bulk_create(
            [CircleMember(circle=circle, person_id=lead.pk, role="mentor", joined_at=joined)]
            + [
                CircleMember(
                    circle=circle,
                    person_id=m.pk,
                    role="mentee",
                    joined_at=joined,
                    reasons=[f"{m.name}'s goals and the circle's topic both cover {name.lower()}"],
                )
                for m in chosen
            ]
        )
        if started is not None:
            _life(circle, members_made, started=started, today=today, rng=rng)
    return programme


CHARTER = {
    "desired_outcomes": "Each of us leaves with one habit tried, kept or dropped on purpose.",
    "confidentiality": "What a member says in the circle stays in the circle.",
    "agenda_habits": "The facilitator opens; each member brings one question in turn.",
    "cadence": "fortnightly",
    "meeting_format": "video",
}


def _life(
    circle: Circle,
    members: list[CircleMember],
    *,
    started: date,
    today: date,
    rng: random.Random,
) -> None:
    """What a running circle has: a charter everyone signed, a shared goal, fortnightly
    meetings held with attendance taken (someone sends apologies now and then), and, while it
    runs, the next meeting."""
    lead = members[0].person_id
    version = CircleCharterVersion.objects.create(
        circle=circle, number=1, written_by_id=lead, **CHARTER
    )
    CircleCharterSignature.objects.bulk_create(
        CircleCharterSignature(version=version, member=m, signed_at=_moment(started))
        for m in members
    )
    CircleGoal.objects.create(
        circle=circle,
        title=f"Practise what we learn about {circle.name.lower()} between meetings",
        progress=rng.choice([30, 50, 70]),
        created_by_id=lead,
    )
    last = today if circle.state != Circle.State.CLOSED else today - timedelta(days=21)
    day = started + timedelta(days=3)
    while day < last:
        meeting = CircleMeeting.objects.create(
            circle=circle,
            starts_at=_moment(day),
            meeting_format="video",
            status=CircleMeeting.Status.HELD,
            created_by_id=lead,
        )
        CircleAttendance.objects.bulk_create(
            CircleAttendance(
                meeting=meeting,
                person_id=m.person_id,
                status=CircleAttendance.Status.APOLOGIES
                if rng.random() < 0.15
                else CircleAttendance.Status.PRESENT,
                recorded_by_id=lead,
            )
            for m in members
        )
        day += timedelta(days=14)
    if circle.state != Circle.State.CLOSED:
        CircleMeeting.objects.create(
            circle=circle, starts_at=_moment(day), meeting_format="video", created_by_id=lead
        )
