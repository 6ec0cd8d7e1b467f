"""A coordinator's changes to a run's proposals, and the pair rules later runs keep."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.matching.engine.model import Weights
from tandem.matching.instance import build_cohort
from tandem.matching.models import MatchProposal, MatchRun, PairRule, UnmatchedMentee
from tandem.matching.peers import build_peer_pool, check_peers, ordered
from tandem.matching.scoring import alignment_summary, check_pair
from tandem.matching.unmatched_reasons import (
    RULED_OUT,
    RULED_OUT_PEER,
    UNASSIGNED,
    unmatched_reason_known,
    unmatched_reason_text,
)
from tandem.mentorships.models import Mentorship
from tandem.people.models import Person
from tandem.programmes.models import Enrolment, Programme

from ._common import MatchingError
from .runs import programme_questions, refresh_metrics, run_rules


def _require_reviewable(run: MatchRun) -> MatchRun:
    locked = MatchRun.objects.select_for_update().get(pk=run.pk)
    if not locked.is_reviewable:
        raise MatchingError(
            _("This run is %(status)s; only a run waiting for review can be changed.")
            % {"status": locked.get_status_display().lower()}
        )
    return locked


def _checked(
    run: MatchRun, *pairs: tuple[Person, Person]
) -> list[tuple[float, list[str], dict[str, Any]]]:
    """Score hand-made pairs against one load of the cohort; refuse one with the rule it breaks."""
    cohort = build_cohort(run.programme, pins=())
    cohort.rules = run_rules(run, cohort.rules)
    weights = Weights(**run.weights)
    questions = programme_questions(run.programme)
    labels = run.programme.labels
    out = []
    for mentee, mentor in pairs:
        if mentee.pk == mentor.pk:
            raise MatchingError(_("A person cannot mentor themselves."), field="mentor")
        result = check_pair(cohort, weights, mentee.pk, mentor.pk)
        if result.blocked_by:
            why = result.blocked_by
            if unmatched_reason_known(why):
                # The engine's reason is written to the mentee; the coordinator reads it.
                why = unmatched_reason_text(why, "coordinator", mentee.name, labels)
            raise MatchingError(
                _("%(mentor)s cannot mentor %(mentee)s: %(why)s.")
                % {"mentor": mentor.name, "mentee": mentee.name, "why": why},
                field="mentor",
            )
        alignment = alignment_summary(
            cohort.answers.get(mentee.pk, {}), cohort.answers.get(mentor.pk, {}), questions
        )
        out.append((result.score, list(result.reasons), alignment))
    return out


def _free_places(run: MatchRun, mentor: Person) -> int:
    enrolment = Enrolment.objects.filter(
        programme=run.programme,
        person=mentor,
        role=Enrolment.Role.MENTOR,
        status=Enrolment.Status.APPROVED,
    ).first()
    if enrolment is None:
        raise MatchingError(
            _("%(name)s is not an approved %(mentor)s here.")
            % {"name": mentor.name, "mentor": run.programme.labels.mentor},
            field="mentor",
        )
    taken = Mentorship.objects.open().filter(programme=run.programme, mentor=mentor).count()
    proposed = MatchProposal.objects.filter(run=run, mentor=mentor).count()
    return enrolment.capacity - taken - proposed


def _pin(programme: Programme, mentee: Person, mentor: Person, by: User | None) -> None:
    pins = PairRule.objects.filter(programme=programme, kind=PairRule.Kind.PIN)
    if programme.is_peer:
        # A peer is in one pair: a pin holds both people, in whichever column they stand.
        people = (mentee.pk, mentor.pk)
        pins.filter(Q(mentee_id__in=people) | Q(mentor_id__in=people)).exclude(
            mentee=mentee, mentor=mentor
        ).delete()
    else:
        pins.filter(mentee=mentee).exclude(mentor=mentor).delete()
    PairRule.objects.update_or_create(
        programme=programme,
        mentee=mentee,
        mentor=mentor,
        defaults={"kind": PairRule.Kind.PIN, "created_by": by},
    )


def _unpin(programme: Programme, mentee: Person) -> None:
    PairRule.objects.filter(programme=programme, mentee=mentee, kind=PairRule.Kind.PIN).delete()


def _checked_peers(
    run: MatchRun, *pairs: tuple[Person, Person]
) -> list[tuple[float, list[str], list[str], dict[str, Any]]]:
    """Score hand-made peer pairs under the run's rules; refuse one with the rule it breaks.

    Each result is in stored order (lower person id first): the mean fit, the reasons for
    the first person's goals and for the second's, and the answers side by side.
    """
    pool = build_peer_pool(run.programme)
    pool.rules = run_rules(run, pool.rules)
    weights = Weights(**run.weights)
    questions = programme_questions(run.programme)
    out = []
    for a, b in pairs:
        if a.pk == b.pk:
            raise MatchingError(_("A person cannot be their own partner."), field="mentor")
        result = check_peers(pool, weights, a.pk, b.pk)
        if result.blocked_by:
            raise MatchingError(
                _("%(first)s and %(second)s cannot be paired: %(why)s.")
                % {"first": a.name, "second": b.name, "why": result.blocked_by},
                field="mentor",
            )
        low, high = ordered(a.pk, b.pk)
        alignment = alignment_summary(
            pool.answers.get(low, {}), pool.answers.get(high, {}), questions
        )
        out.append(
            (
                round(result.score / 2, 6),
                list(result.reasons_low),
                list(result.reasons_high),
                alignment,
            )
        )
    return out


def _set_peers(proposal: MatchProposal, a: Person, b: Person) -> None:
    """Put two peers in a proposal in stored order (lower person id first)."""
    proposal.mentee, proposal.mentor = (a, b) if a.pk < b.pk else (b, a)


@transaction.atomic
def proposal_pin(*, proposal: MatchProposal, by: User, pinned: bool = True) -> MatchProposal:
    """Pin (or unpin) a pair: every later run of the programme keeps a pinned pair."""
    run = _require_reviewable(proposal.run)
    if pinned:
        _pin(run.programme, proposal.mentee, proposal.mentor, by)
    else:
        _unpin(run.programme, proposal.mentee)
    proposal.pinned = pinned
    proposal.save(update_fields=["pinned"])
    refresh_metrics(run)
    return proposal


@transaction.atomic
def proposal_unassign(
    *, proposal: MatchProposal, by: User, reason: str = UNASSIGNED
) -> UnmatchedMentee:
    """Take a pair apart; the mentee (both peers of a peer pair) waits unmatched, with
    ``reason`` in its stored English form (``unmatched_reasons``)."""
    run = _require_reviewable(proposal.run)
    if proposal.pinned:
        _unpin(run.programme, proposal.mentee)
    row = UnmatchedMentee.objects.create(run=run, mentee=proposal.mentee, reason=reason[:300])
    if run.programme.is_peer:
        # Both peers of the pair are left without a partner.
        UnmatchedMentee.objects.create(run=run, mentee=proposal.mentor, reason=reason[:300])
    proposal.delete()
    refresh_metrics(run)
    return row


@transaction.atomic
def proposal_forbid(*, proposal: MatchProposal, by: User) -> UnmatchedMentee:
    """Rule the pair out for good, and leave the mentee for a re-run or a manual choice."""
    run = proposal.run
    PairRule.objects.update_or_create(
        programme=run.programme,
        mentee=proposal.mentee,
        mentor=proposal.mentor,
        defaults={"kind": PairRule.Kind.FORBID, "created_by": by},
    )
    if run.programme.is_peer:
        reason = RULED_OUT_PEER.format(mentee=proposal.mentee.name, mentor=proposal.mentor.name)
    else:
        reason = RULED_OUT.format(mentor=proposal.mentor.name)
    return proposal_unassign(proposal=proposal, by=by, reason=reason)


@transaction.atomic
def proposal_swap(*, first: MatchProposal, second: MatchProposal, by: User) -> None:
    """Exchange the mentors of two pairs; both new pairs are pinned."""
    run = _require_reviewable(first.run)
    if first.run_id != second.run_id or first.pk == second.pk:
        raise MatchingError(_("Choose two different pairs of the same run."))
    if run.programme.is_peer:
        _swap_peers(run, first, second, by)
        return
    (a_score, a_reasons, a_alignment), (b_score, b_reasons, b_alignment) = _checked(
        run, (first.mentee, second.mentor), (second.mentee, first.mentor)
    )
    first_mentor, second_mentor = first.mentor, second.mentor
    for proposal, mentor, score, reasons, alignment in (
        (first, second_mentor, a_score, a_reasons, a_alignment),
        (second, first_mentor, b_score, b_reasons, b_alignment),
    ):
        proposal.mentor = mentor
        proposal.score = score
        proposal.reasons = reasons
        proposal.alignment = alignment
        proposal.origin = MatchProposal.Origin.MANUAL
        proposal.pinned = True
        proposal.save()
        _pin(run.programme, proposal.mentee, mentor, by)
    refresh_metrics(run)


def _swap_peers(run: MatchRun, first: MatchProposal, second: MatchProposal, by: User) -> None:
    """Exchange partners: the first person of each pair takes the other pair's second."""
    a1, b1, a2, b2 = first.mentee, first.mentor, second.mentee, second.mentor
    checked = _checked_peers(run, (a1, b2), (a2, b1))
    for proposal, (x, y), (score, low, high, alignment) in zip(
        (first, second), ((a1, b2), (a2, b1)), checked, strict=True
    ):
        _set_peers(proposal, x, y)
        proposal.score = score
        proposal.reasons = low
        proposal.partner_reasons = high
        proposal.alignment = alignment
        proposal.origin = MatchProposal.Origin.MANUAL
        proposal.pinned = True
    for proposal in (first, second):
        proposal.save()
        _pin(run.programme, proposal.mentee, proposal.mentor, by)
    refresh_metrics(run)


