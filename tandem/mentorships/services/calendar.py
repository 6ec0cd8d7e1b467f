"""Calendar feed addresses: one active per person, revoked by replacing it."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from tandem.mentorships.models import CalendarFeed
from tandem.people.models import Person


@transaction.atomic
def calendar_feed_get_or_create(*, person: Person) -> CalendarFeed:
    feed = CalendarFeed.objects.filter(person=person, revoked_at__isnull=True).first()
    return feed or CalendarFeed.objects.create(person=person)


@transaction.atomic
def calendar_feed_revoke(*, person: Person) -> None:
    """The old address stops working at once; a new one is issued on the next request."""
    CalendarFeed.objects.filter(person=person, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
