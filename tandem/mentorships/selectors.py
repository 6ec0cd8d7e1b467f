"""Reads of the mentorships app. Access is decided in access.py; these assume it was checked."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import (
    Count,
    Exists,
    Model,
    OuterRef,
    Prefetch,
    QuerySet,
    prefetch_related_objects,
)
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tandem.core.shared_reads import shared_read
from tandem.mentorships import access
from tandem.mentorships.health import (
    HISTORY_PREFIX,
    HealthReport,
    check_in_due,
    history,
    mentorship_health,
)
from tandem.mentorships.models import (
    MARKS,
    ActionItem,
    Attendance,
    CharterVersion,
    CheckIn,
    Feedback,
    Goal,
    Meeting,
    MentorExclusion,
    Mentorship,
    Milestone,
    Prompt,
)
from tandem.people.access import person_of
from tandem.people.models import Person
from tandem.programmes.models import Cadence, Enrolment, Programme, Question


def _within(model: type[Model], owner: str = "mentorship") -> QuerySet[Any]:
    """The model's rows in its own order less its first key, their owner (the pair, or the
    goal): ordering by the owner joins the owners' table to sort by its own order, in every
    query of a list, and within one owner the remaining keys give the same order."""
    ordering = list(model._meta.ordering or ())
    if ordering[:1] == [owner]:
        ordering = ordering[1:]
    return model._default_manager.order_by(*ordering)


def _health_history() -> tuple[Prefetch[Any], ...]:
    return (
        Prefetch(
            "meetings",
            queryset=_within(Meeting).prefetch_related("attendances"),
        ),
        Prefetch("check_ins", queryset=_within(CheckIn)),
        Prefetch(
            "goals",
            queryset=_within(Goal).prefetch_related(
                Prefetch("milestones", queryset=_within(Milestone, "goal"))
            ),
        ),
        Prefetch("charter_versions", queryset=_within(CharterVersion)),
        Prefetch("action_items", queryset=_within(ActionItem)),
        Prefetch("feedback", queryset=_within(Feedback)),
    )


def _health_columns() -> tuple[Prefetch[Any], ...]:
    """The same history, with only the columns `health.mentorship_health` and the reminders
    read: when and whether, never what. Lists of pairs load no pair's words (goals, comments,
    feedback, action items), which keeps them out of a coordinator's memory and spares a
    conversion of every value. Each relation is loaded into a plain list (see
    `health.history`)."""

    def into_list(relation: str, queryset: QuerySet[Any]) -> Prefetch[Any]:
        return Prefetch(relation, queryset=queryset, to_attr=f"{HISTORY_PREFIX}{relation}")

    return (
        into_list(
            "meetings",
            _within(Meeting)
            .only("mentorship_id", "starts_at", "status")
            .prefetch_related(
                # Health counts a meeting's attendances; their order (by name) would join
                # each one's meeting, pair and person only to sort them.
                into_list(
                    "attendances",
                    Attendance.objects.only("meeting_id", "person_id", "status").order_by("pk"),
                )
            ),
        ),
        into_list(
            "check_ins",
            _within(CheckIn).only("mentorship_id", "author_id", "created_at", *MARKS),
        ),
        into_list("goals", _within(Goal).only("mentorship_id", "status", "target_on")),
        into_list(
            "charter_versions",
            _within(CharterVersion).only("mentorship_id", "number", "cadence"),
        ),
        into_list(
            "action_items",
            _within(ActionItem).only("mentorship_id", "done_at"),
        ),
        into_list(
            "feedback",
            _within(Feedback).only("mentorship_id", "created_at"),
        ),
    )


def with_health_data(queryset: QuerySet[Mentorship]) -> QuerySet[Mentorship]:
    """Everything `health.mentorship_health` reads, in a fixed number of queries."""
    return queryset.select_related("programme__health_settings").prefetch_related(
        *_health_columns()
    )


@dataclass(frozen=True)
class PairState:
    pk: int
    programme_id: int
    state: str

    @property
    def is_open(self) -> bool:
        return Mentorship.state_is_open(self.state)


@shared_read
def pair_states_of(person: Person) -> tuple[PairState, ...]:
    """Every pair `person` is a member of, closed ones included: its programme and state.

    The home page's steps and announcements each need no more than this of the person's pairs,
    and for the many people with no open pair it spares them their own, wider queries."""
    rows = (
        Mentorship.objects.for_person(person).order_by().values_list("pk", "programme_id", "state")
    )
    return tuple(PairState(*row) for row in sorted(rows))


def mentorships_for_user(user: access.AnyUser) -> list[Mentorship]:
    """The user's own mentorships, open first, each with `.health` and `.role`."""
    person = person_of(user)
    mentorships = list(with_health_data(access.member_mentorships(user)))
    now = timezone.now()
    for mentorship in mentorships:
        mentorship.health = mentorship_health(mentorship, now=now)  # type: ignore[attr-defined]
        mentorship.role = mentorship.role_of(person) if person else None  # type: ignore[attr-defined]
    mentorships.sort(key=lambda m: (not m.is_open, -(m.created_at.timestamp())))
    return mentorships


