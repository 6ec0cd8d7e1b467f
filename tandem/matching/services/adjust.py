"""A coordinator's changes to a run's proposals, and the pair rules later runs keep."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from tandem.accounts.models import User
from tandem.matching.engine.model import Weights
from tandem.matching.instance import build_cohort
from tandem.matching.models import MatchProposal, MatchRun, PairRule, UnmatchedMentee
from tandem.matching.scoring import alignment_summary, check_pair
from tandem.mentorships.models import Mentorship
from tandem.people.models import Person
from tandem.programmes.models import Enrolment, Programme

from ._common import MatchingError
from .runs import programme_questions, refresh_metrics, run_rules


def _require_reviewable(run: MatchRun) -> MatchRun:
    locked = MatchRun.objects.select_for_update().get(pk=run.pk)
    if not locked.is_reviewable:
        raise MatchingError(
            f"This run is {locked.get_status_display().lower()}; only a run waiting for "
            "review can be changed."
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
    out = []
    for mentee, mentor in pairs:
        if mentee.pk == mentor.pk:
            raise MatchingError("A person cannot mentor themselves.", field="mentor")
        result = check_pair(cohort, weights, mentee.pk, mentor.pk)
        if result.blocked_by:
            raise MatchingError(
                f"{mentor.name} cannot mentor {mentee.name}: {result.blocked_by}.", field="mentor"
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
        raise MatchingError(f"{mentor.name} is not an approved mentor here.", field="mentor")
    taken = Mentorship.objects.open().filter(programme=run.programme, mentor=mentor).count()
    proposed = MatchProposal.objects.filter(run=run, mentor=mentor).count()
    return enrolment.capacity - taken - proposed


def _pin(programme: Programme, mentee: Person, mentor: Person, by: User | None) -> None:
    PairRule.objects.filter(programme=programme, mentee=mentee).exclude(mentor=mentor).filter(
        kind=PairRule.Kind.PIN
    ).delete()
    PairRule.objects.update_or_create(
        programme=programme,
        mentee=mentee,
        mentor=mentor,
        defaults={"kind": PairRule.Kind.PIN, "created_by": by},
    )


def _unpin(programme: Programme, mentee: Person) -> None:
    PairRule.objects.filter(programme=programme, mentee=mentee, kind=PairRule.Kind.PIN).delete()


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
    *, proposal: MatchProposal, by: User, reason: str = "unassigned by the coordinator"
) -> UnmatchedMentee:
    run = _require_reviewable(proposal.run)
    if proposal.pinned:
        _unpin(run.programme, proposal.mentee)
    row = UnmatchedMentee.objects.create(run=run, mentee=proposal.mentee, reason=reason[:300])
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
    return proposal_unassign(
        proposal=proposal,
        by=by,
        reason=f"you ruled out {proposal.mentor.name}; re-run or choose a mentor by hand",
    )


@transaction.atomic
def proposal_swap(*, first: MatchProposal, second: MatchProposal, by: User) -> None:
    """Exchange the mentors of two pairs; both new pairs are pinned."""
    run = _require_reviewable(first.run)
    if first.run_id != second.run_id or first.pk == second.pk:
        raise MatchingError("Choose two different pairs of the same run.")
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


@transaction.atomic
def proposal_assign(*, unmatched: UnmatchedMentee, mentor: Person, by: User) -> MatchProposal:
    """Give an unmatched mentee a mentor with a free place; the pair is pinned."""
    run = _require_reviewable(unmatched.run)
    if _free_places(run, mentor) <= 0:
        raise MatchingError(f"{mentor.name} has no free place left in this run.", field="mentor")
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
        raise MatchingError(f"{person.name} is not an approved {label} of this programme.")


@transaction.atomic
def pair_rule_create(
    *, programme: Programme, mentee: Person, mentor: Person, kind: str, created_by: User
) -> PairRule:
    if kind not in PairRule.Kind.values:
        raise MatchingError("Choose pin or forbid.", field="kind")
    if mentee.pk == mentor.pk:
        raise MatchingError("A person cannot mentor themselves.", field="mentor")
    _participant(programme, mentee, Enrolment.Role.MENTEE, "mentee")
    _participant(programme, mentor, Enrolment.Role.MENTOR, "mentor")
    if kind == PairRule.Kind.PIN:
        _pin(programme, mentee, mentor, created_by)
        return PairRule.objects.get(programme=programme, mentee=mentee, mentor=mentor)
    rule, _ = PairRule.objects.update_or_create(
        programme=programme,
        mentee=mentee,
        mentor=mentor,
        defaults={"kind": kind, "created_by": created_by},
    )
    return rule


def pair_rule_delete(*, rule: PairRule) -> None:
    rule.delete()
