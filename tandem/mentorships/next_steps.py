"""What a member of a mentorship should do next, and what needs a coordinator, for the home page.

MEMBER_STEPS is the whole rule: for each state and role, the candidate steps in order; the
first whose condition holds is shown, one per mentorship. Conditions name facts about the
member (`signed`: has signed the current charter; `reflected`: has written the closure
reflection; `check_in_due`: see health.check_in_due).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import Case, Exists, OuterRef, Q, Subquery, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tandem.accounts.models import User
from tandem.core.next_steps import NextStep, counted_per_programme, next_steps
from tandem.mentorships.health import check_in_due
from tandem.mentorships.models import (
    CharterVersion,
    CheckIn,
    ClosureReflection,
    Concern,
    Mentorship,
)
from tandem.mentorships.selectors import pair_states_of
from tandem.programmes.selectors import counts_by_coordinated_programme

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

State = Mentorship.State
ROLES = ("mentee", "mentor")
FACTS = ("signed", "reflected", "check_in_due")


@dataclass(frozen=True)
class Step:
    title: StrOrPromise  # "{partner}" is replaced by the partner's name
    detail: StrOrPromise
    url_name: str  # takes the mentorship's pk
    action: StrOrPromise
    when: str | None = None  # a fact that must hold
    unless: str | None = None  # a fact that must not hold

    def applies(self, facts: dict[str, bool]) -> bool:
        return (self.when is None or facts[self.when]) and (
            self.unless is None or not facts[self.unless]
        )


GET_TO_KNOW = Step(
    _("Get to know {partner}"),
    _(
        "Compare your answers to the expectation questions side by side, then start writing "
        "your charter together."
    ),
    "mentorships:expectations",
    _("Compare expectations"),
)
AGREE_CHARTER = Step(
    _("Agree your charter with {partner}"),
    _("Desired outcomes, cadence, confidentiality and roles: write them together, then both sign."),
    "mentorships:charter",
    _("Open the charter"),
    unless="signed",
)
AWAIT_SIGNATURE = Step(
    _("Wait for {partner} to sign the charter"),
    _("You have signed. The mentorship starts as soon as {partner} signs too."),
    "mentorships:charter",
    _("Open the charter"),
)
CHECK_IN = Step(
    _("Check in on your mentorship with {partner}"),
    _(
        "Rate how the relationship is going on four marks. It takes a minute, and it keeps the "
        "health of the pair honest."
    ),
    "mentorships:check_ins",
    _("Check in"),
    when="check_in_due",
)
CARRY_ON = Step(
    _("Your mentorship with {partner}"),
    _("Your next meeting, open actions, goals and how the relationship is doing."),
    "mentorships:overview",
    pgettext_lazy("verb", "Open"),
)
PAUSED = Step(
    _("Your mentorship with {partner} is paused"),
    _("Nothing is expected of you while it rests. Either of you can resume it from the overview."),
    "mentorships:overview",
    pgettext_lazy("verb", "Open"),
)
REFLECT = Step(
    _("Write your closure reflection"),
    _("Your mentorship with {partner} is closing: look back on it and answer the outcomes survey."),
    "mentorships:closure",
    _("Reflect and close"),
    unless="reflected",
)
AWAIT_REFLECTION = Step(
    _("Wait for {partner}'s closure reflection"),
    _("Yours is written. The mentorship closes once {partner} has written theirs."),
    "mentorships:closure",
    _("Open the closure"),
)

_BY_STATE: dict[str, tuple[Step, ...]] = {
    State.PROPOSED: (GET_TO_KNOW,),
    State.AGREEING: (AGREE_CHARTER, AWAIT_SIGNATURE),
    State.ACTIVE: (CHECK_IN, CARRY_ON),
    State.PAUSED: (PAUSED,),
    State.CLOSING: (REFLECT, AWAIT_REFLECTION),
    State.CLOSED: (),
}
# Both roles follow the same steps today; the table is keyed by role so that a difference is
# one entry, and the tests walk every state and role.
MEMBER_STEPS: dict[tuple[str, str], tuple[Step, ...]] = {
    (state, role): steps for state, steps in _BY_STATE.items() for role in ROLES
}


def member_step(
    mentorship: Mentorship, role: str, facts: dict[str, bool], partner: str
) -> NextStep | None:
    for step in MEMBER_STEPS[(mentorship.state, role)]:
        if step.applies(facts):
            return NextStep(
                step.title.format(partner=partner),
                step.detail.format(partner=partner),
                reverse(step.url_name, args=[mentorship.pk]),
                str(step.action),
            )
    return None


def _facts(mentorship: Mentorship, now: datetime) -> dict[str, bool]:
    """The member's facts, from what :func:`member_steps` annotated on the pair."""
    return {
        "signed": mentorship.my_signature is not None,  # type: ignore[attr-defined]
        "reflected": mentorship.my_reflection,  # type: ignore[attr-defined]
        "check_in_due": check_in_due(
            mentorship,
            mentorship.my_last_check_in,  # type: ignore[attr-defined]
            now=now,
        ),
    }


