from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.core.shared_reads import shared_read
from tandem.people.models import Person
from tandem.programmes.access import (
    coordinated_programmes,
    coordinates_any_programme,
    in_coordinated_programmes,
    programmes_visible_to,
)
from tandem.programmes.models import (
    EmailSuppression,
    Enrolment,
    Invitation,
    InvitationBatch,
    Programme,
    Question,
)


def programmes_open_for(person: Person) -> QuerySet[Programme]:
    """Open and running programmes `person` has no enrolment in, whatever its status."""
    return Programme.objects.filter(
        status__in=[Programme.Status.OPEN, Programme.Status.RUNNING]
    ).exclude(pk__in=[e.programme_id for e in enrolments_of(person)])


def programmes_for_list(user: User) -> QuerySet[Programme]:
    """The programmes a user sees, each annotated with the user's own part in it."""
    mine = Enrolment.objects.filter(programme=OuterRef("pk"), person__user_id=user.pk)
    return programmes_visible_to(user).annotate(
        my_role=Subquery(mine.values("role")[:1]),
        my_status=Subquery(mine.values("status")[:1]),
        coordinating=Exists(
            Programme.coordinators.through.objects.filter(
                programme_id=OuterRef("pk"), user_id=user.pk
            )
        ),
        pending_count=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.APPLIED)),
    )


def counts_by_coordinated_programme(
    user: User, rows: QuerySet[Any], field: str = "programme"
) -> list[tuple[Programme, int]]:
    """How many of `rows` fall in each programme `user` coordinates, in the programmes' name
    order, leaving out those with none. `field` leads from a row to its programme.

    One query on the rows' own table: the programmes' names come from
    `coordinated_programmes`, which the home page's counts share."""
    if not coordinates_any_programme(user):
        return []
    counted = dict(
        rows.filter(in_coordinated_programmes(user, field))
        .values(field)
        .annotate(n=Count("pk"))
        .order_by()
        .values_list(field, "n")
    )
    return [
        (programme, counted[pk])
        for pk, programme in coordinated_programmes(user).items()
        if counted.get(pk)
    ]


@shared_read
def enrolments_of(person: Person) -> tuple[Enrolment, ...]:
    """Every enrolment of `person` with its programme, oldest first."""
    # Sorted here rather than by the database: building the ORDER BY of a join costs more
    # than sorting one person's few enrolments.
    enrolments = (
        person.enrolments.select_related("programme")
        # What the home page's steps and announcements read (it asks on every visit): each
        # column more of the two tables costs the query's building more than its reading.
        .only(
            "created_at",
            "person",
            "role",
            "status",
            "programme",
            "programme__name",
            "programme__slug",
            "programme__status",
            "programme__kind",
            "programme__matching_mode",
            "programme__mentor_term",
            "programme__mentee_term",
        )
        .order_by()
    )
    return tuple(sorted(enrolments, key=lambda e: (e.created_at, e.pk)))


def programme_questions(programme: Programme) -> QuerySet[Question]:
    return programme.questions.order_by("order", "pk")


def programme_counts(programme: Programme) -> dict[str, int]:
    # Without the model's ordering, which would join every person and sort them to count.
    rows = programme.enrolments.order_by().values("role", "status").annotate(n=Count("pk"))
    counts: dict[str, int] = {}
    for row in rows:
        counts[f"{row['role']}_{row['status']}"] = row["n"]
        counts[row["status"]] = counts.get(row["status"], 0) + row["n"]
    return counts


def enrolments_for_programme(
    programme: Programme, *, role: str = "", status: str = "", search: str = ""
) -> QuerySet[Enrolment]:
    enrolments = (
        programme.enrolments.select_related("person", "person__department", "decided_by")
        .prefetch_related(Prefetch("skills_wanted"))
        .order_by("status", "person__name")
    )
    if role:
        enrolments = enrolments.filter(role=role)
    if status:
        enrolments = enrolments.filter(status=status)
    if search:
        enrolments = enrolments.filter(
            Q(person__name__icontains=search)
            | Q(person__email__icontains=search)
            | Q(person__job_title__icontains=search)
            | Q(person__department__name__icontains=search)
        )
    return enrolments


def invitations_for_programme(programme: Programme) -> QuerySet[Invitation]:
    return programme.invitations.select_related("invited_by").order_by("-created_at")


def invitation_by_token(token: str) -> Invitation | None:
    return Invitation.objects.select_related("programme", "invited_by").filter(token=token).first()


