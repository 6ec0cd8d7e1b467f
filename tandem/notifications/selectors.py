"""Reads for the notifications pages that are not a person's own notices."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tandem.accounts.models import User
from tandem.core.links import absolute_url
from tandem.notifications.email_templates import EmailSpec
from tandem.notifications.programme_emails import (
    decision_key,
    decision_values,
    invitation_values,
    invitation_values_of,
)
from tandem.programmes.models import Enrolment, Invitation, Programme

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

SAMPLE_ANNOUNCEMENT = _(
    "Our next programme meet-up is on **Thursday at 17:00**, in the atrium.\n\n"
    "- Bring a question you would like to ask another pair\n"
    "- Drinks are on the programme"
)
SAMPLE_NOTE = _("We look forward to seeing you at the kick-off on Monday.")
SAMPLE_MESSAGE = _("We would love to have you in this round.")
# An invitation's token lets its holder accept it: the preview shows the address's shape only.
SAMPLE_TOKEN = "your-invitation"


def email_preview_values(
    spec: EmailSpec, *, programme: Programme, user: User
) -> dict[str, StrOrPromise]:
    """What a preview of `spec` shows: the coordinator looking as the recipient, the programme's
    own data (its latest decided application or invitation, when it has one), and sample text
    where the real text is only known when it is sent."""
    name = user.name or user.email
    programme_link = absolute_url(reverse("programmes:detail", args=[programme.slug]))
    samples: dict[str, StrOrPromise] = {
        "person_name": name,
        "programme_name": programme.name,
        "title": _("Meet-up next Thursday"),
        "announcement": SAMPLE_ANNOUNCEMENT,
        "link": programme_link,
        "body": _("Add what you want to talk about to the agenda beforehand."),
    }
    if spec.key.startswith("decision-"):
        samples.update(_decision_preview(spec, programme=programme, name=name))
    elif spec.key.startswith("invitation"):
        samples.update(_invitation_preview(programme=programme, inviter=name))
    elif spec.key == "notification":
        samples["title"] = _("Meeting with Alex Example tomorrow at 10:00")
    return {key: samples.get(key, "") for key in spec.placeholders}


def _decision_preview(
    spec: EmailSpec, *, programme: Programme, name: str
) -> dict[str, StrOrPromise]:
    decided = [
        enrolment
        for enrolment in Enrolment.objects.filter(
            programme=programme,
            status__in=(Enrolment.Status.APPROVED, Enrolment.Status.DECLINED),
        )
        # PostgreSQL sorts missing dates first when descending, SQLite last: say which.
        .order_by(F("decided_at").desc(nulls_last=True), "-pk")[:20]
        if decision_key(enrolment) == spec.key
    ]
    if decided:
        return decision_values(decided[0], person_name=name)
    sample = Enrolment(
        programme=programme, role=Enrolment.Role.MENTEE, decision_note=str(SAMPLE_NOTE)
    )
    return decision_values(sample, person_name=name)


def _invitation_preview(*, programme: Programme, inviter: str) -> dict[str, StrOrPromise]:
    invitation = (
        Invitation.objects.filter(programme=programme)
        .select_related("programme", "invited_by")
        .order_by("-created_at", "-pk")
        .first()
    )
    if invitation is not None:
        values = invitation_values_of(invitation)
        sample = invitation_values(
            programme,
            role=invitation.role,
            inviter="",
            token=SAMPLE_TOKEN,
            purpose="",
            message="",
        )
        return {
            **values,
            "accept_link": sample["accept_link"],
            "signup_link": sample["signup_link"],
        }
    return invitation_values(
        programme,
        role=Enrolment.Role.MENTOR,
        inviter=inviter,
        token=SAMPLE_TOKEN,
        purpose=programme.purpose,
        message=str(SAMPLE_MESSAGE),
    )
