"""The matching app's next steps: what follows an approved enrolment until a pair exists, and
the coordinator's mentor requests and match runs.

MATCH_STEPS is the rule for a person with an approved enrolment, by their situation in the
programme and their role. SITUATIONS lists, per role, the situations in the order they are
tried; the first that holds is the person's.

A person is matched by an open pair (one-to-one, reverse or peer) or by a place that an app
above matching makes: a group programme's circle. Such an app registers where a user is
placed (`placements_register`, in its AppConfig.ready), as the layers forbid importing it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tandem.accounts.models import User
from tandem.core.next_steps import NextStep, counted_per_programme, next_steps
from tandem.matching.models import MatchRun, MentorRequest
from tandem.mentorships.selectors import pair_states_of
from tandem.programmes.models import Enrolment, Programme
from tandem.programmes.selectors import counts_by_coordinated_programme, enrolments_of

Role = Enrolment.Role

# Situations of a person with an approved enrolment in a programme.
PAIRED = "paired"  # an open pair in the programme, or a place in one of its open circles
ASKED = "asked"  # a mentee waiting for a mentor's answer
ASKED_BY = "asked_by"  # a mentor with requests waiting for their answer
MAY_CHOOSE = "may_choose"  # a mentee in a programme where mentees choose their mentor
WAITING = "waiting"  # nothing to do but wait for the coordinator's matching


@dataclass(frozen=True)
class Step:
    # "{programme}" and "{requests}" ("2 mentee requests") are filled in.
    title: Promise
    detail: Promise
    url: str  # "find_mentor" takes the programme's slug; "requests" takes nothing
    action: Promise
    # Title, detail and action again with a placeholder for each role word ("{mentor}",
    # "{mentors}", "{mentees}", "{Mentees}"), for a programme that names its roles itself;
    # the usual words keep the sentences above, translated whole.
    renamed: tuple[Promise, Promise, Promise] | None = None


AWAIT_MATCH = Step(
    gettext_lazy("Await a match in {programme}"),
    gettext_lazy("Your place is confirmed. You will be told as soon as you are matched."),
    "programmes:detail",
    gettext_lazy("View programme"),
)
FIND_MENTOR = Step(
    gettext_lazy("Find a mentor in {programme}"),
    gettext_lazy(
        "In this programme mentees choose their mentor. Look through the mentors and ask one."
    ),
    "matching:find_mentor",
    gettext_lazy("Find a mentor"),
    renamed=(
        gettext_lazy("Find a {mentor} in {programme}"),
        gettext_lazy(
            "In this programme {mentees} choose their {mentor}. Look through the {mentors} and "
            "ask one."
        ),
        gettext_lazy("Find a {mentor}"),
    ),
)
AWAIT_ANSWER = Step(
    gettext_lazy("Await your mentor's answer in {programme}"),
    gettext_lazy(
        "You asked a mentor. You will be told when they answer, or when the request expires."
    ),
    "matching:requests",
    gettext_lazy("See your requests"),
    renamed=(
        gettext_lazy("Await your {mentor}'s answer in {programme}"),
        gettext_lazy(
            "You asked a {mentor}. You will be told when they answer, or when the request expires."
        ),
        gettext_lazy("See your requests"),
    ),
)
ANSWER_REQUESTS = Step(
    gettext_lazy("Answer {requests} in {programme}"),
    gettext_lazy("Mentees asked you to mentor them. Accept or decline before the request expires."),
    "matching:requests",
    gettext_lazy("Answer requests"),
    renamed=(
        gettext_lazy("Answer {requests} in {programme}"),
        gettext_lazy(
            "{Mentees} asked you to mentor them. Accept or decline before the request expires."
        ),
        gettext_lazy("Answer requests"),
    ),
)

MATCH_STEPS: dict[tuple[str, str], Step | None] = {
    (PAIRED, Role.MENTEE): None,
    (ASKED, Role.MENTEE): AWAIT_ANSWER,
    (MAY_CHOOSE, Role.MENTEE): FIND_MENTOR,
    (WAITING, Role.MENTEE): AWAIT_MATCH,
    # A mentor with places left can be asked even once paired, so requests come first.
    (ASKED_BY, Role.MENTOR): ANSWER_REQUESTS,
    (PAIRED, Role.MENTOR): None,
    (WAITING, Role.MENTOR): AWAIT_MATCH,
    # Peers neither ask nor are asked: the coordinator's match runs pair the pool.
    (PAIRED, Role.PEER): None,
    (WAITING, Role.PEER): AWAIT_MATCH,
}
SITUATIONS: dict[str, tuple[str, ...]] = {
    Role.MENTEE: (PAIRED, ASKED, MAY_CHOOSE, WAITING),
    Role.MENTOR: (ASKED_BY, PAIRED, WAITING),
    Role.PEER: (PAIRED, WAITING),
}


def situation(role: str, *, paired: bool, asked: int, asked_by: int, may_choose: bool) -> str:
    holds = {
        PAIRED: paired,
        ASKED: asked > 0,
        ASKED_BY: asked_by > 0,
        MAY_CHOOSE: may_choose,
        WAITING: True,
    }
    return next(s for s in SITUATIONS[role] if holds[s])


# Takes the signed-in user; gives the programmes where they are placed. It runs on every home
# page, so it must run a fixed number of queries (best shared with the app's own home panel).
Placements = Callable[[User], Iterable[int]]

_PLACEMENTS: dict[str, Placements] = {}


def placements_register(name: str, placed_in: Placements) -> None:
    _PLACEMENTS[name] = placed_in


def _placed_in(user: User) -> set[int]:
    return {pk for placed_in in _PLACEMENTS.values() for pk in placed_in(user)}


def _requests(n: int, programme: Programme) -> str:
    if programme.mentee_term:
        return ngettext("%(count)s %(mentee)s request", "%(count)s %(mentee)s requests", n) % {
            "count": n,
            "mentee": programme.labels.mentee,
        }
    return ngettext("%(count)s mentee request", "%(count)s mentee requests", n) % {"count": n}


def _url(step: Step, programme: Programme) -> str:
    if step.url == "matching:requests":
        return reverse(step.url)
    return reverse(step.url, args=[programme.slug])


def _pending_by_programme(person_pk: int) -> tuple[dict[int, int], dict[int, int]]:
    """Per programme, the pending requests the person sent and those sent to them."""
    asked: dict[int, int] = {}
    asked_by: dict[int, int] = {}
    rows = (
        MentorRequest.objects.pending()
        .filter(Q(mentee=person_pk) | Q(mentor=person_pk))
        .values_list("programme_id", "mentee_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for programme_id, mentee_id, n in rows:
        # A request never has the same person on both sides (a check constraint says so).
        counts = asked if mentee_id == person_pk else asked_by
        counts[programme_id] = counts.get(programme_id, 0) + n
    return asked, asked_by


@next_steps(order=30)
def match_steps(user: User) -> list[NextStep]:
    person = getattr(user, "person", None)
    if person is None:
        return []
    enrolments = [e for e in enrolments_of(person) if e.status == Enrolment.Status.APPROVED]
    if not enrolments:
        return []
    paired_in = {pair.programme_id for pair in pair_states_of(person) if pair.is_open}
    paired_in |= _placed_in(user)
    asked, asked_by = _pending_by_programme(person.pk)
    steps = []
    for enrolment in enrolments:
        programme = enrolment.programme
        where = situation(
            enrolment.role,
            paired=programme.pk in paired_in,
            asked=asked.get(programme.pk, 0),
            asked_by=asked_by.get(programme.pk, 0),
            may_choose=programme.allows_self_selection,
        )
        step = MATCH_STEPS[(where, enrolment.role)]
        if step is None:
            continue
        labels = programme.labels
        words = {
            "programme": programme.name,
            "requests": _requests(asked_by.get(programme.pk, 0), programme),
            "mentor": labels.mentor,
            "mentors": labels.mentors,
            "mentees": labels.mentees,
            "Mentees": capfirst(labels.mentees),
        }
        title, detail, action = step.title, step.detail, step.action
        if step.renamed is not None and (programme.mentor_term or programme.mentee_term):
            title, detail, action = step.renamed
        steps.append(
            NextStep(
                str(title).format(**words),
                str(detail).format(**words),
                _url(step, programme),
                str(action).format(**words),
            )
        )
    return steps


@next_steps(order=120)
def requests_unanswered(user: User) -> list[NextStep]:
    steps = []
    for programme, n in counts_by_coordinated_programme(user, MentorRequest.objects.pending()):
        labels = programme.labels
        words = {
            "Mentor": capfirst(labels.mentor),
            "mentors": labels.mentors,
            "Mentees": capfirst(labels.mentees),
        }
        steps.append(
            NextStep(
                _("%(Mentor)s requests unanswered") % words,
                _(
                    "%(Mentees)s are waiting for %(mentors)s to answer. Nudge the %(mentors)s, "
                    "or pair people yourself."
                )
                % words,
                reverse("mentorships:coordinator_list", args=[programme.slug]),
                _("See the pairs"),
                count=n,
                programme=programme.name,
                programme_slug=programme.slug,
            )
        )
    return steps


@next_steps(order=150)
def runs_ready(user: User) -> list[NextStep]:
    # A run older than a published one is superseded: publishing it is no longer offered.
    ready = MatchRun.objects.filter(status=MatchRun.Status.DONE).exclude(
        Exists(
            MatchRun.objects.filter(
                programme=OuterRef("programme"),
                status=MatchRun.Status.PUBLISHED,
                created_at__gt=OuterRef("created_at"),
            )
        )
    )
    return counted_per_programme(
        counts_by_coordinated_programme(user, ready),
        title=gettext_lazy("Match runs ready to publish"),
        detail=gettext_lazy("A match run finished. Review its pairs, adjust them, then publish."),
        action=gettext_lazy("Review runs"),
        url=lambda programme: reverse("matching:runs", args=[programme.slug]),
    )
