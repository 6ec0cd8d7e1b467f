"""Realistic mentorships for the demo organisation: pairs in every state, with history.

Called by the `tandem demo` command with people it has already created. Timestamps are set
relative to `today`, so the demo looks alive whenever it is built.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from django.db import transaction

from tandem.mentorships.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    CharterVersion,
    CheckIn,
    ClosureReflection,
    Concern,
    DevelopmentOpportunity,
    Feedback,
    Goal,
    GoalComment,
    JournalEntry,
    LearningNeed,
    Meeting,
    MeetingNote,
    MentorExclusion,
    Mentorship,
    Milestone,
    OutcomeSurvey,
    TeachBack,
)
from tandem.people.models import Person
from tandem.programmes.models import CADENCE_DAYS, Cadence, Enrolment, Programme

State = Mentorship.State

# The order in which pairs are given states; a programme with ten pairs shows every state.
SCENARIOS = [
    "active_healthy",
    "proposed",
    "agreeing",
    "active_drifting",
    "paused",
    "closing",
    "closed_completed",
    "active_struggling",
    "closed_early",
    "closed_withdrawn",
    "closed_inactive",
    "closed_left",
]

GOALS = [
    ("Run my first budget round", "The budget is submitted on time and approved first pass."),
    ("Lead a team meeting every week", "Six meetings chaired, with feedback from two colleagues."),
    ("Present to the leadership team", "One 15-minute presentation, with questions handled."),
    ("Build a network outside my department", "Coffee with eight people in other teams."),
    ("Delegate more of my routine work", "Two recurring tasks handed over, with a handbook."),
    ("Write a clear strategy paper", "A two-page paper my director signs off."),
    ("Get better at difficult conversations", "Three feedback conversations I no longer avoid."),
    ("Learn the basics of forecasting", "A quarterly forecast within 5% of actuals."),
]
MILESTONES = ["First draft", "Feedback from a colleague", "Dry run", "Done for real"]
AGENDA = [
    "What went well since last time",
    "The reorganisation and my role",
    "Preparing for the board presentation",
    "Feedback from my manager",
    "Time management",
    "Next steps on the budget",
    "A conflict in the team",
]
ACTIONS = [
    "Book a shadowing morning with the finance director",
    "Draft the first slide deck",
    "Read 'The Culture Map', chapters 1 to 3",
    "Ask two colleagues for feedback",
    "Block two focus hours a week",
    "Send the agenda the day before",
]
NOTES = [
    "We talked through the budget timeline and agreed to split it into three stages.",
    "Good session. The mentee will try chairing next week's meeting with a written agenda.",
    "Discussed how to say no to extra work without damaging the relationship.",
    "Role-played the difficult conversation; next time, start with the shared goal.",
]
PRIVATE_NOTES = [
    "I noticed I talked too much at the start. Ask more, tell less next time.",
    "Felt nervous about bringing up the promotion. Write down what I want first.",
]
JOURNAL = [
    ("After the presentation", "It went better than I feared. I rushed the numbers slide."),
    ("On delegation", "Letting go of the report felt risky. It came back better than mine."),
    ("A hard week", "Too many meetings. I want to protect mornings for thinking."),
]
FEEDBACK = [
    (
        "Your questions make me think rather than giving me answers.",
        "Challenge me more when I make excuses.",
    ),
    ("You come prepared with a clear agenda.", "Bring one concrete example to each meeting."),
    ("You follow through on what we agree.", "Try stating what you want first, then the context."),
]
CHARTER = {
    "desired_outcomes": "Grow confidence in leading a team and planning a budget; build a "
    "network beyond my department.",
    "agenda_habits": "The mentee sends an agenda the day before; we end each meeting with "
    "actions and who owns them.",
    "confidentiality": "Everything stays between us. We share outcomes with the coordinator "
    "only if we both agree.",
    "roles": "The mentee drives the agenda and the follow-up; the mentor asks questions, "
    "shares experience and gives honest feedback.",
    "ending": "We review after three months. We end when the goals are met, or earlier if "
    "either of us feels it no longer helps, without blame.",
    "location": "The café by the river, away from the office",
}


def _at(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=UTC)


def _enrol(programme: Programme, person: Person, role: str) -> None:
    enrolment, _ = Enrolment.objects.get_or_create(
        programme=programme,
        person=person,
        defaults={"role": role, "status": Enrolment.Status.APPROVED, "capacity": 3},
    )
    if enrolment.role == Enrolment.Role.MENTOR and enrolment.capacity < 3:
        enrolment.capacity = 3
        enrolment.save(update_fields=["capacity"])


@transaction.atomic
def build_demo_mentorships(
    *,
    programme: Programme,
    pairs: list[tuple[Person, Person]],
    rng: random.Random,
    today: date,
    published: datetime | None = None,
) -> list[Mentorship]:
    """One mentorship per (mentee, mentor) pair, cycling through every state.

    Pairs that a run published at `published` are matches that all began then; without it
    each pair began on a day of its own, some matched and some paired by the coordinator."""
    built = []
    for index, (mentee, mentor) in enumerate(pairs):
        _enrol(programme, mentee, Enrolment.Role.MENTEE)
        _enrol(programme, mentor, Enrolment.Role.MENTOR)
        scenario = SCENARIOS[index % len(SCENARIOS)]
        built.append(_build(programme, mentee, mentor, scenario, rng, today, published))
    return built


def _build(
    programme: Programme,
    mentee: Person,
    mentor: Person,
    scenario: str,
    rng: random.Random,
    today: date,
    published: datetime | None = None,
) -> Mentorship:
    if published is None:
        created = today - timedelta(days=rng.randint(150, 240))
        origin = rng.choice([Mentorship.Origin.MATCH, Mentorship.Origin.COORDINATOR])
        # A pair still waiting for its two people to accept was proposed only days ago.
        created_at = _at(today - timedelta(days=3) if scenario == "proposed" else created)
    else:
        created, origin, created_at = published.date(), Mentorship.Origin.MATCH, published
    mentorship = Mentorship.objects.create(
        programme=programme, mentee=mentee, mentor=mentor, origin=origin
    )
    Mentorship.objects.filter(pk=mentorship.pk).update(created_at=created_at)
    if scenario == "proposed":
        return _refresh(mentorship)
    agreeing_at = created + timedelta(days=rng.randint(2, 6))
    cadence = rng.choice(
        [Cadence.FORTNIGHTLY, Cadence.FORTNIGHTLY, Cadence.MONTHLY, Cadence.WEEKLY]
    )
    charter = CharterVersion.objects.create(
        mentorship=mentorship,
        number=1,
        cadence=cadence,
        meeting_format=rng.choice(["in_person", "video", "mixed"]),
        review_on=created + timedelta(days=90),
        ends_on=created + timedelta(days=270),
        written_by=mentee,
        **CHARTER,
    )
    if scenario == "agreeing":
        _update(mentorship, state=State.AGREEING, agreeing_at=_at(today - timedelta(days=4)))
        CharterVersion.objects.filter(pk=charter.pk).update(
            mentee_signed_at=_at(today - timedelta(days=1))
        )
        return _refresh(mentorship)
    if scenario == "closed_withdrawn":
        _update(
            mentorship,
            state=State.CLOSED,
            outcome=Mentorship.Outcome.WITHDRAWN,
            agreeing_at=_at(agreeing_at),
            closed_at=_at(agreeing_at + timedelta(days=3)),
            ended_by=mentee,
        )
        CharterVersion.objects.filter(pk=charter.pk).delete()
        MentorExclusion.objects.get_or_create(
            programme=programme,
            mentee=mentee,
            mentor=mentor,
            defaults={"reason": MentorExclusion.Reason.LOOKED_ELSEWHERE, "mentorship": mentorship},
        )
        return _refresh(mentorship)
    started = agreeing_at + timedelta(days=rng.randint(3, 8))
    CharterVersion.objects.filter(pk=charter.pk).update(
        mentee_signed_at=_at(started, 9), mentor_signed_at=_at(started, 10)
    )
    _update(mentorship, state=State.ACTIVE, agreeing_at=_at(agreeing_at), started_at=_at(started))
    last_day = {
        "active_healthy": today - timedelta(days=rng.randint(2, 6)),
        "active_drifting": today - timedelta(days=CADENCE_DAYS[cadence] + 12),
        "active_struggling": today - timedelta(days=75),
        "paused": today - timedelta(days=30),
        "closing": today - timedelta(days=5),
        "closed_completed": today - timedelta(days=20),
        "closed_early": today - timedelta(days=60),
        "closed_inactive": today - timedelta(days=100),
        "closed_left": today - timedelta(days=40),
    }[scenario]
    goals = _plan(mentorship, rng, started, today, scenario)
    _meetings(mentorship, rng, started, last_day, cadence, scenario, today)
    _check_ins(mentorship, rng, started, last_day, scenario)
    _reflection(mentorship, rng, started, last_day)
    if scenario == "paused":
        _update(mentorship, state=State.PAUSED, paused_at=_at(today - timedelta(days=21)))
    elif scenario == "closing":
        for goal in goals[:2]:
            _achieve(goal, today - timedelta(days=rng.randint(3, 12)))
        _update(
            mentorship,
            state=State.CLOSING,
            maturity=Mentorship.Maturity.SEPARATION,
            closure_proposed_at=_at(today - timedelta(days=2)),
            closure_proposed_by=mentee,
        )
        _closure(mentorship, mentee, rng, today - timedelta(days=1))
    elif scenario == "closed_completed":
        for goal in goals:
            _achieve(goal, last_day - timedelta(days=rng.randint(5, 30)))
        _update(
            mentorship,
            state=State.CLOSED,
            outcome=Mentorship.Outcome.COMPLETED,
            maturity=Mentorship.Maturity.REDEFINITION,
            closure_proposed_at=_at(last_day),
            closure_proposed_by=mentor,
            closed_at=_at(last_day + timedelta(days=6)),
            mentee_stays_in_touch=True,
            mentor_stays_in_touch=True,
        )
        _closure(mentorship, mentee, rng, last_day + timedelta(days=3))
        _closure(mentorship, mentor, rng, last_day + timedelta(days=6))
    elif scenario == "closed_early":
        _update(
            mentorship,
            state=State.CLOSED,
            outcome=Mentorship.Outcome.ENDED_EARLY,
            closed_at=_at(last_day + timedelta(days=10)),
            ended_by=mentor,
            exit_reason="I have moved to a role with much more travel and cannot give the "
            "time this deserves.",
        )
        MentorExclusion.objects.get_or_create(
            programme=programme,
            mentee=mentee,
            mentor=mentor,
            defaults={"reason": MentorExclusion.Reason.ENDED_EARLY, "mentorship": mentorship},
        )
    elif scenario == "closed_inactive":
        # Warned a week ahead, then closed by Tandem after 90 days without contact.
        _update(
            mentorship,
            state=State.CLOSED,
            outcome=Mentorship.Outcome.INACTIVE,
            closed_at=_at(last_day + timedelta(days=90)),
        )
        MentorExclusion.objects.get_or_create(
            programme=programme,
            mentee=mentee,
            mentor=mentor,
            defaults={"reason": MentorExclusion.Reason.ENDED_EARLY, "mentorship": mentorship},
        )
    elif scenario == "closed_left":
        # Ended when the organisation's identity provider deactivated one of the two: nobody
        # ended it and nobody is excluded. The demo's people all stay able to sign in, so the
        # pair is shown as the partner who stayed sees it.
        _update(
            mentorship, state=State.CLOSED, outcome=Mentorship.Outcome.LEFT, closed_at=_at(last_day)
        )
    elif scenario == "active_struggling":
        Concern.objects.create(
            mentorship=mentorship,
            raised_by=mentee,
            audience=Concern.Audience.COORDINATOR,
            text="We have not managed to meet for over two months. Could you help us restart?",
        )
    else:
        _update(mentorship, maturity=rng.choice(list(Mentorship.Maturity.values)[:2]))
    return _refresh(mentorship)


def _update(mentorship: Mentorship, **fields: object) -> None:
    Mentorship.objects.filter(pk=mentorship.pk).update(**fields)


def _refresh(mentorship: Mentorship) -> Mentorship:
    mentorship.refresh_from_db()
    return mentorship


def _achieve(goal: Goal, day: date) -> None:
    Goal.objects.filter(pk=goal.pk).update(
        status=Goal.Status.ACHIEVED, progress=100, achieved_at=_at(day)
    )
    for milestone in goal.milestones.all():
        Milestone.objects.filter(pk=milestone.pk, reached_at__isnull=True).update(
            reached_at=_at(day)
        )


def _plan(
    mentorship: Mentorship, rng: random.Random, started: date, today: date, scenario: str
) -> list[Goal]:
    goals = []
    for title, criterion in rng.sample(GOALS, 3):
        progress = rng.choice([10, 30, 50, 70])
        target = started + timedelta(days=rng.randint(60, 200))
        if scenario == "active_healthy":
            # A pair doing well has kept its plan current: its goals are still ahead of it.
            target = max(target, today + timedelta(days=rng.randint(20, 120)))
        if scenario == "active_struggling":
            target = today - timedelta(days=rng.randint(5, 20))
        goal = Goal.objects.create(
            mentorship=mentorship,
            title=title,
            success_criterion=criterion,
            description="Agreed in our first meeting.",
            target_on=target,
            is_stretch=rng.random() < 0.3,
            status=Goal.Status.IN_PROGRESS,
            progress=progress,
        )
        for n, name in enumerate(MILESTONES[: rng.randint(2, 4)]):
            Milestone.objects.create(
                goal=goal,
                title=name,
                due_on=started + timedelta(days=30 * (n + 1)),
                reached_at=_at(started + timedelta(days=30 * (n + 1)))
                if progress >= 25 * (n + 1)
                else None,
            )
        GoalComment.objects.create(
            goal=goal,
            author=mentorship.mentor,
            text="Good progress. What would make the next step smaller?",
        )
        goals.append(goal)
    need = LearningNeed.objects.create(
        mentorship=mentorship, goal=goals[0], description="Reading a profit and loss statement"
    )
    opportunity = DevelopmentOpportunity.objects.create(
        mentorship=mentorship,
        need=need,
        kind=DevelopmentOpportunity.Kind.COURSE,
        title="Finance for non-finance managers",
        status=DevelopmentOpportunity.Status.COMPLETED,
        completed_at=_at(started + timedelta(days=45)),
    )
    DevelopmentOpportunity.objects.create(
        mentorship=mentorship,
        kind=DevelopmentOpportunity.Kind.SHADOWING,
        title="Shadow the finance director at the quarterly review",
        status=DevelopmentOpportunity.Status.SUGGESTED,
    )
    TeachBack.objects.create(
        mentorship=mentorship,
        opportunity=opportunity,
        description="Ran a lunch-and-learn on reading the monthly accounts.",
        audience="My team of six",
        taught_on=started + timedelta(days=60),
    )
    return goals


def _meetings(
    mentorship: Mentorship,
    rng: random.Random,
    started: date,
    last_day: date,
    cadence: str,
    scenario: str,
    today: date,
) -> None:
    step = CADENCE_DAYS[Cadence(cadence)]
    day = started + timedelta(days=2)
    people = (mentorship.mentee, mentorship.mentor)
    while day <= last_day:
        missed = rng.random() < (0.3 if scenario == "active_struggling" else 0.05)
        meeting = Meeting.objects.create(
            mentorship=mentorship,
            starts_at=_at(day, rng.choice([9, 12, 16])),
            meeting_format=rng.choice(["in_person", "video"]),
            location="The café by the river",
            status=Meeting.Status.MISSED if missed else Meeting.Status.HELD,
            created_by=mentorship.mentee,
        )
        if not missed:
            for person in people:
                late = rng.random() < (0.35 if scenario == "active_drifting" else 0.08)
                Attendance.objects.create(
                    meeting=meeting,
                    person=person,
                    status=Attendance.Status.LATE if late else Attendance.Status.ON_TIME,
                )
            for text in rng.sample(AGENDA, 2):
                AgendaItem.objects.create(meeting=meeting, author=rng.choice(people), text=text)
            MeetingNote.objects.create(
                meeting=meeting, is_private=False, author=mentorship.mentee, body=rng.choice(NOTES)
            )
            MeetingNote.objects.create(
                meeting=meeting,
                is_private=True,
                author=mentorship.mentee,
                body=rng.choice(PRIVATE_NOTES),
            )
            action = ActionItem.objects.create(
                mentorship=mentorship,
                meeting=meeting,
                owner=rng.choice(people),
                text=rng.choice(ACTIONS),
                due_on=day + timedelta(days=step),
            )
            if day + timedelta(days=step) < today and rng.random() < 0.8:
                ActionItem.objects.filter(pk=action.pk).update(
                    done_at=_at(day + timedelta(days=rng.randint(1, step)))
                )
        day += timedelta(days=step)
    if scenario in ("active_healthy", "active_drifting", "closing"):
        upcoming = Meeting.objects.create(
            mentorship=mentorship,
            starts_at=_at(today + timedelta(days=rng.randint(2, 10)), 12),
            meeting_format="in_person",
            location="The café by the river",
            created_by=mentorship.mentor,
        )
        AgendaItem.objects.create(
            meeting=upcoming, author=mentorship.mentee, text="Review the goals before closing"
        )


def _check_ins(
    mentorship: Mentorship, rng: random.Random, started: date, last_day: date, scenario: str
) -> None:
    low = scenario in ("active_struggling", "closed_early")
    day = started + timedelta(days=25)
    while day <= last_day:
        for person in (mentorship.mentee, mentorship.mentor):
            marks = {
                mark: rng.randint(1, 3) if low else rng.randint(3, 5)
                for mark in ("engagement", "flexibility", "authenticity", "reciprocity")
            }
            check_in = CheckIn.objects.create(
                mentorship=mentorship,
                author=person,
                comment="Feels useful; we could be more regular." if not low else "",
                **marks,
            )
            CheckIn.objects.filter(pk=check_in.pk).update(created_at=_at(day))
        day += timedelta(days=30)


def _reflection(mentorship: Mentorship, rng: random.Random, started: date, last_day: date) -> None:
    for n, (title, body) in enumerate(rng.sample(JOURNAL, 2)):
        entry = JournalEntry.objects.create(
            mentorship=mentorship, author=mentorship.mentee, title=title, body=body
        )
        moment = _at(min(last_day, started + timedelta(days=20 * (n + 1))))
        JournalEntry.objects.filter(pk=entry.pk).update(
            created_at=moment, shared_at=moment if n == 0 else None
        )
    keep, try_next = rng.choice(FEEDBACK)
    feedback = Feedback.objects.create(
        mentorship=mentorship, author=mentorship.mentee, keep=keep, try_next=try_next
    )
    Feedback.objects.filter(pk=feedback.pk).update(created_at=_at(last_day))
    keep, try_next = rng.choice(FEEDBACK)
    Feedback.objects.create(
        mentorship=mentorship, author=mentorship.mentor, keep=keep, try_next=try_next
    )


def _closure(mentorship: Mentorship, person: Person, rng: random.Random, day: date) -> None:
    ClosureReflection.objects.create(
        mentorship=mentorship,
        author=person,
        went_well="Honest conversations and a clear agenda every time.",
        learnt="That asking a good question helps more than giving an answer.",
        next_steps="Keep the habit of a weekly review; mentor someone myself next year.",
        shared_with_partner=True,
    )
    before = rng.randint(3, 6)
    OutcomeSurvey.objects.create(
        mentorship=mentorship,
        respondent=person,
        goals_achieved=rng.choice(["all", "most", "most", "some"]),
        confidence_before=before,
        confidence_after=min(10, before + rng.randint(2, 4)),
        would_recommend=rng.randint(7, 10),
    )
