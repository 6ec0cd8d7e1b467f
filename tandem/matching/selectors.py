"""Reads for match runs, proposals, recommendations and mentor requests."""

from __future__ import annotations

import hashlib
import statistics
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from tandem.matching.engine.model import Weights
from tandem.matching.instance import build_cohort
from tandem.matching.models import (
    REVERSE_JUNIOR_MENTOR,
    MatchingSettings,
    MatchProposal,
    MatchRun,
    MentorRequest,
    PairRule,
    UnmatchedMentee,
)
from tandem.matching.reasons import (
    Reader,
    Voice,
    fit_label,
    pair_reasons_for,
    peer_reasons_for,
    vocabulary_for,
)
from tandem.matching.scoring import score_mentee
from tandem.mentorships.models import Mentorship
from tandem.mentorships.selectors import mentor_load
from tandem.people.models import Person
from tandem.programmes.models import Enrolment, Programme


def matching_settings(programme: Programme) -> MatchingSettings:
    """The programme's settings, or the defaults when a coordinator never changed them."""
    found = MatchingSettings.objects.filter(programme=programme).first()
    if found is not None:
        return found
    if programme.kind == Programme.Kind.REVERSE:
        return MatchingSettings(programme=programme, weight_junior_mentor=REVERSE_JUNIOR_MENTOR)
    return MatchingSettings(programme=programme)


def programme_weights(programme: Programme) -> Weights:
    return Weights(**matching_settings(programme).weights)


def runs_for_programme(programme: Programme) -> QuerySet[MatchRun]:
    return (
        MatchRun.objects.filter(programme=programme)
        .select_related("created_by", "published_by", "parent")
        .order_by("-created_at", "-pk")
    )


def published_after(run: MatchRun) -> MatchRun | None:
    """A run of the same programme published after this run read the cohort, if any."""
    since = run.started_at or run.created_at
    return (
        MatchRun.objects.filter(
            programme_id=run.programme_id,
            published_at__isnull=False,
            published_at__gte=since,
        )
        .exclude(pk=run.pk)
        .order_by("-published_at")
        .first()
    )


@dataclass(frozen=True, slots=True)
class PublishCounts:
    pairs: int
    mentee_notices: int
    mentor_notices: int
    unmatched_notices: int

    @property
    def notices(self) -> int:
        return self.mentee_notices + self.mentor_notices + self.unmatched_notices


def publish_counts(run: MatchRun) -> PublishCounts:
    """What publishing the run would do: mentorships created and notices sent (with accounts)."""
    proposals = MatchProposal.objects.filter(run=run)
    return PublishCounts(
        pairs=proposals.count(),
        mentee_notices=proposals.filter(mentee__user__isnull=False).count(),
        mentor_notices=proposals.filter(mentor__user__isnull=False)
        .values("mentor_id")
        .distinct()
        .count(),
        unmatched_notices=UnmatchedMentee.objects.filter(
            run=run, mentee__user__isnull=False
        ).count(),
    )


def pair_rules_for_programme(programme: Programme) -> QuerySet[PairRule]:
    return PairRule.objects.filter(programme=programme).select_related(
        "mentee", "mentor", "created_by"
    )


def proposals_for_run(
    run: MatchRun,
    *,
    department: int | None = None,
    min_score: float | None = None,
    max_score: float | None = None,
    search: str = "",
    mismatch_only: bool = False,
) -> QuerySet[MatchProposal]:
    proposals = MatchProposal.objects.filter(run=run).select_related(
        "mentee__department", "mentor__department"
    )
    if department is not None:
        proposals = proposals.filter(
            Q(mentee__department_id=department) | Q(mentor__department_id=department)
        )
    if min_score is not None:
        proposals = proposals.filter(score__gte=min_score)
    if max_score is not None:
        proposals = proposals.filter(score__lte=max_score)
    if search:
        proposals = proposals.filter(
            _person_search("mentee", search) | _person_search("mentor", search)
        )
    if mismatch_only:
        proposals = proposals.filter(alignment__mismatch=True)
    # An index on the run's own columns serves this order, so a late page costs no more than
    # the first.
    return proposals.order_by("-pinned", "-score", "pk")


