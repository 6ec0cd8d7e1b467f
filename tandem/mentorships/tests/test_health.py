"""Each health reason, against a history built for it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tandem.mentorships.health import AMBER, GREEN, NOT_MEASURED, RED, mentorship_health
from tandem.mentorships.models import Attendance, CheckIn, Mentorship, ProgrammeHealthSettings
from tandem.mentorships.selectors import with_health_data

from .factories import (
    ActionItemFactory,
    CharterFactory,
    CheckInFactory,
    GoalFactory,
    MeetingFactory,
    MentorshipFactory,
)

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def days_ago(n: int) -> object:
    return NOW - timedelta(days=n)


def healthy_pair(started_days_ago: int = 60, cadence: str = "fortnightly") -> Mentorship:
    """A pair that met two days ago, checked in, and has a goal on track."""
    mentorship = MentorshipFactory(started_at=days_ago(started_days_ago))
    CharterFactory(mentorship=mentorship, cadence=cadence)
    MeetingFactory(mentorship=mentorship, starts_at=days_ago(2))
    for author in (mentorship.mentee, mentorship.mentor):
        checked_in(mentorship, author, 5)
    GoalFactory(mentorship=mentorship, target_on=(NOW + timedelta(days=30)).date())
    return mentorship


def checked_in(mentorship: Mentorship, author: object, days: int, **marks: int) -> CheckIn:
    check_in = CheckInFactory(mentorship=mentorship, author=author, **marks)
    CheckIn.objects.filter(pk=check_in.pk).update(created_at=days_ago(days))
    return check_in


def health(mentorship: Mentorship) -> object:
    fresh = with_health_data(Mentorship.objects.filter(pk=mentorship.pk)).get()
    return mentorship_health(fresh, now=NOW)


def test_a_pair_on_track_is_green_without_reasons() -> None:
    report = health(healthy_pair())
    assert report.status == GREEN
    assert report.reasons == []


def test_long_gap_between_meetings_names_the_charter_cadence() -> None:
    mentorship = healthy_pair(started_days_ago=120)
    mentorship.meetings.update(starts_at=days_ago(49))
    report = health(mentorship)
    assert "no meeting for 7 weeks; the charter says fortnightly" in report.sentences
    assert report.status in (AMBER, RED)


def test_slightly_late_meeting_is_amber() -> None:
    mentorship = healthy_pair(started_days_ago=120)
    mentorship.meetings.update(starts_at=days_ago(21))
    report = health(mentorship)
    assert "no meeting for 3 weeks; the charter says fortnightly" in report.sentences
    assert report.factors["regularity"] == 0.5


def test_no_meeting_since_start_uses_programme_cadence_without_a_charter() -> None:
    mentorship = MentorshipFactory(started_at=days_ago(35))
    report = health(mentorship)
    assert (
        "no meeting held in the 5 weeks since the mentorship started; "
        "the programme suggests fortnightly" in report.sentences
    )


def _recent_meetings(mentorship: Mentorship, count: int) -> list[object]:
    return [
        MeetingFactory(mentorship=mentorship, starts_at=days_ago(3 + 7 * n)) for n in range(count)
    ]


def test_lateness_is_a_reason() -> None:
    mentorship = healthy_pair()
    mentorship.meetings.all().delete()
    meetings = _recent_meetings(mentorship, 4)
    for meeting in meetings[:3]:
        Attendance.objects.create(meeting=meeting, person=mentorship.mentee, status="late")
    report = health(mentorship)
    assert "the mentee was late to 3 of the last 4 meetings" in report.sentences


def test_absence_is_a_reason() -> None:
    mentorship = healthy_pair()
    mentorship.meetings.all().delete()
    meetings = _recent_meetings(mentorship, 4)
    for meeting in meetings[:2]:
        Attendance.objects.create(meeting=meeting, person=mentorship.mentor, status="absent")
    report = health(mentorship)
    assert "the mentor was absent from 2 of the last 4 meetings" in report.sentences


def test_missed_meetings_are_a_reason() -> None:
    mentorship = healthy_pair()
    mentorship.meetings.all().delete()
    meetings = _recent_meetings(mentorship, 4)
    for meeting in meetings[1:3]:
        meeting.status = "missed"
        meeting.save()
    report = health(mentorship)
    assert "2 of the last 4 meetings were missed" in report.sentences
    assert report.factors["punctuality"] == 0.0


def test_low_check_in_average_is_red_reason() -> None:
    mentorship = healthy_pair()
    mentorship.check_ins.all().delete()
    for author in (mentorship.mentee, mentorship.mentor):
        checked_in(
            mentorship, author, 3, engagement=2, flexibility=2, authenticity=2, reciprocity=2
        )
    report = health(mentorship)
    assert "the latest check-ins average 2.0 out of 5" in report.sentences
    assert report.factors["check_ins"] == 0.0


def test_a_low_mark_is_named() -> None:
    mentorship = healthy_pair()
    mentorship.check_ins.filter(author=mentorship.mentor).delete()
    checked_in(mentorship, mentorship.mentor, 2, reciprocity=2)
    report = health(mentorship)
    assert "the mentor rated reciprocity 2 out of 5 in the latest check-in" in report.sentences


def test_missing_check_in_since_start_is_a_reason() -> None:
    mentorship = healthy_pair(started_days_ago=42)
    mentorship.check_ins.filter(author=mentorship.mentee).delete()
    report = health(mentorship)
    assert "the mentee has not checked in since the mentorship started 6 weeks ago" in (
        report.sentences
    )


def test_overdue_check_in_is_a_reason() -> None:
    mentorship = healthy_pair(started_days_ago=120)
    mentorship.check_ins.filter(author=mentorship.mentor).update(created_at=days_ago(50))
    report = health(mentorship)
    assert (
        "the mentor has not checked in for 7 weeks; the programme asks every 4 weeks"
        in report.sentences
    )


def test_no_goals_after_a_month_is_a_reason() -> None:
    mentorship = healthy_pair(started_days_ago=45)
    mentorship.goals.all().delete()
    report = health(mentorship)
    assert "no goals recorded 6 weeks after starting" in report.sentences


def test_overdue_goal_is_a_reason() -> None:
    mentorship = healthy_pair()
    GoalFactory(mentorship=mentorship, target_on=(NOW - timedelta(days=3)).date())
    report = health(mentorship)
    assert "1 goal is past its target date" in report.sentences
    assert report.factors["goals"] == 0.5


def test_days_since_last_contact_is_a_reason() -> None:
    mentorship = healthy_pair(started_days_ago=120, cadence="monthly")
    mentorship.meetings.update(starts_at=days_ago(25))
    mentorship.check_ins.update(created_at=days_ago(25))
    report = health(mentorship)
    assert "no contact for 3 weeks" in report.sentences
    assert report.factors["contact"] == 0.5


def test_recent_action_counts_as_contact() -> None:
    mentorship = healthy_pair(started_days_ago=120, cadence="monthly")
    mentorship.meetings.update(starts_at=days_ago(25))
    mentorship.check_ins.update(created_at=days_ago(25))
    ActionItemFactory(mentorship=mentorship, done_at=days_ago(1))
    assert health(mentorship).factors["contact"] == 1.0


def test_programme_weights_change_the_score() -> None:
    mentorship = healthy_pair(started_days_ago=120)
    mentorship.meetings.update(starts_at=days_ago(49))
    mentorship.check_ins.update(created_at=NOW)
    assert health(mentorship).status != GREEN
    ProgrammeHealthSettings.objects.create(
        programme=mentorship.programme,
        weights={"regularity": 0, "punctuality": 0, "check_ins": 1, "goals": 1, "contact": 0},
    )
    report = health(mentorship)
    assert report.status == GREEN
    assert report.reasons == []


def test_a_red_factor_never_shows_green() -> None:
    mentorship = healthy_pair(started_days_ago=120)
    mentorship.meetings.update(starts_at=days_ago(49))
    ProgrammeHealthSettings.objects.create(
        programme=mentorship.programme,
        weights={"regularity": 0.1, "punctuality": 1, "check_ins": 1, "goals": 1, "contact": 0},
    )
    assert health(mentorship).status == AMBER


def test_many_problems_are_red() -> None:
    mentorship = MentorshipFactory(started_at=days_ago(100))
    CharterFactory(mentorship=mentorship, cadence="weekly")
    MeetingFactory(mentorship=mentorship, starts_at=days_ago(80))
    checked_in(
        mentorship,
        mentorship.mentee,
        80,
        engagement=1,
        flexibility=2,
        authenticity=2,
        reciprocity=1,
    )
    assert health(mentorship).status == RED


def test_paused_pair_is_not_measured() -> None:
    mentorship = MentorshipFactory(state=Mentorship.State.PAUSED)
    report = health(mentorship)
    assert report.status == NOT_MEASURED
    assert "Paused" in report.note


def test_a_warning_never_sits_under_a_green_badge() -> None:
    from tandem.mentorships.health import Reason, combine

    results: dict[str, tuple[float | None, list[Reason]]] = {
        name: (1.0, []) for name in ("regularity", "punctuality", "check_ins", "goals")
    }
    results["contact"] = (0.5, [Reason("contact", "no contact for 5 weeks", AMBER)])
    report = combine(results, dict.fromkeys(results, 1.0))
    assert report.score == 0.9
    assert report.status == AMBER
