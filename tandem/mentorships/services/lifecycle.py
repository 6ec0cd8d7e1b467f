"""Transitions of a mentorship: proposed → agreeing → active ⇄ paused → closing → closed."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tandem.accounts.models import User
from tandem.core import audit
from tandem.mentorships.models import MentorExclusion, Mentorship
from tandem.people.models import Person
from tandem.programmes.access import is_coordinator_of
from tandem.programmes.models import Enrolment, Programme

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


def _approved_enrolment(programme: Programme, person: Person, role: str) -> Enrolment | None:
    return Enrolment.objects.filter(
        programme=programme, person=person, role=role, status=Enrolment.Status.APPROVED
    ).first()


@transaction.atomic
def mentorship_create(
    *,
    programme: Programme,
    mentee: Person,
    mentor: Person,
    created_by: User | None = None,
    origin: str = Mentorship.Origin.COORDINATOR,
    reporting_line_exception: bool = False,
    reporting_line_reason: str = "",
) -> Mentorship:
    """Pair a mentee with a mentor: by hand (a coordinator) or from a published match."""
    if created_by is not None and not is_coordinator_of(created_by, programme):
        raise MentorshipError(_("Only a coordinator of this programme can pair people."))
    if mentee.pk == mentor.pk:
        raise MentorshipError(_("A person cannot be paired with themselves."), field="mentor")
    if programme.is_peer:
        in_chain = _check_peers(programme, mentee, mentor, reporting_line_exception)
        if in_chain and not reporting_line_reason.strip():
            raise MentorshipError(
                _("Say why this reporting-line exception is needed."),
                field="reporting_line_reason",
            )
        # Stored with the lower person id first: the columns are places, not roles.
        if mentor.pk < mentee.pk:
            mentee, mentor = mentor, mentee
        return _create(
            programme,
            mentee,
            mentor,
            created_by=created_by,
            origin=origin,
            in_chain=in_chain,
            reason=reporting_line_reason,
        )
    if _approved_enrolment(programme, mentee, Enrolment.Role.MENTEE) is None:
        raise MentorshipError(
            _("%(name)s is not an approved mentee of %(programme)s.")
            % {"name": mentee.name, "programme": programme.name},
            field="mentee",
        )
    mentor_enrolment = _approved_enrolment(programme, mentor, Enrolment.Role.MENTOR)
    if mentor_enrolment is None:
        raise MentorshipError(
            _("%(name)s is not an approved mentor of %(programme)s.")
            % {"name": mentor.name, "programme": programme.name},
            field="mentor",
        )
    if MentorExclusion.objects.filter(programme=programme, mentee=mentee, mentor=mentor).exists():
        raise MentorshipError(
            _(
                "%(mentor)s is excluded for %(mentee)s in this programme after an earlier "
                "pairing ended; choose another mentor."
            )
            % {"mentor": mentor.name, "mentee": mentee.name},
            field="mentor",
        )
    if Mentorship.objects.open().filter(programme=programme, mentee=mentee).exists():
        raise MentorshipError(
            _("%(name)s already has an open mentorship in this programme.") % {"name": mentee.name},
            field="mentee",
        )
    taken = Mentorship.objects.open().filter(programme=programme, mentor=mentor).count()
    if taken >= mentor_enrolment.capacity:
        raise MentorshipError(
            ngettext(
                "%(name)s has no capacity left (%(taken)s of %(capacity)s places taken).",
                "%(name)s has no capacity left (%(taken)s of %(capacity)s places taken).",
                mentor_enrolment.capacity,
            )
            % {"name": mentor.name, "taken": taken, "capacity": mentor_enrolment.capacity},
            field="mentor",
        )
    in_chain = any(boss.pk == mentor.pk for boss in mentee.management_chain())
    if in_chain:
        if not reporting_line_exception:
            raise MentorshipError(
                _(
                    "%(mentor)s is in %(mentee)s's management chain. Mentoring sits outside "
                    "the reporting line; pair them only as a recorded exception, with a reason."
                )
                % {"mentor": mentor.name, "mentee": mentee.name},
                field="reporting_line_exception",
            )
        if not reporting_line_reason.strip():
            raise MentorshipError(
                _("Say why this reporting-line exception is needed."),
                field="reporting_line_reason",
            )
    return _create(
        programme,
        mentee,
        mentor,
        created_by=created_by,
        origin=origin,
        in_chain=in_chain,
        reason=reporting_line_reason,
    )


def _check_peers(programme: Programme, a: Person, b: Person, exception: bool) -> bool:
    """The rules for pairing two peers; returns whether one is in the other's chain."""
    for person, field in ((a, "mentee"), (b, "mentor")):
        if _approved_enrolment(programme, person, Enrolment.Role.PEER) is None:
            raise MentorshipError(
                _("%(name)s is not an approved peer of %(programme)s.")
                % {"name": person.name, "programme": programme.name},
                field=field,
            )
    low, high = (a, b) if a.pk < b.pk else (b, a)
    if MentorExclusion.objects.filter(programme=programme, mentee=low, mentor=high).exists():
        raise MentorshipError(
            _(
                "%(first)s and %(second)s were paired before in this programme and it ended; "
                "choose another partner."
            )
            % {"first": a.name, "second": b.name},
            field="mentor",
        )
    for person, field in ((a, "mentee"), (b, "mentor")):
        if Mentorship.objects.open().filter(programme=programme).for_person(person).exists():
            raise MentorshipError(
                _("%(name)s already has an open pair in this programme.") % {"name": person.name},
                field=field,
            )
    in_chain = any(boss.pk == b.pk for boss in a.management_chain()) or any(
        boss.pk == a.pk for boss in b.management_chain()
    )
    if in_chain and not exception:
        raise MentorshipError(
            _(
                "One of %(first)s and %(second)s is in the other's management chain. Peer "
                "mentoring sits outside the reporting line; pair them only as a recorded "
                "exception, with a reason."
            )
            % {"first": a.name, "second": b.name},
            field="reporting_line_exception",
        )
    return in_chain