def _assign_peer(run: MatchRun, unmatched: UnmatchedMentee, partner: Person) -> MatchProposal:
    """Pair two peers the run left unmatched."""
    other = UnmatchedMentee.objects.filter(run=run, mentee=partner).first()
    if other is None or partner.pk == unmatched.mentee_id:
        raise MatchingError(
            _("%(name)s is not waiting for a partner in this run.") % {"name": partner.name},
            field="mentor",
        )
    [(score, low, high, alignment)] = _checked_peers(run, (unmatched.mentee, partner))
    proposal = MatchProposal(
        run=run,
        score=score,
        reasons=low,
        partner_reasons=high,
        alignment=alignment,
        pinned=True,
        origin=MatchProposal.Origin.MANUAL,
    )
    _set_peers(proposal, unmatched.mentee, partner)
    proposal.save()
    unmatched.delete()
    other.delete()
    return proposal


@transaction.atomic
def proposal_assign(*, unmatched: UnmatchedMentee, mentor: Person, by: User) -> MatchProposal:
    """Give an unmatched mentee a mentor with a free place; the pair is pinned.

    In a peer programme ``mentor`` is another peer the run left unmatched.
    """
    run = _require_reviewable(unmatched.run)
    if run.programme.is_peer:
        proposal = _assign_peer(run, unmatched, mentor)
        _pin(run.programme, proposal.mentee, proposal.mentor, by)
        refresh_metrics(run)
        return proposal
    if _free_places(run, mentor) <= 0:
        raise MatchingError(
            _("%(name)s has no free place left in this run.") % {"name": mentor.name},
            field="mentor",
        )
    [(score, reasons, alignment)] = _checked(run, (unmatched.mentee, mentor))
    proposal = MatchProposal.objects.create(
        run=run,
        mentee=unmatched.mentee,
        mentor=mentor,
        score=score,
        reasons=reasons,
        alignment=alignment,
        pinned=True,
        origin=MatchProposal.Origin.MANUAL,
    )
    _pin(run.programme, unmatched.mentee, mentor, by)
    unmatched.delete()
    refresh_metrics(run)
    return proposal


