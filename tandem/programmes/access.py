"""Who may see and run which programme. Anything out of scope answers 404, never 403.

"Coordinator of programme P" is decided here, once: the users P names in
`Programme.coordinators`, and every operator (`tandem.accounts.access.is_operator`), who may
administer any programme exactly as its coordinator would. Other apps ask
`programmes_coordinated_by`, `is_coordinator_of` or `programme_for_coordinator`; none writes
its own check. Being a coordinator of P shows a pair's metadata, never what the pair wrote.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet, Subquery
from django.http import Http404

from tandem.accounts.access import AnyUser, is_operator
from tandem.core.shared_reads import shared_read
from tandem.people.models import Person
from tandem.programmes.models import Enrolment, Invitation, Programme

OPEN_STATUSES = (Programme.Status.OPEN, Programme.Status.RUNNING)


def can_create_programmes(user: AnyUser) -> bool:
    return bool(user.is_authenticated and (is_operator(user) or user.is_coordinator))


def coordinates_any_programme(user: AnyUser) -> bool:
    """Whether `programmes_coordinated_by(user)` holds any programme.

    Asked once per user object (a request's user lives for that request): the home page asks it
    for each of the coordinator's counts, which then cost nothing for everyone else.
    """
    if not user.is_authenticated:
        return False
    known: bool | None = getattr(user, "_coordinates_any_programme", None)
    if known is None:
        known = is_operator(user) or bool(coordinated_programmes(user))
        user._coordinates_any_programme = known  # type: ignore[attr-defined]
    return known


def programmes_coordinated_by(user: AnyUser) -> QuerySet[Programme]:
    if not user.is_authenticated:
        return Programme.objects.none()
    if is_operator(user):
        return Programme.objects.all()
    return Programme.objects.filter(coordinators=user)


@shared_read
def coordinated_programmes(user: AnyUser) -> dict[int, Programme]:
    """The programmes of `programmes_coordinated_by(user)` by id, in name order, with the
    fields that name them (slug, name and the words for their roles), in one query."""
    programmes = programmes_coordinated_by(user).only(
        "pk", "slug", "name", "kind", "mentor_term", "mentee_term"
    )
    return {programme.pk: programme for programme in programmes.order_by("name", "pk")}


def in_coordinated_programmes(user: AnyUser, field: str = "programme") -> Q:
    """Rows whose `field` is a programme `user` coordinates, compared on their own column.

    Ask `coordinates_any_programme` first: for someone who coordinates nothing this matches
    nothing."""
    if is_operator(user):
        return Q()
    return Q(**{f"{field}__in": list(coordinated_programmes(user))})


def programmes_visible_to(user: AnyUser) -> QuerySet[Programme]:
    """Open and running programmes, plus those the user coordinates, joined or was invited to."""
    if not user.is_authenticated:
        return Programme.objects.none()
    if is_operator(user):
        return Programme.objects.all()
    enrolled = Enrolment.objects.filter(person__user=user).values("programme_id")
    invited = Invitation.objects.filter(email=user.email.lower()).values("programme_id")
    coordinated = programmes_coordinated_by(user).values("pk")
    return Programme.objects.filter(
        Q(status__in=OPEN_STATUSES) | Q(pk__in=coordinated) | Q(pk__in=enrolled) | Q(pk__in=invited)
    )


def programme_for_coordinator(user: AnyUser, slug: str) -> Programme:
    programme = programmes_coordinated_by(user).filter(slug=slug).first()
    if programme is None:
        raise Http404("No such programme.")
    return programme


def programme_visible_to(user: AnyUser, slug: str) -> Programme:
    programme = programmes_visible_to(user).filter(slug=slug).first()
    if programme is None:
        raise Http404("No such programme.")
    return programme


def is_coordinator_of(user: AnyUser, programme: Programme) -> bool:
    return programmes_coordinated_by(user).filter(pk=programme.pk).exists()


def enrolments_visible_to(user: AnyUser) -> QuerySet[Enrolment]:
    """A participant's own enrolments and every enrolment of the programmes they coordinate."""
    if not user.is_authenticated:
        return Enrolment.objects.none()
    if is_operator(user):
        return Enrolment.objects.all()
    # Compared on the enrolment's own columns (the person and the coordinated programmes looked
    # up first), so the database reads the enrolments alone rather than joining every one to
    # its person to test an OR.
    person = Subquery(Person.objects.filter(user_id=user.pk).order_by().values("pk")[:1])
    visible = Q(person_id=person)
    coordinated = list(programmes_coordinated_by(user).values_list("pk", flat=True))
    if coordinated:
        visible |= Q(programme_id__in=coordinated)
    return Enrolment.objects.filter(visible)


def enrolment_for_coordinator(user: AnyUser, programme: Programme, pk: int) -> Enrolment:
    if not is_coordinator_of(user, programme):
        raise Http404("No such application.")
    enrolment = (
        Enrolment.objects.select_related("person", "programme")
        .filter(programme=programme, pk=pk)
        .first()
    )
    if enrolment is None:
        raise Http404("No such application.")
    return enrolment


def own_enrolment(user: AnyUser, programme: Programme) -> Enrolment | None:
    if not user.is_authenticated:
        return None
    return (
        Enrolment.objects.select_related("programme", "person")
        .filter(programme=programme, person__user=user)
        .first()
    )


def can_apply(user: AnyUser, programme: Programme) -> bool:
    """Open programmes take applications from anyone; an invitation opens a draft one too."""
    if not user.is_authenticated or programme.status == Programme.Status.CLOSED:
        return False
    if programme.status in OPEN_STATUSES:
        return True
    return Invitation.objects.filter(programme=programme, email=user.email.lower()).exists()


def enrolments_for_decision(user: AnyUser) -> QuerySet[Enrolment]:
    """Applications the user may approve or decline: those of the programmes they coordinate."""
    return Enrolment.objects.filter(programme__in=programmes_coordinated_by(user))


def own_enrolments(user: AnyUser) -> QuerySet[Enrolment]:
    """The user's own applications, the only ones they may withdraw."""
    if not user.is_authenticated:
        return Enrolment.objects.none()
    return Enrolment.objects.filter(person__user=user)