@next_steps(order=20)
def member_steps(user: User) -> list[NextStep]:
    person = getattr(user, "person", None)
    if person is None or not any(pair.is_open for pair in pair_states_of(person)):
        return []
    # The member's side of the latest charter version, whether they reflected, and when they
    # last checked in, read with the pairs in one query: three prefetches cost this page more
    # than the pairs themselves.
    latest_charter = CharterVersion.objects.filter(mentorship=OuterRef("pk")).order_by("-number")
    mine = Q(mentee=person)
    mentorships = (
        Mentorship.objects.open()
        .for_person(person)
        .select_related("mentee", "mentor", "programme__health_settings")
        # Only what the steps read: the people's and the programme's other columns cost the
        # page more to select than the pairs do.
        .only(
            "state",
            "created_at",
            "mentee__name",
            "mentor__name",
            "programme__health_settings",
        )
        .annotate(
            my_signature=Case(
                When(mine, then=Subquery(latest_charter.values("mentee_signed_at")[:1])),
                default=Subquery(latest_charter.values("mentor_signed_at")[:1]),
            ),
            my_reflection=Exists(
                ClosureReflection.objects.filter(mentorship=OuterRef("pk"), author=person)
            ),
            my_last_check_in=Subquery(
                CheckIn.objects.filter(mentorship=OuterRef("pk"), author=person)
                .order_by("-created_at")
                .values("created_at")[:1]
            ),
        )
        # Sorted here: on a join this wide, building an ORDER BY costs the page more CPU than
        # sorting a person's few pairs.
        .order_by()
    )
    now = timezone.now()
    steps = []
    for mentorship in sorted(mentorships, key=lambda m: (m.created_at, m.pk)):
        role = mentorship.role_of(person)
        if role is None:  # for_person keeps only the member's own pairs
            continue
        partner = mentorship.partner_of(person).name
        step = member_step(mentorship, role, _facts(mentorship, now), partner)
        if step is not None:
            steps.append(step)
    return steps


@next_steps(order=130)
def concerns_unread(user: User) -> list[NextStep]:
    """Concerns sent to the coordinator that nobody has marked as read, per programme."""
    unread = Concern.objects.filter(
        audience__in=[Concern.Audience.COORDINATOR, Concern.Audience.BOTH],
        acknowledged_at__isnull=True,
    )
    return counted_per_programme(
        counts_by_coordinated_programme(user, unread, "mentorship__programme"),
        title=_("Concerns unread"),
        detail=_(
            "Members raised a concern for you. Read it and mark it as read once you have acted."
        ),
        action=_("Read concerns"),
        url=lambda programme: reverse("mentorships:coordinator_list", args=[programme.slug]),
    )
