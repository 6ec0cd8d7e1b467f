import datetime

import pytest

from tandem.mentorships.models import Meeting, Mentorship
from tandem.mentorships.tests.factories import CheckInFactory, MeetingFactory, MentorshipFactory
from tandem.notifications.models import Notification
from tandem.notifications.reminders import (
    celebrations_send,
    check_in_reminders_send,
    meeting_reminders_send,
)

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 22, 9, 0, tzinfo=datetime.UTC)


def titles_for(person) -> list[str]:
    return list(Notification.objects.filter(recipient=person.user).values_list("title", flat=True))


def test_both_members_are_reminded_of_tomorrows_meeting_in_their_own_time_zone():
    mentorship = MentorshipFactory(mentee__timezone="Europe/Paris", mentor__timezone="UTC")
    MeetingFactory(
        mentorship=mentorship,
        status=Meeting.Status.SCHEDULED,
        starts_at=NOW + datetime.timedelta(hours=20),
    )
    MeetingFactory(
        mentorship=mentorship,
        status=Meeting.Status.SCHEDULED,
        starts_at=NOW + datetime.timedelta(days=3),
    )

    meeting_reminders_send(now=NOW)
    meeting_reminders_send(now=NOW + datetime.timedelta(hours=1))

    assert titles_for(mentorship.mentee) == [
        f"Meeting with {mentorship.mentor.name} Mon 23 Nov at 06:00"
    ]
    assert titles_for(mentorship.mentor) == [
        f"Meeting with {mentorship.mentee.name} Mon 23 Nov at 05:00"
    ]


def test_check_in_reminder_goes_to_whoever_has_not_checked_in_lately_once_per_period():
    mentorship = MentorshipFactory(started_at=NOW - datetime.timedelta(days=45))
    CheckInFactory(mentorship=mentorship, author=mentorship.mentor)
    today = NOW.date()

    first = check_in_reminders_send(today=today)
    again = check_in_reminders_send(today=today + datetime.timedelta(days=1))

    assert first == 1
    assert again == 0
    assert titles_for(mentorship.mentee) == ["Time for a check-in"]
    assert titles_for(mentorship.mentor) == []


def test_a_new_pair_is_not_asked_to_check_in_before_the_first_interval():
    MentorshipFactory(started_at=NOW - datetime.timedelta(days=5))

    assert check_in_reminders_send(today=NOW.date()) == 0


def test_anniversaries_and_opt_in_birthdays_are_celebrated_once():
    today = NOW.date()
    mentorship = MentorshipFactory(
        started_at=NOW - datetime.timedelta(days=365),
        mentee__birthday=datetime.date(1990, today.month, today.day),
        mentee__celebrate_birthday=True,
        mentor__birthday=datetime.date(1980, today.month, today.day),
        mentor__celebrate_birthday=False,
    )

    celebrations_send(today=today)
    celebrations_send(today=today)

    assert sorted(titles_for(mentorship.mentor)) == [
        f"1 year of mentoring with {mentorship.mentee.name}: happy anniversary!",
        f"It is {mentorship.mentee.name}'s birthday today",
    ]
    assert titles_for(mentorship.mentee) == [
        f"1 year of mentoring with {mentorship.mentor.name}: happy anniversary!"
    ]


def test_closed_pairs_get_no_reminders():
    mentorship = MentorshipFactory(
        state=Mentorship.State.CLOSED, started_at=NOW - datetime.timedelta(days=365)
    )
    MeetingFactory(
        mentorship=mentorship,
        status=Meeting.Status.SCHEDULED,
        starts_at=NOW + datetime.timedelta(hours=2),
    )

    assert meeting_reminders_send(now=NOW) == 0
    assert check_in_reminders_send(today=NOW.date()) == 0
    assert celebrations_send(today=NOW.date()) == 0