def _create(
    programme: Programme,
    mentee: Person,
    mentor: Person,
    *,
    created_by: User | None,
    origin: str,
    in_chain: bool,
    reason: str,
) -> Mentorship:
    try:
        with transaction.atomic():
            mentorship = Mentorship.objects.create(
                programme=programme,
                mentee=mentee,
                mentor=mentor,
                origin=origin,
                created_by=created_by,
                reporting_line_exception=in_chain,
                reporting_line_reason=reason.strip() if in_chain else "",
            )
    except IntegrityError as exc:
        raise MentorshipError(_("These two people are already paired in this programme.")) from exc
    if created_by is not None:
        # A coordinator's decision; pairs from a published match are in its `matchrun.published`.
        audit.record(
            "mentorship.created",
            actor=created_by,
            obj=mentorship,
            programme=programme.pk,
            reporting_line_exception=in_chain,
        )
    announce(mentorship, "created", None)
    return mentorship


@transaction.atomic
def mentorship_start_agreeing(*, mentorship: Mentorship, by: Person) -> Mentorship:
    """After reading each other's expectations, the pair starts writing the charter."""
    require_member(mentorship, by)
    lock(mentorship)
    require_state(mentorship, State.PROPOSED, action=_("start the charter"))
    mentorship.state = State.AGREEING
    mentorship.agreeing_at = timezone.now()
    mentorship.save(update_fields=["state", "agreeing_at", "updated_at"])
    announce(mentorship, "agreeing", by)
    return mentorship


@transaction.atomic
def mentorship_activate(*, mentorship: Mentorship, by: Person | None = None) -> Mentorship:
    """The relationship starts once both people have signed the current charter."""
    if by is not None:
        require_member(mentorship, by)
    lock(mentorship)
    require_state(mentorship, State.AGREEING, action=_("start the mentorship"))
    charter = mentorship.current_charter()
    if charter is None:
        raise MentorshipError(_("Write and sign the charter before the mentorship starts."))
    if not charter.is_fully_signed:
        missing = [
            who
            for who, signed in (
                (mentorship.mentee.name, charter.mentee_signed_at),
                (mentorship.mentor.name, charter.mentor_signed_at),
            )
            if signed is None
        ]
        raise MentorshipError(
            _("Both people must sign the charter first; waiting for %(names)s.")
            % {"names": names_joined(missing)}
        )
    mentorship.state = State.ACTIVE
    mentorship.started_at = timezone.now()
    mentorship.save(update_fields=["state", "started_at", "updated_at"])
    announce(mentorship, "activated", by)
    return mentorship


@transaction.atomic
def mentorship_pause(*, mentorship: Mentorship, by: Person) -> Mentorship:
    require_member(mentorship, by)
    lock(mentorship)
    require_state(mentorship, State.ACTIVE, action=_("pause"))
    mentorship.state = State.PAUSED
    mentorship.paused_at = timezone.now()
    mentorship.save(update_fields=["state", "paused_at", "updated_at"])
    announce(mentorship, "paused", by)
    return mentorship


@transaction.atomic
def mentorship_resume(*, mentorship: Mentorship, by: Person) -> Mentorship:
    require_member(mentorship, by)
    lock(mentorship)
    require_state(mentorship, State.PAUSED, action=_("resume"))
    mentorship.state = State.ACTIVE
    mentorship.paused_at = None
    mentorship.save(update_fields=["state", "paused_at", "updated_at"])
    announce(mentorship, "resumed", by)
    return mentorship


@transaction.atomic
def mentorship_set_maturity(*, mentorship: Mentorship, by: Person, maturity: str) -> Mentorship:
    require_member(mentorship, by)
    lock(mentorship)
    require_state(
        mentorship, State.ACTIVE, State.PAUSED, State.CLOSING, action=_("record the phase")
    )
    if maturity not in Mentorship.Maturity.values:
        raise MentorshipError(_("Choose one of the four phases."), field="maturity")
    mentorship.maturity = maturity
    mentorship.save(update_fields=["maturity", "updated_at"])
    return mentorship


