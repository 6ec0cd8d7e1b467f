"""Each trigger sends a survey once for each occasion, to the people its audience names."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from tandem.mentorships import services as pairs
from tandem.mentorships.models import Mentorship
from tandem.mentorships.tests.factories import MentorshipFactory
from tandem.notifications.models import Notification
from tandem.programmes.models import Enrolment, Programme
from tandem.surveys import services
from tandem.surveys.jobs import surveys_after_matching
from tandem.surveys.models import Delivery, Survey

from .conftest import T0, build_survey, enrol

pytestmark = pytest.mark.django_db
Trigger, Audience = Survey.Trigger, Survey.Audience


def sent_to(survey: Survey) -> set[tuple[int, str]]:
    return set(Delivery.objects.filter(survey=survey).values_list("person_id", "occasion"))


@pytest.mark.parametrize(
    ("audience", "roles"),
    [
        (Audience.EVERYONE, {"mentee", "mentor"}),
        (Audience.MENTORS, {"mentor"}),
        (Audience.MENTEES, {"mentee"}),
    ],
)
def test_once_reaches_the_approved_participants_of_its_audience(
    programme: Programme, audience: str, roles: set[str], django_capture_on_commit_callbacks: Any
) -> None:
    mentees = enrol(programme, Enrolment.Role.MENTEE, 2)
    mentors = enrol(programme, Enrolment.Role.MENTOR, 2)
    applied = enrol(programme, Enrolment.Role.MENTEE)[0]
    Enrolment.objects.filter(person=applied).update(status=Enrolment.Status.APPLIED)
    survey = build_survey(programme, audience=audience)

    with django_capture_on_commit_callbacks(execute=True):
        services.survey_activate(survey=survey)

    expected: set[int] = set()
    if "mentee" in roles:
        expected |= {p.pk for p in mentees}
    if "mentor" in roles:
        expected |= {p.pk for p in mentors}
    assert sent_to(survey) == {(pk, "once") for pk in expected}
    assert Notification.objects.filter(kind="survey.sent").count() == len(expected)
    # A retried send tells no one twice.
    assert services.survey_send_once(survey=survey) == 0
    assert Notification.objects.filter(kind="survey.sent").count() == len(expected)


def test_a_survey_is_sent_only_with_a_question(programme: Programme) -> None:
    survey = services.survey_create(programme=programme, title="Empty")
    with pytest.raises(services.SurveyError, match="at least one question"):
        services.survey_activate(survey=survey)


def test_after_matching_fires_at_its_day_then_every_repeat(programme: Programme, clock) -> None:
    pair = MentorshipFactory(programme=programme)  # matched at T0
    survey = build_survey(
        programme, trigger=Trigger.AFTER_MATCHING, days_after_matching=30, repeat_every_days=60
    )
    services.survey_activate(survey=survey)

    clock(days=29, hours=23)
    surveys_after_matching()
    assert sent_to(survey) == set()

    clock(days=30)
    surveys_after_matching()
    surveys_after_matching()
    members = {pair.mentee_id, pair.mentor_id}
    first = {(pk, f"matched:{pair.pk}:0") for pk in members}
    assert sent_to(survey) == first
    assert Delivery.objects.filter(survey=survey, mentorship=pair).count() == 2

    clock(days=89)
    surveys_after_matching()
    assert sent_to(survey) == first

    clock(days=90)
    surveys_after_matching()
    assert sent_to(survey) == first | {(pk, f"matched:{pair.pk}:1") for pk in members}


def test_after_matching_without_repeat_fires_once(programme: Programme, clock) -> None:
    pair = MentorshipFactory(programme=programme)
    survey = build_survey(
        programme,
        trigger=Trigger.AFTER_MATCHING,
        days_after_matching=30,
        audience=Audience.MENTEES,
    )
    services.survey_activate(survey=survey)
    for day in (30, 60, 400):
        clock(days=day)
        surveys_after_matching()
    assert sent_to(survey) == {(pair.mentee_id, f"matched:{pair.pk}:0")}


def test_after_matching_skips_closed_pairs_and_does_not_reach_back(
    programme: Programme, clock
) -> None:
    clock(days=-100)
    older = MentorshipFactory(programme=programme)
    clock()
    closed = MentorshipFactory(programme=programme, state=Mentorship.State.CLOSED)
    survey = build_survey(programme, trigger=Trigger.AFTER_MATCHING, days_after_matching=30)
    services.survey_activate(survey=survey)

    clock(days=31)
    surveys_after_matching()
    # The older pair's day came before the survey existed; the closed pair is over.
    assert not Delivery.objects.filter(mentorship__in=[older, closed]).exists()


def test_after_matching_surveys_in_draft_or_closed_send_nothing(
    programme: Programme, clock
) -> None:
    MentorshipFactory(programme=programme)
    draft = build_survey(programme, trigger=Trigger.AFTER_MATCHING, days_after_matching=30)
    clock(days=31)
    surveys_after_matching()
    assert sent_to(draft) == set()


def test_after_a_meeting_held_each_member_is_asked_once_per_meeting(
    programme: Programme, clock, django_capture_on_commit_callbacks: Any
) -> None:
    pair = MentorshipFactory(programme=programme)
    survey = build_survey(programme, trigger=Trigger.MEETING_HELD, audience=Audience.MENTEES)
    services.survey_activate(survey=survey)
    (meeting,) = pairs.meeting_schedule(
        mentorship=pair, by=pair.mentee, starts_at=T0 + datetime.timedelta(days=1)
    )
    clock(days=1, hours=2)

    with django_capture_on_commit_callbacks(execute=True):
        pairs.meeting_set_status(meeting=meeting, by=pair.mentor, status="held")
    with django_capture_on_commit_callbacks(execute=True):
        pairs.meeting_set_status(meeting=meeting, by=pair.mentor, status="missed")
    with django_capture_on_commit_callbacks(execute=True):
        pairs.meeting_set_status(meeting=meeting, by=pair.mentor, status="held")

    assert sent_to(survey) == {(pair.mentee_id, f"meeting:{meeting.pk}")}
    delivery = Delivery.objects.get(survey=survey)
    assert delivery.mentorship == pair
    assert Notification.objects.filter(recipient=pair.mentee.user, kind="survey.sent").count() == 1


@pytest.mark.parametrize("ending", ["exit_early", "close_inactive"])
def test_at_closure_both_members_are_asked(
    programme: Programme, ending: str, django_capture_on_commit_callbacks: Any
) -> None:
    pair = MentorshipFactory(programme=programme)
    survey = build_survey(programme, trigger=Trigger.CLOSURE)
    services.survey_activate(survey=survey)
    with django_capture_on_commit_callbacks(execute=True):
        if ending == "exit_early":
            pairs.mentorship_exit_early(mentorship=pair, by=pair.mentee)
        else:
            pairs.mentorship_close_inactive(mentorship=pair)
    assert sent_to(survey) == {
        (pair.mentee_id, f"closure:{pair.pk}"),
        (pair.mentor_id, f"closure:{pair.pk}"),
    }


def test_a_closed_survey_is_no_longer_sent(
    programme: Programme, django_capture_on_commit_callbacks: Any
) -> None:
    pair = MentorshipFactory(programme=programme)
    survey = build_survey(programme, trigger=Trigger.CLOSURE)
    services.survey_activate(survey=survey)
    services.survey_close(survey=survey)
    with django_capture_on_commit_callbacks(execute=True):
        pairs.mentorship_exit_early(mentorship=pair, by=pair.mentee)
    assert sent_to(survey) == set()


def test_days_belong_to_the_after_matching_trigger(programme: Programme) -> None:
    with pytest.raises(services.SurveyError) as info:
        services.survey_create(programme=programme, title="T", trigger=Trigger.AFTER_MATCHING)
    assert info.value.field == "days_after_matching"
    with pytest.raises(services.SurveyError):
        services.survey_create(programme=programme, title="T", days_after_matching=3)