def _participant(programme: Programme, person: Person, role: str, label: str) -> None:
    if not Enrolment.objects.filter(
        programme=programme, person=person, role=role, status=Enrolment.Status.APPROVED
    ).exists():
        raise MatchingError(
            _("%(name)s is not an approved %(role)s of this programme.")
            % {"name": person.name, "role": label}
        )


@transaction.atomic
def pair_rule_create(
    *, programme: Programme, mentee: Person, mentor: Person, kind: str, created_by: User
) -> PairRule:
    if kind not in PairRule.Kind.values:
        raise MatchingError(_("Choose pin or forbid."), field="kind")
    if mentee.pk == mentor.pk:
        raise MatchingError(_("A person cannot be paired with themselves."), field="mentor")
    labels = programme.labels
    if programme.is_peer:
        _participant(programme, mentee, Enrolment.Role.PEER, labels.mentor)
        _participant(programme, mentor, Enrolment.Role.PEER, labels.mentor)
        if mentor.pk < mentee.pk:
            mentee, mentor = mentor, mentee
    else:
        _participant(programme, mentee, Enrolment.Role.MENTEE, labels.mentee)
        _participant(programme, mentor, Enrolment.Role.MENTOR, labels.mentor)
    if kind == PairRule.Kind.PIN:
        _pin(programme, mentee, mentor, created_by)
        return PairRule.objects.get(programme=programme, mentee=mentee, mentor=mentor)
    rule, _created = PairRule.objects.update_or_create(
        programme=programme,
        mentee=mentee,
        mentor=mentor,
        defaults={"kind": kind, "created_by": created_by},
    )
    return rule


def pair_rule_delete(*, rule: PairRule) -> None:
    rule.delete()
