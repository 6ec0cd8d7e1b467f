"""The programmes app's next steps: applying, invitations, and a coordinator's applications.

ENROLMENT_STEPS is the rule for a person's enrolments, by status and role. An approved
enrolment has no step here: what follows approval is matching's (matching/next_steps.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.accounts.models import User
from tandem.core.next_steps import NextStep, counted_per_programme, next_steps
from tandem.programmes.access import coordinates_any_programme
from tandem.programmes.models import Enrolment, Invitation
from tandem.programmes.selectors import (
    counts_by_coordinated_programme,
    enrolments_of,
    programmes_open_for,
)

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

Status, Role = Enrolment.Status, Enrolment.Role

UNDER_REVIEW = (
    gettext_lazy("Application to %(programme)s under review"),
    gettext_lazy("You applied as a %(role)s. The coordinator will approve or decline it."),
)
ENROLMENT_STEPS: dict[tuple[str, str], tuple[StrOrPromise, StrOrPromise] | None] = {
    (status, role): (UNDER_REVIEW if status == Status.APPLIED else None)
    for status in Status
    for role in Role
}


@next_steps(order=40)
def enrolment_steps(user: User) -> list[NextStep]:
    person = getattr(user, "person", None)
    if person is None:
        return []
    steps = []
    enrolments = enrolments_of(person)
    for enrolment in enrolments:
        rule = ENROLMENT_STEPS[(enrolment.status, enrolment.role)]
        if rule is None:
            continue
        title, detail = rule
        programme = enrolment.programme
        role = programme.labels.of(enrolment.role)
        steps.append(
            NextStep(
                title % {"programme": programme.name},
                detail % {"role": role},
                reverse("programmes:detail", args=[programme.slug]),
                _("View programme"),
            )
        )
    taking_part = [e for e in enrolments if e.status not in (Status.DECLINED, Status.WITHDRAWN)]
    if not taking_part and programmes_open_for(person).exists():
        steps.append(
            NextStep(
                _("Apply to a programme"),
                _("Choose a programme and apply as a mentor or a mentee."),
                reverse("programmes:list"),
                _("See programmes"),
            )
        )
    pending = (
        Invitation.objects.filter(email=person.email, accepted_at__isnull=True)
        # Programmes the person already takes part in, from the enrolments in hand: the
        # join that finds them costs this page more to build than the invitations do.
        .exclude(programme_id__in=[e.programme_id for e in enrolments])
        .select_related("programme")
        # The columns the step is written from: each one more costs the query's building.
        .only(
            "created_at",
            "token",
            "role",
            "programme",
            "programme__name",
            "programme__kind",
            "programme__mentor_term",
            "programme__mentee_term",
        )
        # Newest first, sorted here: the ORDER BY of this join cost more to build.
        .order_by()
    )
    for invitation in sorted(pending, key=lambda i: (i.created_at, i.pk), reverse=True):
        steps.append(
            NextStep(
                _("You are invited to %(programme)s") % {"programme": invitation.programme.name},
                _("The coordinator invites you to join as a %(role)s.")
                % {"role": invitation.programme.labels.of(invitation.role)},
                reverse("programmes:invitation_accept", args=[invitation.token]),
                _("Accept invitation"),
            )
        )
    return steps


@next_steps(order=110)
def applications_waiting(user: User) -> list[NextStep]:
    return counted_per_programme(
        counts_by_coordinated_programme(user, Enrolment.objects.filter(status=Status.APPLIED)),
        title=gettext_lazy("Applications waiting"),
        detail=gettext_lazy("People applied to take part. Approve or decline each application."),
        action=gettext_lazy("Review applications"),
        url=lambda programme: (
            reverse("programmes:enrolments", args=[programme.slug]) + "?status=applied"
        ),
    )


@next_steps(order=190)
def run_programmes(user: User) -> list[NextStep]:
    if not (user.is_coordinator or coordinates_any_programme(user)):
        return []
    return [
        NextStep(
            _("Run your programmes"),
            _("Review applications, invite people and import your organisation."),
            reverse("programmes:list"),
            _("Open programmes"),
        )
    ]
