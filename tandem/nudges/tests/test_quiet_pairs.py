"""Pairs that stop meeting: reminders at 1.5 and 2 cadences, the coordinators told at 3, and
the warned automatic close. The pair's charter says fortnightly, so one cadence is 14 days."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.mentorships.models import Meeting, MentorExclusion, Mentorship
from tandem.mentorships.tests.factories import CheckInFactory, MeetingFactory
from tandem.notifications.models import Notification
from tandem.nudges.services import quiet_pairs_nudge

from .conftest import T0, notices, switch

pytestmark = pytest.mark.django_db


def test_meeting_reminders_come_once_at_one_and_a_half_then_at_two_cadences(pair, clock):
    quiet_pairs_nudge(now=clock(days=20, hours=23))
    assert notices("nudge.quiet") == []

    quiet_pairs_nudge(now=clock(days=21))
    quiet_pairs_nudge(now=clock(days=22))
    assert notices("nudge.quiet", pair.mentee) == [f"Time to meet {pair.mentor.name}"]
    assert notices("nudge.quiet", pair.mentor) == [f"Time to meet {pair.mentee.name}"]

    quiet_pairs_nudge(now=clock(days=28))
    quiet_pairs_nudge(now=clock(days=29))
    assert notices("nudge.quiet", pair.mentee) == [
        f"Time to meet {pair.mentor.name}",
        f"It has been 4 weeks since you last met {pair.mentor.name}",
    ]


def test_a_new_meeting_starts_the_count_again(pair, clock):
    quiet_pairs_nudge(now=clock(days=21))
    MeetingFactory(mentorship=pair, starts_at=clock(days=22))

    quiet_pairs_nudge(now=clock(days=42, hours=23))
    assert len(notices("nudge.quiet", pair.mentee)) == 1
    quiet_pairs_nudge(now=clock(days=43))
    assert len(notices("nudge.quiet", pair.mentee)) == 2


def test_a_pair_with_its_next_meeting_booked_is_not_reminded(pair, clock):
    MeetingFactory(mentorship=pair, starts_at=clock(days=30), status=Meeting.Status.SCHEDULED)

    quiet_pairs_nudge(now=clock(days=29))

    assert notices("nudge.quiet") == []


def test_the_programmes_cadence_counts_when_the_pair_has_no_charter(programme, clock):
    from tandem.mentorships.tests.factories import MentorshipFactory

    programme.meeting_cadence = "monthly"
    programme.save()
    MentorshipFactory(programme=programme, started_at=T0)

    quiet_pairs_nudge(now=clock(days=44))
    assert notices("nudge.quiet") == []
    quiet_pairs_nudge(now=clock(days=45))
    assert len(notices("nudge.quiet")) == 2


@pytest.mark.parametrize("state", [Mentorship.State.PAUSED, Mentorship.State.CLOSED])
def test_paused_and_closed_pairs_are_left_alone(pair, clock, state):
    switch(pair.programme, auto_close=True)
    Mentorship.objects.filter(pk=pair.pk).update(state=state)

    quiet_pairs_nudge(now=clock(days=100))

    assert Notification.objects.count() == 0
    assert Mentorship.objects.get(pk=pair.pk).state == state


def test_a_programme_can_switch_meeting_reminders_off(pair, clock):
    switch(pair.programme, meeting_reminders=False)

    quiet_pairs_nudge(now=clock(days=30))

    assert notices("nudge.quiet") == []


def test_coordinators_are_told_once_after_three_cadences_and_the_pair_knows(
    pair, coordinator, clock
):
    quiet_pairs_nudge(now=clock(days=41, hours=23))
    assert notices("alert.inactive") == notices("nudge.escalated") == []

    quiet_pairs_nudge(now=clock(days=42))
    quiet_pairs_nudge(now=clock(days=50))
    assert notices("alert.inactive", coordinator) == [
        f"{pair.mentee.name} and {pair.mentor.name} have had no contact for 6 weeks "
        f"({pair.programme.name})"
    ]
    told = "Your mentorship has gone quiet: the coordinator was told"
    assert notices("nudge.escalated", pair.mentee) == [told]
    assert notices("nudge.escalated", pair.mentor) == [told]


def test_a_check_in_is_contact_and_delays_the_alert(pair, clock):
    CheckInFactory(mentorship=pair, author=pair.mentee, created_at=clock(days=20))

    quiet_pairs_nudge(now=clock(days=61, hours=23))
    assert notices("alert.inactive") == []
    quiet_pairs_nudge(now=clock(days=62))
    assert len(notices("alert.inactive")) == 1


def test_a_programme_can_switch_inactivity_alerts_off(pair, clock):
    switch(pair.programme, inactivity_alerts=False)

    quiet_pairs_nudge(now=clock(days=60))

    assert notices("alert.inactive") == notices("nudge.escalated") == []


def test_auto_close_is_off_unless_the_programme_switches_it_on(pair, clock):
    quiet_pairs_nudge(now=clock(days=200))

    assert Mentorship.objects.get(pk=pair.pk).state == Mentorship.State.ACTIVE
    assert notices("nudge.auto_close") == []


def test_a_silent_pair_is_warned_a_week_ahead_then_closed_as_inactive_without_blame(
    pair, clock, django_capture_on_commit_callbacks
):
    switch(pair.programme, auto_close=True)

    quiet_pairs_nudge(now=clock(days=82, hours=23))
    assert notices("nudge.auto_close") == []

    quiet_pairs_nudge(now=clock(days=83))
    quiet_pairs_nudge(now=clock(days=84))
    warning = f"Your mentorship with {pair.mentor.name} closes on 31 May unless you meet"
    assert notices("nudge.auto_close", pair.mentee) == [warning]

    quiet_pairs_nudge(now=clock(days=89, hours=23))
    assert Mentorship.objects.get(pk=pair.pk).state == Mentorship.State.ACTIVE

    with django_capture_on_commit_callbacks(execute=True):
        quiet_pairs_nudge(now=clock(days=90))
    quiet_pairs_nudge(now=clock(days=91))

    closed = Mentorship.objects.get(pk=pair.pk)
    assert (closed.state, closed.outcome, closed.ended_by) == (
        Mentorship.State.CLOSED,
        Mentorship.Outcome.INACTIVE,
        None,
    )
    assert notices("nudge.auto_close", pair.mentee) == [
        warning,
        f"You can be matched with a new mentor in {pair.programme.name}",
    ]
    assert notices("nudge.auto_close", pair.mentor) == [
        f"Your mentorship with {pair.mentee.name} closes on 31 May unless you meet"
    ]
    closed_notice = f"Your mentorship with {pair.mentor.name} was closed after a long time "
    assert notices("mentorship.closed_inactive", pair.mentee) == [closed_notice + "without contact"]
    # Back among those awaiting a match, with someone new.
    assert MentorExclusion.objects.filter(mentee=pair.mentee, mentor=pair.mentor).exists()


def test_contact_after_the_warning_keeps_the_pair_open(pair, clock):
    switch(pair.programme, auto_close=True)
    quiet_pairs_nudge(now=clock(days=83))
    CheckInFactory(mentorship=pair, author=pair.mentor, created_at=clock(days=85))

    quiet_pairs_nudge(now=clock(days=95))

    assert Mentorship.objects.get(pk=pair.pk).state == Mentorship.State.ACTIVE
    assert len(notices("nudge.auto_close", pair.mentee)) == 1


def test_switching_auto_close_on_late_still_gives_the_full_warning(pair, clock):
    quiet_pairs_nudge(now=clock(days=150))
    switch(pair.programme, auto_close=True)

    quiet_pairs_nudge(now=clock(days=151))
    assert Mentorship.objects.get(pk=pair.pk).state == Mentorship.State.ACTIVE
    assert len(notices("nudge.auto_close", pair.mentee)) == 1

    quiet_pairs_nudge(now=clock(days=157, hours=23))
    assert Mentorship.objects.get(pk=pair.pk).state == Mentorship.State.ACTIVE
    quiet_pairs_nudge(now=clock(days=158))
    assert Mentorship.objects.get(pk=pair.pk).state == Mentorship.State.CLOSED


def test_the_programme_report_counts_pairs_closed_for_inactivity_apart(
    pair, coordinator, client, clock
):
    switch(pair.programme, auto_close=True)
    quiet_pairs_nudge(now=clock(days=83))
    quiet_pairs_nudge(now=clock(days=90))
    client.force_login(coordinator)

    page = client.get(reverse("reports:programme", args=[pair.programme.slug]))

    text = " ".join(page.content.decode().split())
    assert '<span class="stat-value">1</span> closed after a long silence' in text
    assert '<span class="stat-value">0</span> ended early' in text
