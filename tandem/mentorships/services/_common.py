from __future__ import annotations

import logging
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.core.errors import ServiceError
from tandem.mentorships.models import Mentorship
from tandem.mentorships.signals import mentorship_event
from tandem.people.models import Person

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Log lines carry ids and event names only, never anything a person wrote.
logger = logging.getLogger("tandem.mentorships")


class MentorshipError(ServiceError):
    """A rule of the mentoring relationship refused the action; the message says why."""


def lock(mentorship: Mentorship) -> Mentorship:
    """Re-read the mentorship under a row lock so that two transitions cannot interleave."""
    fresh = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    for name in (
        "state",
        "outcome",
        "maturity",
        "started_at",
        "agreeing_at",
        "paused_at",
        "closed_at",
        "closure_proposed_at",
        "closure_proposed_by_id",
        "mentee_stays_in_touch",
        "mentor_stays_in_touch",
    ):
        setattr(mentorship, name, getattr(fresh, name))
    return mentorship


def names_joined(names: list[str]) -> str:
    """ "Ana and Ben", in the active language."""
    joined = names[0] if names else ""
    for name in names[1:]:
        joined = _("%(first)s and %(second)s") % {"first": joined, "second": name}
    return joined


def require_member(mentorship: Mentorship, person: Person) -> str:
    role = mentorship.role_of(person)
    if role is None:
        raise MentorshipError(_("Only the mentee and the mentor of this mentorship can do that."))
    return role


def require_state(mentorship: Mentorship, *states: str, action: str) -> None:
    """`action` is what the person tried, worded to follow "You can": "pause"."""
    if mentorship.state not in states:
        allowed = ""
        for state in states:
            label = str(Mentorship.State(state).label).lower()
            allowed = (
                _("%(first)s or %(second)s") % {"first": allowed, "second": label}
                if allowed
                else label
            )
        current = mentorship.get_state_display().lower()
        raise MentorshipError(
            # Translators: action is a verb phrase such as "pause" or "sign the charter".
            _("You can %(action)s only when the mentorship is %(allowed)s; it is %(current)s.")
            % {"action": action, "allowed": allowed, "current": current}
        )


def meetings_cancel_upcoming(*, mentorship: Mentorship, now: datetime) -> int:
    """An ended pair meets no more: cancel what was still to come.

    The bumped sequence makes calendar applications that read the feed replace each event
    with its cancelled version and drop it.
    """
    from tandem.mentorships.models import Meeting

    return mentorship.meetings.filter(status=Meeting.Status.SCHEDULED, starts_at__gt=now).update(
        status=Meeting.Status.CANCELLED, sequence=F("sequence") + 1, updated_at=now
    )


def require_not_past(
    value: date | None,
    *,
    field: str,
    what: StrOrPromise,
    kept: date | None = None,
    error: type[ServiceError] = MentorshipError,
) -> None:
    """Refuse a date already gone for something still to happen (a planned end, a target, a
    due date). A date the record already held is kept, so an old item can still be edited.
    A circle's services pass their own `error`: the rule is the same. `what` names the date,
    translated by the caller: "The due date"."""
    if value is not None and value != kept and value < timezone.localdate():
        raise error(_("%(what)s cannot be in the past.") % {"what": what}, field=field)


def require_open(mentorship: Mentorship) -> None:
    if not mentorship.accepts_content:
        raise MentorshipError(
            _("This mentorship is closed: its history stays readable but cannot be changed.")
        )


def announce(mentorship: Mentorship, event: str, by: Person | None, **extra: Any) -> None:
    logger.info(
        "mentorship %s: %s by person %s",
        mentorship.pk,
        event,
        by.pk if by is not None else "-",
    )
    transaction.on_commit(
        lambda: mentorship_event.send(
            sender=Mentorship, mentorship=mentorship, event=event, by=by, **extra
        )
    )
