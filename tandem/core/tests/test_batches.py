from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tandem.core.batches import batches
from tandem.mentorships.models import Mentorship
from tandem.mentorships.tests.factories import MeetingFactory, MentorshipFactory

pytestmark = pytest.mark.django_db


def test_batches_give_every_row_once_in_order_with_prefetches_and_a_query_per_batch():
    pairs = [MentorshipFactory() for _ in range(5)]
    for pair in pairs:
        MeetingFactory(mentorship=pair)
    queryset = Mentorship.objects.prefetch_related("meetings")

    with CaptureQueriesContext(connection) as queries:
        got = [[(m.pk, len(m.meetings.all())) for m in batch] for batch in batches(queryset, 2)]

    assert got == [
        [(pairs[0].pk, 1), (pairs[1].pk, 1)],
        [(pairs[2].pk, 1), (pairs[3].pk, 1)],
        [(pairs[4].pk, 1)],
    ]
    # Three batches with their prefetch, and the empty read that ends the walk.
    assert len(queries) == 3 * 2 + 1


def test_rows_that_leave_the_selection_between_batches_do_not_make_others_skipped():
    # A job that closes the pairs it reads: counting by offset would skip the third and fourth.
    pairs = [MentorshipFactory() for _ in range(4)]
    seen: list[int] = []
    for batch in batches(Mentorship.objects.filter(state=Mentorship.State.ACTIVE), 2):
        seen.extend(m.pk for m in batch)
        Mentorship.objects.filter(pk__in=[m.pk for m in batch]).update(
            state=Mentorship.State.CLOSED
        )

    assert seen == [p.pk for p in pairs]
