from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from tandem.accounts.models import User
from tandem.people.models import Person
from tandem.programmes.access import programmes_visible_to
from tandem.programmes.models import Enrolment, Invitation, Programme, Question


def programmes_open_for(person: Person) -> QuerySet[Programme]:
    return Programme.objects.filter(
        status__in=[Programme.Status.OPEN, Programme.Status.RUNNING]
    ).exclude(enrolments__person=person)


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


def programme_questions(programme: Programme) -> QuerySet[Question]:
    return programme.questions.order_by("order", "pk")


def programme_counts(programme: Programme) -> dict[str, int]:
    rows = programme.enrolments.values("role", "status").annotate(n=Count("pk"))
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
