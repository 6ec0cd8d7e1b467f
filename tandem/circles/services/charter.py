"""Writing and signing the circle's charter, by the pair's rules: a signed text never changes,
an edit after a signature is a new version that every current member signs again."""

from __future__ import annotations

import uuid
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.circles.models import Circle, CircleCharterSignature, CircleCharterVersion, CircleMember
from tandem.core.i18n import interpolate_lazy
from tandem.mentorships.services import charter_terms
from tandem.people.models import Person

from ._common import (
    CircleError,
    circle_url,
    lock,
    require_member,
    require_state,
    tell_members,
)

State = Circle.State
CHARTER_EDITABLE_STATES = (State.FORMING, State.ACTIVE, State.PAUSED)


@transaction.atomic
def circle_charter_edit(
    *,
    circle: Circle,
    by: Person,
    desired_outcomes: str,
    confidentiality: str,
    agenda_habits: str = "",
    cadence: str,
    meeting_format: str,
    location: str = "",
    roles: str = "",
    review_on: date | None = None,
    ends_on: date | None = None,
    ending: str = "",
) -> CircleCharterVersion:
    require_member(circle, by)
    lock(circle)
    require_state(circle, *CHARTER_EDITABLE_STATES, action=_("edit the charter"))
    current = circle.current_charter()
    values = charter_terms(
        group=_("the circle"),
        kept_ends_on=current.ends_on if current else None,
        error=CircleError,
        desired_outcomes=desired_outcomes,
        confidentiality=confidentiality,
        agenda_habits=agenda_habits,
        cadence=cadence,
        meeting_format=meeting_format,
        location=location,
        roles=roles,
        review_on=review_on,
        ends_on=ends_on,
        ending=ending,
    )
    if current is not None and not current.signatures.exists():
        for name, value in values.items():
            setattr(current, name, value)
        current.written_by = by
        current.save()
        version = current
    elif current is not None and all(getattr(current, k) == v for k, v in values.items()):
        raise CircleError(_("Nothing changed: the signed charter still stands."))
    else:
        version = CircleCharterVersion.objects.create(
            circle=circle, number=(current.number + 1) if current else 1, written_by=by, **values
        )
    tell_members(
        circle,
        event="charter_edited",
        title=interpolate_lazy(
            gettext_lazy("%(name)s changed the charter of %(circle)s: please read and sign it"),
            name=by.name,
            circle=circle.name,
        ),
        url=circle_url("charter", circle),
        dedupe=f"{version.number}:{uuid.uuid4()}",
        but=by,
    )
    return version


def unsigned_members(circle: Circle, version: CircleCharterVersion | None) -> list[CircleMember]:
    """Current members who have not signed `version` (everyone, when there is none)."""
    members = list(CircleMember.objects.current().filter(circle=circle).select_related("person"))
    if version is None:
        return members
    signed = set(version.signatures.values_list("member_id", flat=True))
    return [m for m in members if m.pk not in signed]


def circle_start_if_signed(*, circle: Circle) -> bool:
    """A forming circle becomes active once every current member has signed the current
    charter. Called after a signature, and after a member leaves or joins."""
    lock(circle)
    if circle.state != State.FORMING:
        return False
    version = circle.current_charter()
    if version is None or unsigned_members(circle, version):
        return False
    circle.state = State.ACTIVE
    circle.started_at = timezone.now()
    circle.save(update_fields=["state", "started_at", "updated_at"])
    tell_members(
        circle,
        event="activated",
        title=interpolate_lazy(
            gettext_lazy("Everyone signed the charter: %(circle)s is active"), circle=circle.name
        ),
        url=circle_url("overview", circle),
        dedupe="activated",
    )
    return True


@transaction.atomic
def circle_charter_sign(
    *, circle: Circle, by: Person, version: CircleCharterVersion
) -> CircleCharterSignature:
    if version.circle_id != circle.pk:
        raise CircleError(_("This charter belongs to another circle."))
    membership = require_member(circle, by)
    lock(circle)
    require_state(circle, *CHARTER_EDITABLE_STATES, action=_("sign the charter"))
    version = CircleCharterVersion.objects.select_for_update().get(pk=version.pk)
    current = circle.current_charter()
    if current is None or current.pk != version.pk:
        raise CircleError(_("This version has been replaced; read and sign the current version."))
    if version.signatures.filter(member=membership).exists():
        raise CircleError(_("You have already signed this version."))
    signature = CircleCharterSignature.objects.create(
        version=version, member=membership, signed_at=timezone.now()
    )
    tell_members(
        circle,
        event="charter_signed",
        title=interpolate_lazy(
            gettext_lazy("%(name)s signed the charter of %(circle)s"),
            name=by.name,
            circle=circle.name,
        ),
        url=circle_url("charter", circle),
        dedupe=f"{version.number}:{membership.pk}",
        but=by,
    )
    circle_start_if_signed(circle=circle)
    return signature
