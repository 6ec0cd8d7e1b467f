"""Each member's journal, their check-ins, and the concerns they raise."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.accounts.models import User
from tandem.circles.models import (
    Circle,
    CircleCheckIn,
    CircleConcern,
    CircleJournalEntry,
    CircleMember,
)
from tandem.circles.signals import circle_concern_raised
from tandem.core.i18n import interpolate_lazy
from tandem.mentorships.models import MARKS
from tandem.notifications.services import notification_send_to_person
from tandem.people.models import Person
from tandem.programmes.access import is_coordinator_of

from ._common import (
    CircleError,
    coordinator_url,
    logger,
    require_member,
    require_open,
    require_state,
    tell_coordinators,
)

State = Circle.State


@transaction.atomic
def circle_journal_entry_create(
    *, circle: Circle, by: Person, body: str, title: str = "", share: bool = False
) -> CircleJournalEntry:
    require_member(circle, by)
    require_open(circle)
    if not body.strip():
        raise CircleError(_("Write something first."), field="body")
    return CircleJournalEntry.objects.create(
        circle=circle,
        author=by,
        title=title.strip(),
        body=body,
        shared_at=timezone.now() if share else None,
    )


def _require_author(entry: CircleJournalEntry, by: Person) -> None:
    if entry.author_id != by.pk:
        raise CircleError(_("Only the author can change a journal entry."))
    require_member(entry.circle, by)
    require_open(entry.circle)


@transaction.atomic
def circle_journal_entry_update(
    *, entry: CircleJournalEntry, by: Person, body: str, title: str = ""
) -> CircleJournalEntry:
    _require_author(entry, by)
    if not body.strip():
        raise CircleError(_("Write something first."), field="body")
    entry.title = title.strip()
    entry.body = body
    entry.save(update_fields=["title", "body", "updated_at"])
    return entry


@transaction.atomic
def circle_journal_entry_share(
    *, entry: CircleJournalEntry, by: Person, share: bool
) -> CircleJournalEntry:
    _require_author(entry, by)
    entry.shared_at = (entry.shared_at or timezone.now()) if share else None
    entry.save(update_fields=["shared_at", "updated_at"])
    return entry


@transaction.atomic
def circle_check_in_submit(
    *,
    circle: Circle,
    by: Person,
    engagement: int,
    flexibility: int,
    authenticity: int,
    reciprocity: int,
    comment: str = "",
) -> CircleCheckIn:
    require_member(circle, by)
    require_state(circle, State.ACTIVE, State.PAUSED, action=_("check in"))
    marks = {
        "engagement": engagement,
        "flexibility": flexibility,
        "authenticity": authenticity,
        "reciprocity": reciprocity,
    }
    for name in MARKS:
        if not 1 <= marks[name] <= 5:
            mark = getattr(CircleCheckIn._meta.get_field(name), "verbose_name", name)
            raise CircleError(_("Rate %(mark)s from 1 to 5.") % {"mark": mark}, field=name)
    return CircleCheckIn.objects.create(circle=circle, author=by, comment=comment.strip(), **marks)


@transaction.atomic
def circle_concern_raise(*, circle: Circle, by: Person, audience: str, text: str) -> CircleConcern:
    """Send exactly `text` to the facilitators, the coordinator, or both, and nothing else."""
    require_member(circle, by)
    require_open(circle)
    if audience not in CircleConcern.Audience.values:
        raise CircleError(_("Choose who receives the concern."), field="audience")
    if not text.strip():
        raise CircleError(_("Write what you want them to read."), field="text")
    concern = CircleConcern.objects.create(
        circle=circle, raised_by=by, audience=audience, text=text.strip()
    )
    logger.info("circle %s: concern %s raised for %s", circle.pk, concern.pk, audience)
    title = interpolate_lazy(
        gettext_lazy("%(name)s raised a concern about %(circle)s"),
        name=by.name,
        circle=circle.name,
    )
    if concern.reaches_facilitators:
        facilitators = [
            m.person
            for m in CircleMember.objects.current()
            .filter(circle=circle, role=CircleMember.Role.MENTOR)
            .exclude(person=by)
            .select_related("person__user")
        ]
        url = reverse("circles:concerns", args=[circle.pk])

        def send() -> None:
            for person in facilitators:
                notification_send_to_person(
                    person=person,
                    kind="concern.circle",
                    title=title,
                    body=concern.text,
                    url=url,
                    dedupe_key=f"circle-concern:{concern.pk}:{person.pk}",
                    programme_id=circle.programme_id,
                )

        transaction.on_commit(send)
    if concern.reaches_coordinator:
        tell_coordinators(
            circle,
            kind="concern.circle",
            title=title,
            body=concern.text,
            url=coordinator_url(circle),
            dedupe=f"concern:{concern.pk}",
        )
    transaction.on_commit(lambda: circle_concern_raised.send(sender=CircleConcern, concern=concern))
    return concern


@transaction.atomic
def circle_concern_acknowledge(*, concern: CircleConcern, by: User) -> CircleConcern:
    """A coordinator confirms they have read a concern sent to them."""
    if not concern.reaches_coordinator or not is_coordinator_of(by, concern.circle.programme):
        raise CircleError(_("Only a coordinator it was sent to can acknowledge this concern."))
    concern.acknowledged_at = concern.acknowledged_at or timezone.now()
    concern.save(update_fields=["acknowledged_at", "updated_at"])
    return concern
