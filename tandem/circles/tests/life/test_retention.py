"""A closed circle's writing is removed after its programme's retention period; what the
reports count stays."""

from __future__ import annotations

import datetime

import pytest

from tandem.circles import services
from tandem.circles.models import Circle, CircleAttendance, CircleJournalEntry, CircleMeeting
from tandem.circles.services.retention import circles_purge_expired
from tandem.conftest import Personas
from tandem.programmes.models import Programme

from .conftest import NOW

pytestmark = pytest.mark.django_db


def test_content_goes_after_the_retention_period_and_the_counts_stay(
    personas: Personas, circle: Circle
) -> None:
    Programme.objects.filter(pk=circle.programme_id).update(content_retention_days=30)
    services.circle_journal_entry_create(circle=circle, by=personas.alice, body="Private words")
    meeting = CircleMeeting.objects.create(
        circle=circle,
        starts_at=NOW - datetime.timedelta(days=5),
        location="Room 4",
        status=CircleMeeting.Status.HELD,
    )
    CircleAttendance.objects.create(meeting=meeting, person=personas.alice, status="present")
    Circle.objects.filter(pk=circle.pk).update(
        state=Circle.State.CLOSED, closed_at=NOW - datetime.timedelta(days=29)
    )

    assert circles_purge_expired(now=NOW) == 0
    later = NOW + datetime.timedelta(days=2)
    assert circles_purge_expired(now=later) == 1
    assert circles_purge_expired(now=later) == 0

    assert not CircleJournalEntry.objects.filter(circle=circle).exists()
    meeting.refresh_from_db()
    assert meeting.location == ""
    assert meeting.status == CircleMeeting.Status.HELD
    assert CircleAttendance.objects.filter(meeting=meeting).count() == 1
    circle.refresh_from_db()
    assert circle.content_purged_at == later
