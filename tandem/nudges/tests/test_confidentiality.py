"""What the nudges and the coordinators' digest say about a pair never quotes the pair."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail

from tandem.conftest import Personas
from tandem.mentorships import services as pair_services
from tandem.mentorships.tests.conftest import build_world, make_active
from tandem.notifications.digests import digests_send
from tandem.notifications.models import Notification
from tandem.nudges import services

MARKER = "ZQX-NUDGE-MARKER-5521"
T0 = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)

pytestmark = pytest.mark.django_db


def test_alerts_and_the_digest_carry_no_word_the_pair_wrote(
    personas: Personas, time_machine, django_capture_on_commit_callbacks
) -> None:
    time_machine.move_to(T0, tick=False)
    pair = make_active(
        pair_services.mentorship_create(
            programme=personas.programme,
            mentee=personas.alice,
            mentor=personas.bob,
            created_by=personas.carol,
        )
    )
    build_world(personas, pair, marker=MARKER)
    carol = personas.carol

    def run_jobs(moment: datetime.datetime) -> None:
        time_machine.move_to(moment, tick=False)
        with django_capture_on_commit_callbacks(execute=True):
            services.request_reminders_send(now=moment)
            services.charter_reminders_send(now=moment)
            services.quiet_pairs_nudge(now=moment)
            services.overdue_reminders_send(today=moment.date())
            services.health_alerts_send(now=moment)
            digests_send(now=moment)

    mail.outbox.clear()
    run_jobs(T0 + datetime.timedelta(days=1))
    run_jobs(T0 + datetime.timedelta(days=60))
    run_jobs(T0 + datetime.timedelta(days=61, hours=1))

    alerts = Notification.objects.filter(recipient=carol, kind__startswith="alert.")
    assert set(alerts.values_list("kind", flat=True)) == {"alert.inactive", "alert.health"}
    to_carol = [message for message in mail.outbox if carol.email in message.to]
    digest = [message for message in to_carol if "no contact for" in message.body]
    assert len(digest) == 1, [message.subject for message in to_carol]
    for message in to_carol:
        assert MARKER not in f"{message.subject} {message.body}"
    for notice in alerts:
        assert MARKER not in notice.title + notice.body
    # The pair's own reminders name dates and counts only, whoever they reach.
    for notice in Notification.objects.filter(kind__startswith="nudge."):
        assert MARKER not in notice.title + notice.body
    assert Notification.objects.filter(kind__startswith="nudge.").exists()
