"""Writing and signing the charter. A signed text is never changed: edits make a new version."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.core.errors import ServiceError
from tandem.mentorships.models import CharterVersion, Mentorship
from tandem.people.models import Person

from ._common import (
    MentorshipError,
    announce,
    lock,
    require_member,
    require_not_past,
    require_state,
)
from .lifecycle import mentorship_activate

State = Mentorship.State


def _confidentiality_missing(group: str) -> str:
    if group == "the pair":
        return _("Agree what may be shared outside the pair, and with whom.")
    if group == "the circle":
        return _("Agree what may be shared outside the circle, and with whom.")
    return _("Agree what may be shared outside %(group)s, and with whom.") % {"group": group}


# The states in which the members may write or change their charter.
CHARTER_EDITABLE_STATES = (State.AGREEING, State.ACTIVE, State.PAUSED)


def charter_terms(
    *,
    group: str,
    kept_ends_on: date | None,
    error: type[ServiceError] = MentorshipError,
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
) -> dict[str, Any]:
    """A charter's terms as they are stored, checked alike for a pair and a circle: `group`
    names who agrees ("the pair"), `error` is the caller's error type."""
    values: dict[str, Any] = {
        "desired_outcomes": desired_outcomes.strip(),
        "confidentiality": confidentiality.strip(),
        "agenda_habits": agenda_habits.strip(),
        "cadence": cadence,
        "meeting_format": meeting_format,
        "location": location.strip(),
        "roles": roles.strip(),
        "review_on": review_on,
        "ends_on": ends_on,
        "ending": ending.strip(),
    }
    if not values["desired_outcomes"]:
        raise error(_("Say what you want to achieve together."), field="desired_outcomes")
    if not values["confidentiality"]:
        raise error(_confidentiality_missing(group), field="confidentiality")
    if review_on and ends_on and review_on > ends_on:
        raise error(_("The review date falls after the planned end."), field="review_on")
    require_not_past(
        ends_on, field="ends_on", what=_("The planned end"), kept=kept_ends_on, error=error
    )
    return values


@transaction.atomic
def charter_edit(
    *,
    mentorship: Mentorship,
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
) -> CharterVersion:
    require_member(mentorship, by)
    lock(mentorship)
    require_state(mentorship, *CHARTER_EDITABLE_STATES, action=_("edit the charter"))
    current = mentorship.current_charter()
    values = charter_terms(
        group="the pair",
        kept_ends_on=current.ends_on if current else None,
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
    if current is not None and not current.has_signature:
        for name, value in values.items():
            setattr(current, name, value)
        current.written_by = by
        current.save()
        announce(mentorship, "charter_edited", by)
        return current
    if current is not None and all(getattr(current, k) == v for k, v in values.items()):
        raise MentorshipError(_("Nothing changed: the signed charter still stands."))
    version = CharterVersion.objects.create(
        mentorship=mentorship,
        number=(current.number + 1) if current else 1,
        written_by=by,
        **values,
    )
    announce(mentorship, "charter_edited", by, version=version.number)
    return version


@transaction.atomic
def charter_sign(*, mentorship: Mentorship, by: Person, version: CharterVersion) -> CharterVersion:
    """Sign the current version; the second signature starts an agreeing mentorship."""
    if version.mentorship_id != mentorship.pk:
        raise MentorshipError(_("This charter belongs to another mentorship."))
    role = mentorship.role_of(by)
    if role is None:
        raise MentorshipError(_("Only the mentee and the mentor sign their charter."))
    lock(mentorship)
    require_state(
        mentorship, State.AGREEING, State.ACTIVE, State.PAUSED, action=_("sign the charter")
    )
    version = CharterVersion.objects.select_for_update().get(pk=version.pk)
    current = mentorship.current_charter()
    if current is None or current.pk != version.pk:
        raise MentorshipError(
            _("This version has been replaced; read and sign the current version.")
        )
    field = "mentee_signed_at" if role == "mentee" else "mentor_signed_at"
    if getattr(version, field) is not None:
        raise MentorshipError(_("You have already signed this version."))
    setattr(version, field, timezone.now())
    version.save(update_fields=[field, "updated_at"])
    announce(mentorship, "charter_signed", by, version=version.number)
    if version.is_fully_signed and mentorship.state == State.AGREEING:
        mentorship_activate(mentorship=mentorship, by=by)
    return version