@dataclass
class CoordinatorRow:
    mentorship: Mentorship
    meetings_held: int
    meetings_scheduled: int
    last_meeting: datetime | None
    health: HealthReport
    check_in_scores: dict[str, dict[str, int] | None]  # "mentee"/"mentor" → latest marks


def coordinator_rows(programme: Programme, *, state: str = "") -> list[CoordinatorRow]:
    """Metadata of each pair: state, meeting counts and dates, health, check-in scores."""
    return _rows(coordinator_pairs(programme, state=state))


def coordinator_pairs(programme: Programme, *, state: str = "") -> QuerySet[Mentorship]:
    """The programme's pairs in the order the coordinator's list shows them, to page through;
    `coordinator_rows_of` then builds the rows of one page."""
    queryset = _in_page_order(programme)
    if state:
        queryset = queryset.filter(state=state)
    return queryset


def coordinator_rows_of(pairs: Iterable[Mentorship]) -> list[CoordinatorRow]:
    """The rows of these pairs (a page of `coordinator_pairs`), in their order, with a fixed
    number of queries: health and scores are worked out for these pairs only."""
    # A queryset gives its keys alone: its rows would be read twice, once here for their keys.
    ids = (
        list(pairs.values_list("pk", flat=True))
        if isinstance(pairs, QuerySet)
        else [pair.pk for pair in pairs]
    )
    built = {row.mentorship.pk: row for row in _rows(Mentorship.objects.filter(pk__in=ids))}
    return [built[pk] for pk in ids]


def coordinator_rows_streamed(
    programme: Programme, *, chunk: int = 500
) -> Iterator[CoordinatorRow]:
    """The same rows, in the same order, built a chunk of pairs at a time.

    For exports: the first rows are ready after one chunk's queries, and memory holds one
    chunk's pairs, whatever the size of the programme.
    """
    ids = list(_in_page_order(programme).values_list("pk", flat=True))
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        built = {row.mentorship.pk: row for row in _rows(Mentorship.objects.filter(pk__in=part))}
        yield from (built[pk] for pk in part)


def _in_page_order(programme: Programme) -> QuerySet[Mentorship]:
    return Mentorship.objects.filter(programme=programme).order_by("state", "mentee__name")


def coordinator_row(mentorship: Mentorship) -> CoordinatorRow:
    """The same metadata for one pair, without computing it for the whole programme."""
    return _rows(Mentorship.objects.filter(pk=mentorship.pk))[0]


def _rows(queryset: QuerySet[Mentorship]) -> list[CoordinatorRow]:
    # The meeting figures are counted from the history health reads anyway: a GROUP BY over
    # the pairs joined to their meetings would read every meeting a second time.
    queryset = queryset.select_related("mentee", "mentor", "programme")
    now = timezone.now()
    rows = []
    for mentorship in with_health_data(queryset):
        check_ins = sorted(
            history(mentorship, "check_ins"), key=lambda c: c.created_at, reverse=True
        )
        scores: dict[str, dict[str, int] | None] = {}
        for role, person_id in (("mentee", mentorship.mentee_id), ("mentor", mentorship.mentor_id)):
            latest = next((c for c in check_ins if c.author_id == person_id), None)
            scores[role] = latest.scores() if latest else None
        meetings = history(mentorship, "meetings")
        held = [m.starts_at for m in meetings if m.status == Meeting.Status.HELD]
        scheduled = sum(m.status == Meeting.Status.SCHEDULED for m in meetings)
        rows.append(
            CoordinatorRow(
                mentorship=mentorship,
                meetings_held=len(held),
                meetings_scheduled=scheduled,
                last_meeting=max(held, default=None),
                health=mentorship_health(mentorship, now=now),
                check_in_scores=scores,
            )
        )
    return rows