def _person_search(prefix: str, search: str) -> Q:
    """Name, email or department name contains the search."""
    return (
        Q(**{f"{prefix}__name__icontains": search})
        | Q(**{f"{prefix}__email__icontains": search})
        | Q(**{f"{prefix}__department__name__icontains": search})
    )


def unmatched_for_run(
    run: MatchRun, *, search: str = "", department: int | None = None, **_: object
) -> QuerySet[UnmatchedMentee]:
    rows = UnmatchedMentee.objects.filter(run=run).select_related("mentee__department")
    if search:
        rows = rows.filter(_person_search("mentee", search))
    if department is not None:
        rows = rows.filter(mentee__department_id=department)
    return rows.order_by("mentee__name", "pk")


def unmatched_to_notify(
    run: MatchRun,
) -> QuerySet[UnmatchedMentee, tuple[int, str, int, bool, str, str]]:
    """The run's unmatched mentees who have an account, as publishing tells them why: mentee
    id, name, user id, whether the account is active, its language, and the engine's reason."""
    return (
        UnmatchedMentee.objects.filter(run=run, mentee__user__isnull=False)
        .order_by("pk")
        .values_list(
            "mentee_id",
            "mentee__name",
            "mentee__user_id",
            "mentee__user__is_active",
            "mentee__user__language",
            "reason",
        )
    )


def unmatched_partners(
    run: MatchRun, row: UnmatchedMentee, search: str = ""
) -> QuerySet[UnmatchedMentee]:
    """In a peer run, the other peers left without a partner: whom ``row`` can be paired with."""
    return unmatched_for_run(run, search=search).exclude(pk=row.pk)


@dataclass(frozen=True, slots=True)
class MentorPlace:
    person: Person
    capacity: int
    taken: int  # open mentorships, plus proposals of the run when one is given

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.taken)


def mentor_places(
    programme: Programme, run: MatchRun | None = None, *, search: str = ""
) -> list[MentorPlace]:
    """The programme's approved mentors with their places, in three queries."""
    taken = mentor_load(programme)
    if run is not None:
        for mentor_id, n in (
            MatchProposal.objects.filter(run=run)
            .values("mentor_id")
            .annotate(n=Count("pk"))
            .values_list("mentor_id", "n")
        ):
            taken[mentor_id] = taken.get(mentor_id, 0) + n
    enrolments = (
        Enrolment.objects.filter(
            programme=programme, role=Enrolment.Role.MENTOR, status=Enrolment.Status.APPROVED
        )
        .select_related("person__department")
        .order_by("person__name", "pk")
    )
    if search:
        enrolments = enrolments.filter(_person_search("person", search))
    return [MentorPlace(e.person, e.capacity, taken.get(e.person_id, 0)) for e in enrolments]