def _exclude(mentorship: Mentorship, reason: str) -> None:
    MentorExclusion.objects.get_or_create(
        programme=mentorship.programme,
        mentee=mentorship.mentee,
        mentor=mentorship.mentor,
        defaults={"reason": reason, "mentorship": mentorship},
    )


def _end(
    mentorship: Mentorship,
    outcome: str,
    *,
    by: Person | None,
    exclusion: str | None,
    event: str,
    also_save: tuple[str, ...] = (),
    actor: Person | None = None,
) -> Mentorship:
    """Close before completion: upcoming meetings are cancelled, and, with an `exclusion`, the
    matching engine will not propose this mentor to this mentee again. `by` is recorded as who
    ended it; `actor`, when given, is who the event names instead (someone who left, say)."""
    mentorship.state = State.CLOSED
    mentorship.outcome = outcome
    mentorship.closed_at = timezone.now()
    mentorship.ended_by = by
    mentorship.save(
        update_fields=["state", "outcome", "closed_at", "ended_by", *also_save, "updated_at"]
    )
    meetings_cancel_upcoming(mentorship=mentorship, now=mentorship.closed_at)
    if exclusion is not None:
        _exclude(mentorship, exclusion)
    announce(mentorship, event, actor or by)
    return mentorship


@transaction.atomic
def mentorship_look_elsewhere(*, mentorship: Mentorship, by: Person) -> Mentorship:
    """The mentee ends the proposal without blame and goes back to matching.

    In a peer pair either peer may: both are looking for what the other offers.
    """
    role = require_member(mentorship, by)
    if role != "mentee" and not mentorship.programme.is_peer:
        raise MentorshipError(_("Only the mentee can choose to look for another mentor."))
    lock(mentorship)
    other = mentorship.programme.labels.partner_of("mentee")
    require_state(
        mentorship,
        State.PROPOSED,
        State.AGREEING,
        action=_("look for another %(partner)s") % {"partner": other},
    )
    return _end(
        mentorship,
        Mentorship.Outcome.WITHDRAWN,
        by=by,
        exclusion=MentorExclusion.Reason.LOOKED_ELSEWHERE,
        event="looked_elsewhere",
    )


@transaction.atomic
def mentorship_exit_early(*, mentorship: Mentorship, by: Person, reason: str = "") -> Mentorship:
    """A no-fault end. The reason, if any, reaches the coordinator only."""
    require_member(mentorship, by)
    lock(mentorship)
    require_state(
        mentorship,
        State.PROPOSED,
        State.AGREEING,
        State.ACTIVE,
        State.PAUSED,
        State.CLOSING,
        action=_("end early"),
    )
    mentorship.exit_reason = reason.strip()
    return _end(
        mentorship,
        Mentorship.Outcome.ENDED_EARLY,
        by=by,
        exclusion=MentorExclusion.Reason.ENDED_EARLY,
        event="exited_early",
        also_save=("exit_reason",),
    )


@transaction.atomic
def mentorship_close_inactive(*, mentorship: Mentorship) -> Mentorship:
    """Tandem ends a pair that stayed silent after a warning: no one ended it, no one is blamed,
    and the mentee is back among those awaiting a match."""
    lock(mentorship)
    require_state(mentorship, State.ACTIVE, action=_("close for inactivity"))
    # A new match should bring someone new, as after any early end.
    return _end(
        mentorship,
        Mentorship.Outcome.INACTIVE,
        by=None,
        exclusion=MentorExclusion.Reason.ENDED_EARLY,
        event="closed_inactive",
    )


OPEN_STATES = (State.PROPOSED, State.AGREEING, State.ACTIVE, State.PAUSED, State.CLOSING)


@transaction.atomic
def mentorship_close_left(*, mentorship: Mentorship, leaver: Person) -> Mentorship:
    """One of the two left the organisation: the pair ends without blame and nobody is recorded
    as ending it. The partner is told and keeps what the two shared; the pair is not excluded
    from future matches, since nothing went wrong between them."""
    require_member(mentorship, leaver)
    lock(mentorship)
    require_state(mentorship, *OPEN_STATES, action=_("close because someone left"))
    return _end(
        mentorship,
        Mentorship.Outcome.LEFT,
        by=None,
        exclusion=None,
        event="left_organisation",
        actor=leaver,
    )


@transaction.atomic
def mentorship_stay_in_touch(*, mentorship: Mentorship, by: Person, stay: bool) -> Mentorship:
    role = require_member(mentorship, by)
    lock(mentorship)
    require_state(mentorship, State.CLOSED, action=_("choose to stay in touch"))
    field = "mentee_stays_in_touch" if role == "mentee" else "mentor_stays_in_touch"
    setattr(mentorship, field, stay)
    mentorship.save(update_fields=[field, "updated_at"])
    return mentorship
