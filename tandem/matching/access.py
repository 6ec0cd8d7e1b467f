"""Who may see which match run, proposal and mentor request. Out of scope answers 404."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from tandem.matching.models import MatchProposal, MatchRun, MentorRequest, PairRule, UnmatchedMentee
from tandem.people.access import person_of
from tandem.people.models import Person
from tandem.programmes.access import AnyUser, programme_for_coordinator, programmes_coordinated_by
from tandem.programmes.models import Enrolment, Programme


def runs_visible_to(user: AnyUser) -> QuerySet[MatchRun]:
    return MatchRun.objects.filter(programme__in=programmes_coordinated_by(user))


def run_for_coordinator(user: AnyUser, slug: str, pk: int) -> MatchRun:
    programme = programme_for_coordinator(user, slug)
    run = (
        MatchRun.objects.select_related("programme", "parent")
        .filter(programme=programme, pk=pk)
        .first()
    )
    if run is None:
        raise Http404("No such match run.")
    return run


def proposal_in_run(run: MatchRun, pk: int) -> MatchProposal:
    proposal = (
        MatchProposal.objects.select_related("run__programme", "mentee", "mentor")
        .filter(run=run, pk=pk)
        .first()
    )
    if proposal is None:
        raise Http404("No such pair.")
    return proposal


def unmatched_in_run(run: MatchRun, pk: int) -> UnmatchedMentee:
    row = (
        UnmatchedMentee.objects.select_related("run__programme", "mentee")
        .filter(run=run, pk=pk)
        .first()
    )
    if row is None:
        raise Http404("No such mentee.")
    return row


def rule_for_coordinator(user: AnyUser, slug: str, pk: int) -> PairRule:
    programme = programme_for_coordinator(user, slug)
    rule = PairRule.objects.filter(programme=programme, pk=pk).first()
    if rule is None:
        raise Http404("No such rule.")
    return rule


def proposals_visible_to(user: AnyUser) -> QuerySet[MatchProposal]:
    return MatchProposal.objects.filter(run__programme__in=programmes_coordinated_by(user))


def self_selection_for(user: AnyUser, slug: str) -> tuple[Programme, Person]:
    """The programme and the signed-in mentee, when they may choose their own mentor there."""
    person = person_of(user)
    programme = (
        Programme.objects.filter(
            slug=slug,
            enrolments__person=person,
            enrolments__role=Enrolment.Role.MENTEE,
            enrolments__status=Enrolment.Status.APPROVED,
        ).first()
        if person is not None
        else None
    )
    if programme is None or person is None or not programme.allows_self_selection:
        raise Http404("No such programme.")
    return programme, person


def partner_in_programme(programme: Programme, pk: int) -> Person:
    """The person a coordinator gives an unmatched participant: a mentor, or another peer."""
    if not programme.is_peer:
        return mentor_in_programme(programme, pk)
    peer = Person.objects.filter(
        pk=pk,
        enrolments__programme=programme,
        enrolments__role=Enrolment.Role.PEER,
        enrolments__status=Enrolment.Status.APPROVED,
    ).first()
    if peer is None:
        raise Http404("No such peer.")
    return peer


def mentor_in_programme(programme: Programme, pk: int) -> Person:
    mentor = Person.objects.filter(
        pk=pk,
        enrolments__programme=programme,
        enrolments__role=Enrolment.Role.MENTOR,
        enrolments__status=Enrolment.Status.APPROVED,
    ).first()
    if mentor is None:
        raise Http404("No such mentor.")
    return mentor


def requests_visible_to(user: AnyUser) -> QuerySet[MentorRequest]:
    """Requests the user sent or received. Coordinators see pair metadata elsewhere, not these
    notes, which were written for the mentor."""
    person = person_of(user)
    if person is None:
        return MentorRequest.objects.none()
    return MentorRequest.objects.filter(Q(mentee=person) | Q(mentor=person))


def request_for_participant(user: AnyUser, pk: int) -> tuple[MentorRequest, Person]:
    person = person_of(user)
    request = (
        requests_visible_to(user)
        .select_related("programme", "mentee__department", "mentor__department", "mentorship")
        .filter(pk=pk)
        .first()
    )
    if request is None or person is None:
        raise Http404("No such request.")
    return request, person
