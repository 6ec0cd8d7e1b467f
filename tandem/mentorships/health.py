"""The relationship health score: green, amber or red, with the reasons as plain sentences.

Five factors each score 1 (fine), 0.5 (worth a look) or 0 (needs attention), or do not apply.
The score is the weighted mean of the factors that apply; weights are set per programme
(`ProgrammeHealthSettings.weights`) and documented in docs/health.md. Green needs a score of at
least 0.8, no factor at 0 and no warning; red is a score below 0.5; everything between is
amber.
Works on prefetched relations (see `selectors.with_health_data`) so lists stay cheap.
The reasons are worded in the active language when the report is made.

The factors themselves (`regularity_factor`, `check_ins_factor`, `goals_factor`,
`contact_factor`) take plain lists and dates, not a mentorship, so that a group mentoring
circle (`tandem.circles.health`) is measured by the same rules as a pair.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext, pgettext

from tandem.programmes.models import CADENCE_DAYS, Cadence

if TYPE_CHECKING:
    from django.db.models import Model

    from tandem.mentorships.models import (
        Meeting,
        Mentorship,
        ProgrammeHealthSettings,
    )
    from tandem.mentorships.models.shared import CheckInMarks, GoalFields
    from tandem.programmes.models import Programme

REGULARITY = "regularity"
PUNCTUALITY = "punctuality"
CHECK_INS = "check_ins"
GOALS = "goals"
CONTACT = "contact"

DEFAULT_WEIGHTS: dict[str, float] = {
    REGULARITY: 0.30,
    PUNCTUALITY: 0.15,
    CHECK_INS: 0.25,
    GOALS: 0.15,
    CONTACT: 0.15,
}


class TranslatedLabels(Mapping[str, str]):
    """Labels by key, each read in the active language when it is looked up."""

    def __init__(self, labels: dict[str, str]) -> None:
        self._labels = labels

    def __getitem__(self, key: str) -> str:
        return _(self._labels[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._labels)

    def __len__(self) -> int:
        return len(self._labels)


FACTOR_LABELS = TranslatedLabels(
    {
        REGULARITY: gettext_noop("Meeting regularity"),
        PUNCTUALITY: gettext_noop("Punctuality"),
        CHECK_INS: gettext_noop("Check-in scores"),
        GOALS: gettext_noop("Goal progress"),
        CONTACT: gettext_noop("Days since last contact"),
    }
)
GREEN_AT = 0.8
RED_BELOW = 0.5
RECENT_MEETINGS = 6
GOALS_EXPECTED_AFTER_DAYS = 30
DEFAULT_CHECKIN_INTERVAL = 30
DEFAULT_CONTACT_AMBER = 21
DEFAULT_CONTACT_RED = 42

GREEN, AMBER, RED, NOT_MEASURED = "green", "amber", "red", "not_measured"
STATUS_LABELS = TranslatedLabels(
    {
        GREEN: gettext_noop("Healthy"),
        AMBER: gettext_noop("Worth a look"),
        RED: gettext_noop("Needs attention"),
        NOT_MEASURED: gettext_noop("Not measured"),
    }
)
# Where the cadence a relationship is measured against comes from (`agreed_cadence`).
FROM_CHARTER = "the charter"
FROM_PROGRAMME = "the programme suggests"
# What a reason calls the relationship (`what`): a pair, or a group mentoring circle.
MENTORSHIP = "the mentorship"
CIRCLE = "the circle"


@dataclass(frozen=True)
class Reason:
    factor: str
    text: str
    severity: str  # amber or red


@dataclass
class HealthReport:
    status: str
    score: float | None
    reasons: list[Reason] = field(default_factory=list)
    factors: dict[str, float] = field(default_factory=dict)
    note: str = ""

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def sentences(self) -> list[str]:
        return [reason.text for reason in self.reasons]


def span(days: int) -> str:
    """A duration as people say it: "5 days", "7 weeks", "4 months"."""
    if days < 14:
        return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
    if days < 90:
        weeks = days // 7
        return ngettext("%(count)d week", "%(count)d weeks", weeks) % {"count": weeks}
    months = days // 30
    return ngettext("%(count)d month", "%(count)d months", months) % {"count": months}


def _since_started(what: str, *, mentorship: str, circle: str, other: str) -> str:
    """The sentence for `what` started: one per kind of relationship, whole, for translators."""
    if what == MENTORSHIP:
        return mentorship
    if what == CIRCLE:
        return circle
    return other


@dataclass
class HealthSettings:
    weights: dict[str, float]
    checkin_interval_days: int
    contact_amber_days: int
    contact_red_days: int


def settings_for(mentorship: Mentorship) -> HealthSettings:
    return programme_settings(mentorship.programme)


def programme_settings(programme: Programme) -> HealthSettings:
    """The programme's weights and thresholds (read from `programme.health_settings`, which
    lists prefetch), or the defaults."""
    from tandem.mentorships.models import ProgrammeHealthSettings

    try:
        stored: ProgrammeHealthSettings | None = programme.health_settings
    except ProgrammeHealthSettings.DoesNotExist:
        stored = None
    if stored is None:
        return HealthSettings(
            dict(DEFAULT_WEIGHTS),
            DEFAULT_CHECKIN_INTERVAL,
            DEFAULT_CONTACT_AMBER,
            DEFAULT_CONTACT_RED,
        )
    weights = {key: float(stored.weights.get(key, value)) for key, value in DEFAULT_WEIGHTS.items()}
    return HealthSettings(
        weights,
        stored.checkin_interval_days,
        stored.contact_amber_days,
        stored.contact_red_days,
    )


def check_in_due(mentorship: Mentorship, last_check_in: datetime | None, *, now: datetime) -> bool:
    """Whether to ask a member to check in: only while the pair is active, as the reminders
    do; a paused pair has agreed to rest, and a closing one reflects instead."""
    if mentorship.state != mentorship.State.ACTIVE:
        return False
    interval = settings_for(mentorship).checkin_interval_days
    return last_check_in is None or (now - last_check_in).days >= interval


def agreed_cadence(mentorship: Mentorship) -> tuple[str, str]:
    """The cadence to measure against, and where it comes from ("charter" or "programme")."""
    versions = history(mentorship, "charter_versions")
    if versions:
        return max(versions, key=lambda v: v.number).cadence, FROM_CHARTER
    return mentorship.programme.meeting_cadence, FROM_PROGRAMME


HISTORY_PREFIX = "health_"


def history(owner: Model, relation: str) -> list[Any]:
    """The rows of `relation` (meetings, check_ins, goals, ...) of a pair, or attendances of a
    meeting, as health reads them.

    `selectors.with_health_data` loads them into plain lists named "health_<relation>" (a
    prefetch to an attribute): for a list of pairs that spares Django a filtered queryset made
    for every pair and relation, most of the work of loading them. Anywhere else the relation
    is read as usual, from its own prefetch or with a query.
    """
    loaded: list[Any] | None = owner.__dict__.get(f"{HISTORY_PREFIX}{relation}")
    if loaded is None:
        return list(getattr(owner, relation).all())
    return loaded


def _local_date(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def _role(mentorship: Mentorship, person_id: int) -> str:
    if person_id == mentorship.mentee_id:
        return pgettext("a reason's subject", "the mentee")
    return pgettext("a reason's subject", "the mentor")


def _regularity(
    mentorship: Mentorship, meetings: list[Meeting], today: date
) -> tuple[float, list[Reason]]:
    cadence, source = agreed_cadence(mentorship)
    return regularity_factor(
        cadence=cadence,
        source=source,
        held=[m.starts_at for m in meetings if m.status == m.Status.HELD],
        started_at=mentorship.started_at,
        today=today,
        what=MENTORSHIP,
    )


def regularity_factor(
    *,
    cadence: str,
    source: str,
    held: list[datetime],
    started_at: datetime | None,
    today: date,
    what: str,
) -> tuple[float, list[Reason]]:
    """Held meetings against the agreed cadence; `what` names the relationship in reasons."""
    interval = CADENCE_DAYS[Cadence(cadence)]
    label = Cadence(cadence).label.lower()
    if source == FROM_CHARTER:
        says = _("the charter says %(cadence)s") % {"cadence": label}
    elif source == FROM_PROGRAMME:
        says = _("the programme suggests %(cadence)s") % {"cadence": label}
    else:
        says = f"{source} {label}"
    start = _local_date(started_at) if started_at else today
    if held:
        gap = (today - _local_date(max(held))).days
        text = _("no meeting for %(span)s; %(says)s") % {"span": span(gap), "says": says}
    else:
        gap = (today - start).days
        text = _since_started(
            what,
            mentorship=_("no meeting held in the %(span)s since the mentorship started; %(says)s"),
            circle=_("no meeting held in the %(span)s since the circle started; %(says)s"),
            other=_("no meeting held in the %(span)s since %(what)s started; %(says)s"),
        ) % {"span": span(gap), "says": says, "what": what}
    if gap > 2 * interval:
        return 0.0, [Reason(REGULARITY, text, RED)]
    if gap > interval + max(3, interval // 4):
        return 0.5, [Reason(REGULARITY, text, AMBER)]
    return 1.0, []


def _punctuality(
    mentorship: Mentorship, meetings: list[Meeting], now: datetime
) -> tuple[float | None, list[Reason]]:
    past = [
        m for m in meetings if m.starts_at <= now and m.status in (m.Status.HELD, m.Status.MISSED)
    ]
    recent = sorted(past, key=lambda m: m.starts_at)[-RECENT_MEETINGS:]
    if not recent:
        return None, []
    n = len(recent)
    late: dict[int, int] = {mentorship.mentee_id: 0, mentorship.mentor_id: 0}
    absent: dict[int, int] = dict(late)
    missed = 0
    for meeting in recent:
        if meeting.status == meeting.Status.MISSED:
            missed += 1
            continue
        for attendance in history(meeting, "attendances"):
            if attendance.person_id not in late:
                continue
            if attendance.status == attendance.Status.LATE:
                late[attendance.person_id] += 1
            elif attendance.status == attendance.Status.ABSENT:
                absent[attendance.person_id] += 1
    lost = missed * 2 + sum(absent.values()) + 0.5 * sum(late.values())
    ratio = lost / (2 * n)
    score = 1.0 if ratio <= 0.1 else 0.5 if ratio <= 0.25 else 0.0
    if score == 1.0:
        return score, []
    severity = AMBER if score == 0.5 else RED
    last = ngettext("the last meeting", "the last %(count)d meetings", n) % {"count": n}
    reasons: list[Reason] = []
    if missed:
        text = _("%(count)s of %(last)s were missed") % {"count": missed, "last": last}
        reasons.append(Reason(PUNCTUALITY, text, severity))
    for person_id in (mentorship.mentee_id, mentorship.mentor_id):
        who = _role(mentorship, person_id)
        if absent[person_id]:
            text = _("%(who)s was absent from %(count)s of %(last)s") % {
                "who": who,
                "count": absent[person_id],
                "last": last,
            }
            reasons.append(Reason(PUNCTUALITY, text, severity))
        if late[person_id]:
            text = _("%(who)s was late to %(count)s of %(last)s") % {
                "who": who,
                "count": late[person_id],
                "last": last,
            }
            reasons.append(Reason(PUNCTUALITY, text, severity))
    return score, reasons


def _check_ins(
    mentorship: Mentorship, settings: HealthSettings, today: date
) -> tuple[float | None, list[Reason]]:
    check_ins = history(mentorship, "check_ins")
    members = [
        (_role(mentorship, person_id), [c for c in check_ins if c.author_id == person_id])
        for person_id in (mentorship.mentee_id, mentorship.mentor_id)
    ]
    return check_ins_factor(
        members,
        started_at=mentorship.started_at,
        interval=settings.checkin_interval_days,
        today=today,
        what=MENTORSHIP,
    )


def check_ins_factor(
    members: Sequence[tuple[str, Sequence[CheckInMarks]]],
    *,
    started_at: datetime | None,
    interval: int,
    today: date,
    what: str,
) -> tuple[float | None, list[Reason]]:
    """Each member's latest check-in, averaged across the members; a member who has not
    checked in for a while, and a low mark, are reasons. `members` pairs how a reason names
    each member with their check-ins (which carry `created_at`)."""
    from tandem.mentorships.models import MARK_LABELS, MARKS

    start = _local_date(started_at) if started_at else today
    reasons: list[Reason] = []
    score = 1.0
    latest: list[tuple[str, CheckInMarks]] = []
    for who, own in members:
        if own:
            newest = max(own, key=lambda c: c.created_at)  # type: ignore[attr-defined]
            latest.append((who, newest))
            days = (today - _local_date(newest.created_at)).days  # type: ignore[attr-defined]
            if days > interval + 7:
                text = _(
                    "%(who)s has not checked in for %(span)s; the programme asks every %(interval)s"
                ) % {"who": who, "span": span(days), "interval": span(interval)}
                reasons.append(Reason(CHECK_INS, text, AMBER))
                score = min(score, 0.5)
        elif (today - start).days > interval + 7:
            text = _since_started(
                what,
                mentorship=_(
                    "%(who)s has not checked in since the mentorship started %(span)s ago"
                ),
                circle=_("%(who)s has not checked in since the circle started %(span)s ago"),
                other=_("%(who)s has not checked in since %(what)s started %(span)s ago"),
            ) % {"who": who, "span": span((today - start).days), "what": what}
            reasons.append(Reason(CHECK_INS, text, AMBER))
            score = min(score, 0.5)
    if not latest:
        return (score if reasons else None), reasons
    average = sum(c.average for _member, c in latest) / len(latest)
    # Rounded as before, then written with the language's decimal separator.
    shown = number_format(Decimal(f"{average:.1f}"), 1)
    averages = _("the latest check-ins average %(average)s out of 5") % {"average": shown}
    if average < 2.5:
        reasons.insert(0, Reason(CHECK_INS, averages, RED))
        score = 0.0
    elif average < 3.5:
        reasons.insert(0, Reason(CHECK_INS, averages, AMBER))
        score = min(score, 0.5)
    for who, check_in in latest:
        low = [mark for mark in MARKS if getattr(check_in, mark) <= 2]
        if low:
            marks = ""
            for mark in low:
                rated = _("%(mark)s %(score)s") % {
                    "mark": MARK_LABELS[mark],
                    "score": getattr(check_in, mark),
                }
                marks = (
                    _("%(first)s and %(second)s") % {"first": marks, "second": rated}
                    if marks
                    else rated
                )
            text = _("%(who)s rated %(marks)s out of 5 in the latest check-in") % {
                "who": who,
                "marks": marks,
            }
            reasons.append(Reason(CHECK_INS, text, AMBER))
            score = min(score, 0.5)
    return score, reasons


def _goals(mentorship: Mentorship, today: date) -> tuple[float | None, list[Reason]]:
    return goals_factor(history(mentorship, "goals"), started_at=mentorship.started_at, today=today)


def goals_factor(
    goals: list[GoalFields], *, started_at: datetime | None, today: date
) -> tuple[float | None, list[Reason]]:
    """Open goals past their target date; none at all a month after starting."""
    start = _local_date(started_at) if started_at else today
    running = (today - start).days
    if not goals:
        if running > GOALS_EXPECTED_AFTER_DAYS:
            text = _("no goals recorded %(span)s after starting") % {"span": span(running)}
            return 0.5, [Reason(GOALS, text, AMBER)]
        return None, []
    open_goals = [g for g in goals if g.is_open]
    overdue = [g for g in open_goals if g.is_overdue(today)]
    if not overdue:
        return 1.0, []
    text = ngettext(
        "%(count)d goal is past its target date",
        "%(count)d goals are past their target date",
        len(overdue),
    ) % {"count": len(overdue)}
    if len(overdue) >= 2 and len(overdue) == len(open_goals):
        return 0.0, [Reason(GOALS, text, RED)]
    return 0.5, [Reason(GOALS, text, AMBER)]


def last_contact(mentorship: Mentorship, now: datetime) -> datetime | None:
    """The latest sign of the pair working together."""
    moments: list[datetime] = []
    moments.extend(
        m.starts_at
        for m in history(mentorship, "meetings")
        if m.status == m.Status.HELD and m.starts_at <= now
    )
    moments.extend(c.created_at for c in history(mentorship, "check_ins"))
    moments.extend(f.created_at for f in history(mentorship, "feedback"))
    moments.extend(a.done_at for a in history(mentorship, "action_items") if a.done_at is not None)
    return max(moments) if moments else None


def _contact(
    mentorship: Mentorship, settings: HealthSettings, now: datetime, today: date
) -> tuple[float, list[Reason]]:
    return contact_factor(
        last_contact(mentorship, now),
        started_at=mentorship.started_at,
        settings=settings,
        today=today,
        what=MENTORSHIP,
    )


def contact_factor(
    latest: datetime | None,
    *,
    started_at: datetime | None,
    settings: HealthSettings,
    today: date,
    what: str,
) -> tuple[float, list[Reason]]:
    """Days since the latest sign of the people working together."""
    if latest is None:
        if started_at is None:
            return 1.0, []
        days = (today - _local_date(started_at)).days
        text = _since_started(
            what,
            mentorship=_("no contact recorded in the %(span)s since the mentorship started"),
            circle=_("no contact recorded in the %(span)s since the circle started"),
            other=_("no contact recorded in the %(span)s since %(what)s started"),
        ) % {"span": span(days), "what": what}
    else:
        days = (today - _local_date(latest)).days
        text = _("no contact for %(span)s") % {"span": span(days)}
    if days > settings.contact_red_days:
        return 0.0, [Reason(CONTACT, text, RED)]
    if days > settings.contact_amber_days:
        return 0.5, [Reason(CONTACT, text, AMBER)]
    return 1.0, []


def mentorship_health(mentorship: Mentorship, *, now: datetime | None = None) -> HealthReport:
    from tandem.mentorships.models import Mentorship

    now = now or timezone.now()
    today = timezone.localtime(now).date()
    state = mentorship.state
    if state not in (Mentorship.State.ACTIVE, Mentorship.State.CLOSING):
        notes = {
            Mentorship.State.PROPOSED: _("Measured once the relationship is active."),
            Mentorship.State.AGREEING: _("Measured once the charter is signed."),
            Mentorship.State.PAUSED: _("Paused: not measured until it resumes."),
            Mentorship.State.CLOSED: _("Closed."),
        }
        return HealthReport(NOT_MEASURED, None, note=notes[Mentorship.State(state)])
    settings = settings_for(mentorship)
    meetings = history(mentorship, "meetings")
    results: dict[str, tuple[float | None, list[Reason]]] = {
        REGULARITY: _regularity(mentorship, meetings, today),
        PUNCTUALITY: _punctuality(mentorship, meetings, now),
        CHECK_INS: _check_ins(mentorship, settings, today),
        GOALS: _goals(mentorship, today),
        CONTACT: _contact(mentorship, settings, now, today),
    }
    return combine(results, settings.weights)


def combine(
    results: dict[str, tuple[float | None, list[Reason]]], weights: dict[str, float]
) -> HealthReport:
    applicable = {
        name: score
        for name, (score, _) in results.items()
        if score is not None and weights.get(name, 0) > 0
    }
    reasons = [r for name, (_, rs) in results.items() if name in applicable for r in rs]
    total_weight = sum(weights[name] for name in applicable)
    if not total_weight:
        return HealthReport(GREEN, 1.0, reasons, applicable)
    score = sum(weights[name] * value for name, value in applicable.items()) / total_weight
    if score < RED_BELOW:
        status = RED
    elif score < GREEN_AT or any(value == 0 for value in applicable.values()) or reasons:
        # A green badge above warnings would say "all is well" while the list below says
        # otherwise: any warning makes the pair amber at best.
        status = AMBER
    else:
        status = GREEN
    reasons.sort(key=lambda r: r.severity != RED)
    return HealthReport(status, round(score, 2), reasons, applicable)


def validate_weights(weights: dict[str, object]) -> dict[str, float]:
    """Known factors with non-negative numbers, at least one positive; raises ValueError."""
    unknown = set(weights) - set(DEFAULT_WEIGHTS)
    if unknown:
        raise ValueError(
            _("Unknown health factors: %(names)s.") % {"names": ", ".join(sorted(unknown))}
        )
    cleaned: dict[str, float] = {}
    for name in DEFAULT_WEIGHTS:
        raw = weights.get(name, DEFAULT_WEIGHTS[name])
        try:
            value = float(raw)  # type: ignore[arg-type]
        except (TypeError, ValueError) as exc:
            raise ValueError(
                _("The weight of %(factor)s must be a number.") % {"factor": FACTOR_LABELS[name]}
            ) from exc
        if value < 0:
            raise ValueError(
                _("The weight of %(factor)s cannot be negative.") % {"factor": FACTOR_LABELS[name]}
            )
        cleaned[name] = value
    if not any(cleaned.values()):
        raise ValueError(_("At least one weight must be above zero."))
    return cleaned