def check_in_scores_for_coordinator(mentorship: Mentorship) -> QuerySet[CheckIn]:
    """Check-in marks without their comments: `.only` keeps the comment out of memory too."""
    return (
        CheckIn.objects.filter(mentorship=mentorship)
        .only("pk", "created_at", "author_id", "mentorship_id", *MARKS)
        .order_by("-created_at")
    )


def excluded_mentor_ids(*, programme: Programme, mentee: Person) -> set[int]:
    """Mentors the matching engine must not propose to this mentee again."""
    return set(
        MentorExclusion.objects.filter(programme=programme, mentee=mentee).values_list(
            "mentor_id", flat=True
        )
    )


def mentees_awaiting_match(programme: Programme) -> QuerySet[Person]:
    """Approved mentees without an open mentorship: new, or back after looking elsewhere.

    In a peer programme, the approved peers in no open pair (on either side of it)."""
    return Person.objects.filter(pk__in=enrolments_awaiting_match(programme).values("person_id"))


def enrolments_awaiting_match(programme: Programme) -> QuerySet[Enrolment]:
    """The enrolments of `mentees_awaiting_match`, longest waiting first, each with its person.

    Read from the programme's enrolments (NOT EXISTS, an anti-join), never from everyone in
    the organisation, so a page can list the first few and count the rest cheaply."""
    pairs = Mentorship.objects.open().filter(programme=programme)
    waiting = Enrolment.objects.filter(
        programme=programme,
        role=Enrolment.Role.PEER if programme.is_peer else Enrolment.Role.MENTEE,
        status=Enrolment.Status.APPROVED,
    ).exclude(Exists(pairs.filter(mentee_id=OuterRef("person_id"))))
    if programme.is_peer:
        waiting = waiting.exclude(Exists(pairs.filter(mentor_id=OuterRef("person_id"))))
    return waiting.select_related("person").order_by("pk")


def mentors_not_taking_mentees(programme: Programme) -> QuerySet[Person]:
    """The programme's approved mentors who take no new mentees today: a coordinator pairing
    by hand is told, not stopped."""
    return (
        Person.objects.filter(
            enrolments__programme=programme,
            enrolments__role=Enrolment.Role.MENTOR,
            enrolments__status=Enrolment.Status.APPROVED,
        )
        .not_taking_mentees()
        .order_by("name", "pk")
    )


def mentor_load(programme: Programme) -> dict[int, int]:
    """Open mentorships per mentor in the programme."""
    return dict(
        Mentorship.objects.open()
        .filter(programme=programme)
        .values_list("mentor_id")
        .annotate(n=Count("pk"))
        .values_list("mentor_id", "n")
    )


# The pair's overview.


@dataclass
class Celebration:
    kind: str  # goal, milestone, anniversary
    text: str
    when: date


CELEBRATION_DAYS = 30
ANNIVERSARY_WINDOW_DAYS = 7


def _anniversary(mentorship: Mentorship, today: date) -> Celebration | None:
    if mentorship.started_at is None:
        return None
    start = timezone.localtime(mentorship.started_at).date()
    for back in range(ANNIVERSARY_WINDOW_DAYS + 1):
        day = today - timedelta(days=back)
        years = day.year - start.year
        if years >= 1 and (day.month, day.day) == (start.month, start.day):
            text = ngettext(
                "One year of mentoring together", "%(count)d years of mentoring together", years
            ) % {"count": years}
            return Celebration("anniversary", text, day)
    return None


def celebrations(mentorship: Mentorship, today: date) -> list[Celebration]:
    """Goals achieved and milestones reached lately, and an anniversary. Read from the pair's
    goals and their milestones, which the overview has prefetched."""
    since = timezone.now() - timedelta(days=CELEBRATION_DAYS)
    goals = list(mentorship.goals.all())
    found: list[Celebration] = [
        Celebration(
            "goal",
            _("Goal achieved: %(title)s") % {"title": goal.title},
            timezone.localtime(goal.achieved_at).date(),
        )
        for goal in goals
        if goal.achieved_at is not None and goal.achieved_at >= since
    ]
    found.extend(
        Celebration(
            "milestone",
            _("Milestone reached: %(title)s") % {"title": milestone.title},
            timezone.localtime(milestone.reached_at).date(),
        )
        for goal in goals
        for milestone in goal.milestones.all()
        if milestone.reached_at is not None and milestone.reached_at >= since
    )
    anniversary = _anniversary(mentorship, today)
    if anniversary:
        found.append(anniversary)
    return sorted(found, key=lambda c: c.when, reverse=True)


@dataclass
class Activity:
    when: datetime
    text: str


