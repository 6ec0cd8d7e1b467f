"""Check-ins, concerns, and the programme's health-score settings."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.mentorships.health import validate_weights
from tandem.mentorships.models import (
    MARK_LABELS,
    CheckIn,
    Concern,
    Mentorship,
    ProgrammeHealthSettings,
)
from tandem.mentorships.signals import concern_raised
from tandem.people.models import Person
from tandem.programmes.access import is_coordinator_of
from tandem.programmes.models import Programme

from ._common import MentorshipError, logger, require_member, require_open, require_state

State = Mentorship.State


@transaction.atomic
def check_in_submit(
    *,
    mentorship: Mentorship,
    by: Person,
    engagement: int,
    flexibility: int,
    authenticity: int,
    reciprocity: int,
    comment: str = "",
) -> CheckIn:
    require_member(mentorship, by)
    require_state(mentorship, State.ACTIVE, State.PAUSED, State.CLOSING, action=_("check in"))
    marks = {
        "engagement": engagement,
        "flexibility": flexibility,
        "authenticity": authenticity,
        "reciprocity": reciprocity,
    }
    for name, value in marks.items():
        if not 1 <= value <= 5:
            raise MentorshipError(
                _("Rate %(mark)s from 1 to 5.") % {"mark": MARK_LABELS[name]}, field=name
            )
    return CheckIn.objects.create(
        mentorship=mentorship, author=by, comment=comment.strip(), **marks
    )


@transaction.atomic
def concern_raise(*, mentorship: Mentorship, by: Person, audience: str, text: str) -> Concern:
    """Send exactly `text` to the chosen audience, and nothing else."""
    require_member(mentorship, by)
    require_open(mentorship)
    if audience not in Concern.Audience.values:
        raise MentorshipError(_("Choose who receives the concern."), field="audience")
    if not text.strip():
        raise MentorshipError(_("Write what you want them to read."), field="text")
    concern = Concern.objects.create(
        mentorship=mentorship, raised_by=by, audience=audience, text=text.strip()
    )
    logger.info("mentorship %s: concern %s raised for %s", mentorship.pk, concern.pk, audience)
    transaction.on_commit(lambda: concern_raised.send(sender=Concern, concern=concern))
    return concern


@transaction.atomic
def concern_acknowledge(*, concern: Concern, by: User) -> Concern:
    """A coordinator confirms they have read a concern sent to them."""
    if not concern.reaches_coordinator or not is_coordinator_of(by, concern.mentorship.programme):
        raise MentorshipError(_("Only a coordinator it was sent to can acknowledge this concern."))
    concern.acknowledged_at = concern.acknowledged_at or timezone.now()
    concern.save(update_fields=["acknowledged_at", "updated_at"])
    return concern


@transaction.atomic
def health_settings_update(
    *,
    programme: Programme,
    by: User,
    weights: dict[str, object],
    checkin_interval_days: int,
    contact_amber_days: int,
    contact_red_days: int,
) -> ProgrammeHealthSettings:
    if not is_coordinator_of(by, programme):
        raise MentorshipError(_("Only the programme's coordinators change its health settings."))
    try:
        cleaned = validate_weights(weights)
    except ValueError as exc:
        raise MentorshipError(str(exc), field="weights") from exc
    if not 7 <= checkin_interval_days <= 180:
        raise MentorshipError(
            _("Ask for check-ins every 7 to 180 days."), field="checkin_interval_days"
        )
    if not 1 <= contact_amber_days < contact_red_days:
        raise MentorshipError(
            _("The red threshold must be more days than the amber one."), field="contact_red_days"
        )
    settings, _created = ProgrammeHealthSettings.objects.update_or_create(
        programme=programme,
        defaults={
            "weights": cleaned,
            "checkin_interval_days": checkin_interval_days,
            "contact_amber_days": contact_amber_days,
            "contact_red_days": contact_red_days,
        },
    )
    return settings