@dataclass(frozen=True)
class AnswerRow:
    question: Question
    value: Any
    display: str


def answer_rows(questions: list[Question], answers: dict[str, Any]) -> list[AnswerRow]:
    """Each question with the answer given, choice values shown by their labels."""
    rows = []
    for question in questions:
        value = answers.get(question.key)
        if isinstance(value, list):
            display = ", ".join(question.choice_label(str(v)) for v in value)
        elif value in (None, ""):
            display = ""
        else:
            display = question.choice_label(str(value)) if question.is_choice else str(value)
        rows.append(AnswerRow(question, value, display))
    return rows


def users_by_email(emails: list[str]) -> tuple[list[User], list[str]]:
    """The accounts with these addresses, and the addresses that have none."""
    wanted = [e.strip().lower() for e in emails if e.strip()]
    found = {u.email: u for u in User.objects.filter(email__in=wanted, is_active=True)}
    return [found[e] for e in wanted if e in found], [e for e in wanted if e not in found]


# Bulk invitations: who a filter selects, and who of them would be invited.

PREVIEW_SAMPLE = 10


@dataclass(frozen=True)
class LineProblem:
    """A pasted line the coordinator should look at, by its number as they see it."""

    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class InviteeCriteria:
    """A bulk invitation's filter; the parts given are combined (all must hold)."""

    department_id: int | None = None
    location: str = ""
    manager_id: int | None = None
    # Each address with the pasted line it came from.
    emails: tuple[tuple[int, str], ...] = ()

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> InviteeCriteria:
        return cls(
            department_id=data.get("department"),
            location=data.get("location", ""),
            manager_id=data.get("manager"),
            emails=tuple((int(line), str(email)) for line, email in data.get("emails", [])),
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "department": self.department_id,
            "location": self.location,
            "manager": self.manager_id,
            "emails": [[line, email] for line, email in self.emails],
        }

    @property
    def is_empty(self) -> bool:
        return not (self.department_id or self.location or self.manager_id or self.emails)


def manager_subtree_ids(manager_id: int) -> set[int]:
    """Everyone reporting up to this manager, however many levels down; the manager excluded.

    One query per level of the chart, never one per person; a loop in the chart (which the
    import refuses, but an edit might leave) ends because nobody is visited twice.
    """
    found: set[int] = set()
    frontier = [manager_id]
    while frontier:
        reports = (
            set(Person.objects.filter(manager_id__in=frontier).values_list("pk", flat=True))
            - found
            - {manager_id}
        )
        found |= reports
        frontier = list(reports)
    return found


def people_for_criteria(criteria: InviteeCriteria) -> QuerySet[Person]:
    people = Person.objects.all()
    if criteria.department_id:
        people = people.filter(department_id=criteria.department_id)
    if criteria.location:
        people = people.filter(location__iexact=criteria.location)
    if criteria.manager_id:
        people = people.filter(pk__in=manager_subtree_ids(criteria.manager_id))
    if criteria.emails:
        people = people.filter(email__in=[email for _line, email in criteria.emails])
    return people


def address_suppressed(email: str) -> bool:
    """Whether the owner of `email` asked, from an invitation's link, not to be invited."""
    return EmailSuppression.objects.filter(
        email=email.strip().lower(), kind=EmailSuppression.Kind.INVITATIONS
    ).exists()


def _suppressed() -> Exists:
    return Exists(
        EmailSuppression.objects.filter(
            email=OuterRef("email"), kind=EmailSuppression.Kind.INVITATIONS
        )
    )


def _skip_reasons(programme: Programme) -> tuple[Q, Q, Q, Q]:
    """Why a selected person would not be invited: no usable address, already in the
    programme, already invited, asked not to be invited. Each is one condition the database
    evaluates per person."""
    no_email = Q(erased_at__isnull=False) | Q(email="")
    enrolled = Q(
        Exists(
            Enrolment.objects.filter(programme=programme, person=OuterRef("pk")).exclude(
                status=Enrolment.Status.WITHDRAWN
            )
        )
    )
    invited = Q(Exists(Invitation.objects.filter(programme=programme, email=OuterRef("email"))))
    return no_email, enrolled, invited, Q(_suppressed())