def recent_activity(mentorship: Mentorship, me: Person, *, limit: int = 8) -> list[Activity]:
    """What happened lately, limited to what `me` may read.

    Meetings, goals, feedback, actions and check-ins are read from what the overview has
    prefetched onto the pair; only the shared journal entries take a query."""
    pair = mentorship
    items: list[Activity] = []
    name = {
        mentorship.mentee_id: mentorship.mentee.name,
        mentorship.mentor_id: mentorship.mentor.name,
    }

    def latest(rows: Any, when: str, count: int) -> list[Any]:
        return sorted(rows, key=lambda row: getattr(row, when), reverse=True)[:count]

    held = [m for m in pair.meetings.all() if m.status == Meeting.Status.HELD]
    for meeting in latest(held, "starts_at", 3):
        items.append(Activity(meeting.starts_at, _("Meeting held")))
    for goal in latest(pair.goals.all(), "updated_at", 3):
        items.append(
            Activity(goal.updated_at, _("Goal updated: %(title)s") % {"title": goal.title})
        )
    for feedback in latest(pair.feedback.all(), "created_at", 2):
        text = _("Feedback from %(name)s") % {"name": name[feedback.author_id]}
        items.append(Activity(feedback.created_at, text))
    for entry in (
        access.journal_entries_for(me)
        .filter(mentorship=mentorship, shared_at__isnull=False)
        .exclude(author=me)[:2]
    ):
        items.append(
            Activity(
                entry.shared_at or entry.created_at,
                _("%(name)s shared a journal entry") % {"name": name[entry.author_id]},
            )
        )
    done = [item for item in pair.action_items.all() if item.done_at is not None]
    for item in latest(done, "done_at", 3):
        items.append(
            Activity(item.done_at or item.updated_at, _("Done: %(text)s") % {"text": item.text})
        )
    for check_in in latest(pair.check_ins.all(), "created_at", 2):
        text = _("%(name)s checked in") % {"name": name[check_in.author_id]}
        items.append(Activity(check_in.created_at, text))
    items.sort(key=lambda a: a.when, reverse=True)
    return items[:limit]


def overview(mentorship: Mentorship, me: Person) -> dict[str, Any]:
    now = timezone.now()
    today = timezone.localdate()
    # The pair's history is fetched onto the pair itself: reading the pair again to prefetch
    # it cost the page as much CPU as the history did.
    prefetch_related_objects([mentorship], "programme__health_settings", *_health_history())
    goals = [goal for goal in mentorship.goals.all() if goal.status != Goal.Status.DROPPED]
    members = {mentorship.mentee_id: mentorship.mentee, mentorship.mentor_id: mentorship.mentor}
    # By due date, undated last, then in the order they were added: the same on every
    # database (SQLite and PostgreSQL put NULL dates at opposite ends).
    open_actions = sorted(
        (item for item in mentorship.action_items.all() if item.done_at is None),
        key=lambda item: (item.due_on is None, item.due_on or today, item.pk),
    )
    for item in open_actions:
        if item.owner_id in members:
            item.owner = members[item.owner_id]
    check_ins = [c for c in mentorship.check_ins.all() if c.author_id == me.pk]
    last_check_in = max((c.created_at for c in check_ins), default=None)
    return {
        # An ended pair has no next meeting, whatever a calendar row from before says.
        "next_meeting": min(
            (
                m
                for m in mentorship.meetings.all()
                if m.status == Meeting.Status.SCHEDULED and m.starts_at >= now
            ),
            key=lambda m: (m.starts_at, m.pk),
            default=None,
        )
        if mentorship.accepts_content
        else None,
        "open_actions": open_actions,
        "goals": goals,
        "health": mentorship_health(mentorship, now=now),
        "activity": recent_activity(mentorship, me),
        "celebrations": celebrations(mentorship, today),
        "check_in_due": check_in_due(mentorship, last_check_in, now=now),
        "today": today,
    }


# Expectations, side by side.

FREQUENCY_ORDER = ["weekly", "fortnightly", "monthly", "quarterly"]
STYLE_WORDS = {
    1: gettext_lazy("very directive"),
    2: gettext_lazy("directive"),
    3: gettext_lazy("balanced"),
    4: gettext_lazy("supportive"),
    5: gettext_lazy("very supportive"),
}


@dataclass
class AnswerRow:
    question: str
    mentee: str
    mentor: str
    mismatch: str = ""


