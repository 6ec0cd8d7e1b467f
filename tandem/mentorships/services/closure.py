"""Ending well: propose closure, reflect, answer the outcomes survey, close."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tandem.mentorships.models import ClosureReflection, Mentorship, OutcomeSurvey
from tandem.people.models import Person

from ._common import (
    MentorshipError,
    announce,
    lock,
    meetings_cancel_upcoming,
    names_joined,
    require_member,
    require_state,
)

State = Mentorship.State


@transaction.atomic
def closure_propose(*, mentorship: Mentorship, by: Person) -> Mentorship:
    require_member(mentorship, by)
    lock(mentorship)
    require_state(mentorship, State.ACTIVE, State.PAUSED, action=_("propose closing"))
    mentorship.state = State.CLOSING
    mentorship.closure_proposed_at = timezone.now()
    mentorship.closure_proposed_by = by
    mentorship.save(
        update_fields=["state", "closure_proposed_at", "closure_proposed_by", "updated_at"]
    )
    announce(mentorship, "closure_proposed", by)
    return mentorship


@transaction.atomic
def closure_withdraw(*, mentorship: Mentorship, by: Person) -> Mentorship:
    """Either person can decide there is more to do; the relationship carries on."""
    require_member(mentorship, by)
    lock(mentorship)
    require_state(mentorship, State.CLOSING, action=_("carry on"))
    mentorship.state = State.ACTIVE
    mentorship.closure_proposed_at = None
    mentorship.closure_proposed_by = None
    mentorship.save(
        update_fields=["state", "closure_proposed_at", "closure_proposed_by", "updated_at"]
    )
    announce(mentorship, "closure_withdrawn", by)
    return mentorship


def _range(value: int, low: int, high: int, field: str, label: str) -> None:
    if not low <= value <= high:
        raise MentorshipError(
            _("Rate %(what)s from %(low)s to %(high)s.")
            % {"what": label, "low": low, "high": high},
            field=field,
        )


@transaction.atomic
def closure_submit(
    *,
    mentorship: Mentorship,
    by: Person,
    went_well: str,
    learnt: str,
    next_steps: str = "",
    share_reflection: bool = False,
    goals_achieved: str,
    confidence_before: int,
    confidence_after: int,
    would_recommend: int,
) -> tuple[ClosureReflection, OutcomeSurvey]:
    """Each person's reflection and survey; the second submission closes the mentorship."""
    require_member(mentorship, by)
    lock(mentorship)
    require_state(mentorship, State.CLOSING, action=_("write your closure reflection"))
    if OutcomeSurvey.objects.filter(mentorship=mentorship, respondent=by).exists():
        raise MentorshipError(_("You have already completed your closure."))
    if not went_well.strip():
        raise MentorshipError(_("Say what went well."), field="went_well")
    if not learnt.strip():
        raise MentorshipError(_("Say what you learnt."), field="learnt")
    if goals_achieved not in OutcomeSurvey.GoalsAchieved.values:
        raise MentorshipError(_("Say how many goals were achieved."), field="goals_achieved")
    _range(confidence_before, 1, 10, "confidence_before", _("your confidence before"))
    _range(confidence_after, 1, 10, "confidence_after", _("your confidence now"))
    _range(would_recommend, 0, 10, "would_recommend", _("how likely you are to recommend it"))
    reflection = ClosureReflection.objects.create(
        mentorship=mentorship,
        author=by,
        went_well=went_well.strip(),
        learnt=learnt.strip(),
        next_steps=next_steps.strip(),
        shared_with_partner=share_reflection,
    )
    survey = OutcomeSurvey.objects.create(
        mentorship=mentorship,
        respondent=by,
        goals_achieved=goals_achieved,
        confidence_before=confidence_before,
        confidence_after=confidence_after,
        would_recommend=would_recommend,
    )
    announce(mentorship, "closure_submitted", by)
    if OutcomeSurvey.objects.filter(mentorship=mentorship).count() == 2:
        mentorship_close(mentorship=mentorship)
    return reflection, survey


@transaction.atomic
def mentorship_close(*, mentorship: Mentorship) -> Mentorship:
    """Completed: both people have reflected and answered the outcomes survey."""
    lock(mentorship)
    require_state(mentorship, State.CLOSING, action=pgettext("verb", "close"))
    responded = set(
        OutcomeSurvey.objects.filter(mentorship=mentorship).values_list("respondent_id", flat=True)
    )
    reflected = set(
        ClosureReflection.objects.filter(mentorship=mentorship).values_list("author_id", flat=True)
    )
    waiting = [
        person.name
        for person in (mentorship.mentee, mentorship.mentor)
        if person.pk not in responded or person.pk not in reflected
    ]
    if waiting:
        raise MentorshipError(
            _("Both people complete their closure first; waiting for %(names)s.")
            % {"names": names_joined(waiting)}
        )
    mentorship.state = State.CLOSED
    mentorship.outcome = Mentorship.Outcome.COMPLETED
    mentorship.closed_at = timezone.now()
    mentorship.save(update_fields=["state", "outcome", "closed_at", "updated_at"])
    meetings_cancel_upcoming(mentorship=mentorship, now=mentorship.closed_at)
    announce(mentorship, "closed", None)
    return mentorship