def people_to_invite(programme: Programme, criteria: InviteeCriteria) -> QuerySet[Person]:
    """Those the filter selects who are neither in the programme nor invited to it yet, and
    did not ask not to be invited."""
    no_email, enrolled, invited, suppressed = _skip_reasons(programme)
    return people_for_criteria(criteria).exclude(no_email | enrolled | invited | suppressed)


@dataclass(frozen=True)
class InvitationPreview:
    selected: int
    to_invite: int
    already_invited: int
    already_enrolled: int
    no_email: int
    suppressed: int
    sample: list[Person]
    problems: list[LineProblem]


def invitation_preview(
    programme: Programme, criteria: InviteeCriteria, problems: Sequence[LineProblem] = ()
) -> InvitationPreview:
    """What sending would do, counted in the database: a fixed number of queries at any size.

    Each person is skipped for one reason, the first that applies: no usable address, then
    already in the programme, then already invited, then asked not to be invited.
    """
    no_email, enrolled, invited, suppressed = _skip_reasons(programme)
    counts = people_for_criteria(criteria).aggregate(
        selected=Count("pk"),
        no_email=Count("pk", filter=no_email),
        enrolled=Count("pk", filter=~no_email & enrolled),
        invited=Count("pk", filter=~no_email & ~enrolled & invited),
        suppressed=Count("pk", filter=~no_email & ~enrolled & ~invited & suppressed),
    )
    skipped = counts["no_email"] + counts["enrolled"] + counts["invited"] + counts["suppressed"]
    sample = list(
        people_to_invite(programme, criteria)
        .select_related("department")
        .order_by("name")[:PREVIEW_SAMPLE]
    )
    unknown: list[LineProblem] = []
    if criteria.emails:
        known = set(
            Person.objects.filter(email__in=[e for _line, e in criteria.emails]).values_list(
                "email", flat=True
            )
        )
        unknown = [
            LineProblem(line, email, _("No one in the organisation has this address."))
            for line, email in criteria.emails
            if email not in known
        ]
    return InvitationPreview(
        selected=counts["selected"],
        to_invite=counts["selected"] - skipped,
        already_invited=counts["invited"],
        already_enrolled=counts["enrolled"],
        no_email=counts["no_email"],
        suppressed=counts["suppressed"],
        sample=sample,
        problems=sorted([*problems, *unknown], key=lambda p: p.line),
    )


def invitation_batches_for_programme(programme: Programme) -> QuerySet[InvitationBatch]:
    return programme.invitation_batches.select_related("created_by")


def invitation_batch_for_programme(programme: Programme, pk: int) -> InvitationBatch | None:
    return invitation_batches_for_programme(programme).filter(pk=pk).first()


def invitation_batch_sent_count(batch: InvitationBatch) -> int:
    return batch.invitations.filter(sent_at__isnull=False).count()


# Invitation states: sent, opened the link, registered, applied.


def _registered() -> Exists:
    return Exists(User.objects.filter(email=OuterRef("email")))


def _applied() -> Exists:
    return Exists(
        Enrolment.objects.filter(programme=OuterRef("programme"), person__email=OuterRef("email"))
    )


def invitations_with_state(programme: Programme) -> QuerySet[Invitation]:
    return invitations_for_programme(programme).annotate(
        registered=_registered(), applied=_applied()
    )


def invitation_state_counts(programme: Programme) -> dict[str, int]:
    """How many invitations reached each state, in one query."""
    return programme.invitations.aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(sent_at__isnull=False)),
        opened=Count("pk", filter=Q(opened_at__isnull=False)),
        registered=Count("pk", filter=Q(_registered())),
        applied=Count("pk", filter=Q(_applied())),
        reminded=Count("pk", filter=Q(reminded_at__isnull=False)),
    )


def invitations_due_reminder(*, now: datetime) -> list[Invitation]:
    """Invitations sent at least their programme's reminder days ago to someone who has not
    signed up nor applied nor asked not to be invited, and not reminded yet. Programmes that
    set 0 send none."""
    due: list[Invitation] = []
    programmes = Programme.objects.filter(invitation_reminder_days__gt=0).exclude(
        status=Programme.Status.CLOSED
    )
    for programme in programmes:
        cutoff = now - timedelta(days=programme.invitation_reminder_days)
        due.extend(
            Invitation.objects.select_related("programme", "invited_by")
            .filter(programme=programme, reminded_at__isnull=True, sent_at__lte=cutoff)
            .exclude(_registered())
            .exclude(_applied())
            .exclude(_suppressed())
            .order_by("pk")
        )
    return due