def _display(question: Question | None, value: Any) -> str:
    if value in (None, "", []):
        return ""
    if isinstance(value, list):
        return ", ".join(question.choice_label(str(v)) if question else str(v) for v in value)
    return question.choice_label(str(value)) if question else str(value)


def _mismatch(key: str, a: Any, b: Any, names: tuple[str, str]) -> str:
    if a in (None, "", []) or b in (None, "", []):
        return ""
    mentee, mentor = names
    if (
        key == Question.FREQUENCY
        and a in FREQUENCY_ORDER
        and b in FREQUENCY_ORDER
        and abs(FREQUENCY_ORDER.index(a) - FREQUENCY_ORDER.index(b)) >= 2
    ):
        return _(
            "%(mentee)s would like to meet %(often)s, %(mentor)s %(other)s. Agree a cadence you "
            "can both keep."
        ) % {
            "mentee": mentee,
            "often": Cadence(a).label.lower(),
            "mentor": mentor,
            "other": Cadence(b).label.lower(),
        }
    if key == Question.STYLE:
        try:
            x, y = int(a), int(b)
        except (TypeError, ValueError):
            return ""
        if abs(x - y) >= 2:
            return _(
                "%(mentee)s expects a %(style)s style, %(mentor)s a %(other)s one. Talk about how "
                "much direction helps."
            ) % {
                "mentee": mentee,
                "style": STYLE_WORDS.get(x, x),
                "mentor": mentor,
                "other": STYLE_WORDS.get(y, y),
            }
    if key == Question.FORMAT and a != b and "mixed" not in (a, b):
        return _("You prefer different formats. Agree how you will meet.")
    if (
        key == Question.FOCUS_AREAS
        and isinstance(a, list)
        and isinstance(b, list)
        and not set(a) & set(b)
    ):
        return _("No focus area in common. Check the mentor can help with what matters most.")
    return ""


def expectations(mentorship: Mentorship) -> list[AnswerRow]:
    enrolments = {
        e.person_id: e
        for e in Enrolment.objects.filter(
            programme=mentorship.programme, person__in=[mentorship.mentee, mentorship.mentor]
        )
    }
    mentee_answers = getattr(enrolments.get(mentorship.mentee_id), "answers", {}) or {}
    mentor_answers = getattr(enrolments.get(mentorship.mentor_id), "answers", {}) or {}
    questions = list(Question.objects.filter(programme=mentorship.programme))
    keys = [q.key for q in questions]
    extra = [k for k in (*mentee_answers, *mentor_answers) if k not in keys]
    by_key = {q.key: q for q in questions}
    names = (mentorship.mentee.name, mentorship.mentor.name)
    rows = []
    for key in [*keys, *dict.fromkeys(extra)]:
        a, b = mentee_answers.get(key), mentor_answers.get(key)
        if a in (None, "", []) and b in (None, "", []):
            continue
        question = by_key.get(key)
        rows.append(
            AnswerRow(
                question=question.text if question else key.replace("_", " ").capitalize(),
                mentee=_display(question, a),
                mentor=_display(question, b),
                mismatch=_mismatch(key, a, b, names),
            )
        )
    return rows


def prompt_library(programme: Programme) -> QuerySet[Prompt]:
    """The programme's library if it has its own, else the default one."""
    own = Prompt.objects.filter(programme=programme)
    return own if own.exists() else Prompt.objects.filter(programme__isnull=True)


def next_meeting(mentorship: Mentorship) -> Meeting | None:
    """The pair's next scheduled meeting; none once the pair has ended."""
    if not mentorship.accepts_content:
        return None
    return (
        mentorship.meetings.filter(status=Meeting.Status.SCHEDULED, starts_at__gte=timezone.now())
        .order_by("starts_at")
        .first()
    )


def partner_zone(moment: datetime, *, me: Person, partner: Person) -> ZoneInfo | None:
    """The partner's time zone when their clock reads `moment` otherwise than mine: partners
    in different zones must agree on one time, so a meeting's page gives theirs as well."""
    mine, theirs = access.zone_of(me), access.zone_of(partner)
    if moment.astimezone(mine).utcoffset() == moment.astimezone(theirs).utcoffset():
        return None
    return theirs


def prompts_for(programme: Programme) -> dict[str, list[Prompt]]:
    """The programme's prompt library, grouped by purpose."""
    grouped: dict[str, list[Prompt]] = {str(label): [] for label in Prompt.Purpose.labels}
    for prompt in prompt_library(programme):
        grouped[prompt.get_purpose_display()].append(prompt)
    return grouped
