"""Forgetting a person in the circles they were part of."""

from __future__ import annotations

from django.utils.translation import gettext as _

from tandem.circles.errors import CircleError
from tandem.circles.models import CircleJournalEntry, CircleMeetingNote, CircleMember
from tandem.core.personal_data import ErasureSubject


def circles_erase_person(subject: ErasureSubject) -> None:
    """Refused while they are in an open circle, so that its members are told they left; then
    what only they could read (private notes, unshared journal entries) is deleted. What they
    wrote for the circle stays with the circle, under the former participant's name."""
    person = subject.person
    current = (
        CircleMember.objects.current()
        .filter(person=person)
        .exclude(circle__state="closed")
        .select_related("circle")
        .first()
    )
    if current is not None:
        raise CircleError(
            _(
                "%(name)s is still a member of the circle %(circle)s: they leave it, or it is "
                "closed, first, so that its members are told."
            )
            % {"name": subject.name, "circle": current.circle.name}
        )
    CircleMeetingNote.objects.filter(author=person, is_private=True).delete()
    CircleJournalEntry.objects.filter(author=person, shared_at__isnull=True).delete()
    CircleMember.objects.filter(person=person).exclude(join_note="").update(join_note="")
