"""Forgetting a person: what only they could see goes, what their partners share stays."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from tandem.core.personal_data import ErasureSubject
from tandem.mentorships.models import (
    CalendarFeed,
    ClosureReflection,
    JournalEntry,
    MeetingNote,
    Mentorship,
)

from ._common import MentorshipError


def mentorships_erase_person(subject: ErasureSubject) -> None:
    person = subject.person
    pairs = Mentorship.objects.for_person(person)
    open_pair = pairs.open().select_related("programme").first()
    if open_pair is not None:
        raise MentorshipError(
            _(
                "%(name)s is still in a pair in %(programme)s (%(state)s): close it or end it "
                "early first, so that their partner is told."
            )
            % {
                "name": subject.name,
                "programme": open_pair.programme.name,
                "state": open_pair.get_state_display().lower(),
            }
        )
    MeetingNote.objects.filter(author=person, is_private=True).delete()
    JournalEntry.objects.filter(author=person, shared_at__isnull=True).delete()
    ClosureReflection.objects.filter(author=person, shared_with_partner=False).delete()
    CalendarFeed.objects.filter(person=person).delete()
    # Why they ended a pair early was for the coordinator's record, in their own words.
    pairs.filter(ended_by=person).exclude(exit_reason="").update(exit_reason="")
    # A coordinator's note on a reporting-line exception may name them.
    pairs.filter(~Q(reporting_line_reason="")).update(reporting_line_reason="")