def mentors_with_free_places(
    programme: Programme, run: MatchRun, search: str = ""
) -> QuerySet[Enrolment]:
    """Mentors who could still take one more mentee in this run, by name, counted in SQL.

    Each enrolment carries `free` (places left) and `person` with its department."""
    open_count = (
        Mentorship.objects.open()
        .filter(programme=programme, mentor_id=OuterRef("person_id"))
        .values("mentor_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    proposed = (
        MatchProposal.objects.filter(run=run, mentor_id=OuterRef("person_id"))
        .values("mentor_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    enrolments = Enrolment.objects.filter(
        programme=programme, role=Enrolment.Role.MENTOR, status=Enrolment.Status.APPROVED
    )
    if search:
        enrolments = enrolments.filter(_person_search("person", search))
    return (
        enrolments.annotate(
            free=F("capacity")
            - Coalesce(Subquery(open_count), Value(0))
            - Coalesce(Subquery(proposed), Value(0))
        )
        .filter(free__gt=0)
        .select_related("person__department")
        .order_by("person__name", "pk")
    )


def why_paired(mentorship: Mentorship, person: Person) -> dict[str, object] | None:
    """Why a published match paired these two, written to `person`; None for other pairs."""
    if mentorship.origin != Mentorship.Origin.MATCH:
        return None
    proposal = (
        MatchProposal.objects.filter(
            run__programme_id=mentorship.programme_id,
            run__published_at__isnull=False,
            run__published_at__lte=mentorship.created_at,
            mentee_id=mentorship.mentee_id,
            mentor_id=mentorship.mentor_id,
        )
        .order_by("-run__published_at")
        .first()
    )
    if proposal is None:
        return None
    vocabulary = vocabulary_for(mentorship.programme)
    if mentorship.programme.is_peer:
        mine, theirs = proposal.reasons, proposal.partner_reasons
        if person.pk != mentorship.mentee_id:
            mine, theirs = theirs, mine
        partner = mentorship.partner_of(person)
        return {
            "fit": fit_label(proposal.score),
            "reasons": peer_reasons_for(mine, theirs, person.name, partner.name, vocabulary),
        }
    voice: Voice = "mentee" if person.pk == mentorship.mentee_id else "mentor"
    reader = Reader(voice, mentorship.mentee.name, mentorship.mentor.name)
    return {
        "fit": fit_label(proposal.score),
        "reasons": pair_reasons_for(proposal.reasons, reader, vocabulary),
    }


# Self-selection

# Mentors whose scores are this close count as equally good: which of them comes first is
# spread across mentees, so one popular mentor is not everyone's first suggestion.
NEAR_EQUAL = 0.05


@dataclass(frozen=True, slots=True)
class Recommendation:
    person: Person
    score: float
    reasons: tuple[str, ...]
    capacity: int
    taken: int
    pending: int
    already_asked: bool

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.taken)

    @property
    def fit(self) -> str:
        return fit_label(self.score)


def _spread(mentee_id: int, mentor_id: int) -> str:
    return hashlib.sha256(f"{mentee_id}:{mentor_id}".encode()).hexdigest()


def order_recommendations(
    mentee_id: int, scored: list[tuple[int, float]], load: dict[int, float]
) -> list[int]:
    """Best first; among near-equal scores, the least loaded mentor, then a per-mentee order."""
    if not scored:
        return []
    ordered = sorted(scored, key=lambda s: -s[1])
    out: list[int] = []
    i = 0
    while i < len(ordered):
        top = ordered[i][1]
        # A band never straddles two fit labels, so the labels a mentee reads run best first.
        label = fit_label(top)
        band = [s for s in ordered[i:] if s[1] >= top - NEAR_EQUAL and fit_label(s[1]) == label]
        band.sort(key=lambda s: (load.get(s[0], 0.0), _spread(mentee_id, s[0])))
        out.extend(mentor for mentor, _ in band)
        i += len(band)
    return out


def has_open_mentorship(programme: Programme, person: Person) -> bool:
    return Mentorship.objects.open().filter(programme=programme, mentee=person).exists()


def recommendations_for(programme: Programme, mentee: Person) -> list[Recommendation]:
    """Mentors the programme's rules allow for this mentee, with reasons and free places."""
    cohort = build_cohort(programme, pins=(), mentee_ids=[mentee.pk])
    scored = score_mentee(cohort, programme_weights(programme), mentee.pk)
    if not scored:
        return []
    by_id = {s.mentor_id: s for s in scored}
    pending: dict[int, int] = dict(
        MentorRequest.objects.pending()
        .filter(programme=programme, mentor_id__in=by_id)
        .values("mentor_id")
        .annotate(n=Count("pk"))
        .values_list("mentor_id", "n")
    )
    asked = set(
        MentorRequest.objects.pending()
        .filter(programme=programme, mentee=mentee)
        .values_list("mentor_id", flat=True)
    )
    load = {}
    for pk in by_id:
        capacity = max(1, cohort.capacity.get(pk, 1))
        taken = cohort.capacity.get(pk, 0) - cohort.free_places.get(pk, 0)
        load[pk] = (taken + pending.get(pk, 0)) / capacity
    order = order_recommendations(mentee.pk, [(s.mentor_id, s.score) for s in scored], load)
    people = Person.objects.select_related("department").in_bulk(order)
    vocabulary = vocabulary_for(programme)
    out = []
    for pk in order:
        s = by_id[pk]
        reader = Reader("mentee", mentee.name, people[pk].name)
        capacity = cohort.capacity.get(pk, 0)
        out.append(
            Recommendation(
                person=people[pk],
                score=s.score,
                reasons=tuple(pair_reasons_for(s.reasons, reader, vocabulary)),
                capacity=capacity,
                taken=capacity - cohort.free_places.get(pk, 0),
                pending=pending.get(pk, 0),
                already_asked=pk in asked,
            )
        )
    return out


def mentors_search(programme: Programme, query: str) -> QuerySet[Person]:
    """The programme's approved mentors whose name, title, background or skills match."""
    people = Person.objects.filter(
        enrolments__programme=programme,
        enrolments__role=Enrolment.Role.MENTOR,
        enrolments__status=Enrolment.Status.APPROVED,
    )
    for word in query.split()[:5]:
        people = people.filter(
            Q(name__icontains=word)
            | Q(job_title__icontains=word)
            | Q(bio__icontains=word)
            | Q(person_skills__skill__name__icontains=word)
            | Q(department__name__icontains=word)
        )
    return people.select_related("department").distinct().order_by("name", "pk")


def requests_received(person: Person) -> QuerySet[MentorRequest]:
    return (
        MentorRequest.objects.filter(mentor=person)
        .select_related("programme", "mentee__department", "mentor")
        .order_by("-created_at", "-pk")
    )


def requests_sent(person: Person) -> QuerySet[MentorRequest]:
    return (
        MentorRequest.objects.filter(mentee=person)
        .select_related("programme", "mentor__department", "mentee")
        .order_by("-created_at", "-pk")
    )


# How mentors answer requests


ANSWERED = (MentorRequest.Status.ACCEPTED, MentorRequest.Status.DECLINED)


@dataclass(frozen=True, slots=True)
class ResponseFigures:
    """How one mentor answered the requests that reached a decision: answered or let expire.

    Withdrawn requests never asked the mentor for a decision, and pending ones have not yet
    reached one, so neither counts."""

    answered: int = 0
    expired: int = 0
    median_seconds: float | None = None  # from sending to answering, over answered requests

    @property
    def decided(self) -> int:
        return self.answered + self.expired

    @property
    def rate(self) -> float | None:
        return self.answered / self.decided if self.decided else None


def mentor_response_figures(programme: Programme) -> dict[int, ResponseFigures]:
    """Each mentor's response rate and median time to answer in the programme, by person pk, in
    two queries whatever the number of mentors or requests; mentors never asked are left out.

    The median is taken in Python over the answered requests' two timestamps: a percentile in
    SQL exists on PostgreSQL only, and the rows are two timestamps each."""
    requests = MentorRequest.objects.filter(programme=programme)
    counts = (
        requests.filter(status__in=[*ANSWERED, MentorRequest.Status.EXPIRED])
        .values("mentor_id")
        .annotate(
            answered=Count("pk", filter=Q(status__in=ANSWERED)),
            expired=Count("pk", filter=Q(status=MentorRequest.Status.EXPIRED)),
        )
        .values_list("mentor_id", "answered", "expired")
    )
    waits: dict[int, list[float]] = defaultdict(list)
    for mentor_id, sent, answered_at in requests.filter(
        status__in=ANSWERED, responded_at__isnull=False
    ).values_list("mentor_id", "created_at", "responded_at"):
        if answered_at is not None:
            waits[mentor_id].append((answered_at - sent).total_seconds())
    return {
        mentor_id: ResponseFigures(
            answered=answered,
            expired=expired,
            median_seconds=statistics.median(waits[mentor_id]) if waits[mentor_id] else None,
        )
        for mentor_id, answered, expired in counts
    }
