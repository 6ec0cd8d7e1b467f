"""A mentee's request nobody answers: the mentor after 3 days, the coordinators after 7."""

from __future__ import annotations

import datetime

import pytest

from tandem.matching.models import MentorRequest
from tandem.mentorships.tests.factories import MentorshipFactory
from tandem.nudges.services import request_reminders_send
from tandem.people.tests.factories import PersonFactory
from tandem.programmes.models import Enrolment, Programme
from tandem.programmes.tests.factories import EnrolmentFactory

from .conftest import notices, switch

pytestmark = pytest.mark.django_db


def ask(programme: Programme, **fields: object) -> MentorRequest:
    mentee, mentor = PersonFactory(name="Mina Mentee"), PersonFactory(name="Max Mentor")
    EnrolmentFactory(programme=programme, person=mentee, role=Enrolment.Role.MENTEE)
    EnrolmentFactory(programme=programme, person=mentor, role=Enrolment.Role.MENTOR)
    return MentorRequest.objects.create(
        programme=programme,
        mentee=mentee,
        mentor=mentor,
        hope_to_gain="Confidence with budgets.",
        why_this_mentor="Runs the finance team.",
        expires_at=datetime.datetime(2026, 4, 1, tzinfo=datetime.UTC),
        **fields,
    )


def test_the_mentor_is_reminded_once_at_three_days_and_the_coordinators_told_at_seven(
    programme, coordinator, clock
):
    request = ask(programme)

    request_reminders_send(now=clock(days=2, hours=23))
    assert notices("nudge.request") == []

    request_reminders_send(now=clock(days=3))
    request_reminders_send(now=clock(days=3, hours=1))
    assert notices("nudge.request", request.mentor) == ["Mina Mentee is waiting for your answer"]
    assert notices("alert.request") == []

    request_reminders_send(now=clock(days=6, hours=23))
    assert notices("alert.request") == []

    request_reminders_send(now=clock(days=7))
    request_reminders_send(now=clock(days=8))
    assert notices("alert.request", coordinator) == [
        f"Max Mentor has not answered Mina Mentee's request for 7 days ({programme.name})"
    ]
    assert len(notices("nudge.request")) == 1


@pytest.mark.parametrize(
    "status",
    [MentorRequest.Status.ACCEPTED, MentorRequest.Status.DECLINED, MentorRequest.Status.WITHDRAWN],
)
def test_an_answered_or_withdrawn_request_is_not_chased(programme, clock, status):
    ask(programme, status=status)

    request_reminders_send(now=clock(days=8))

    assert notices("nudge.request") == notices("alert.request") == []


def test_a_programme_can_switch_request_reminders_off(programme, clock):
    switch(programme, request_reminders=False)
    ask(programme)

    request_reminders_send(now=clock(days=8))

    assert notices("nudge.request") == notices("alert.request") == []


def test_a_programme_sets_its_own_thresholds(programme, coordinator, clock):
    switch(programme, request_mentor_days=5, request_coordinator_days=10)
    request = ask(programme)

    request_reminders_send(now=clock(days=4))
    assert notices("nudge.request") == []
    request_reminders_send(now=clock(days=9))
    assert len(notices("nudge.request", request.mentor)) == 1
    assert notices("alert.request") == []
    request_reminders_send(now=clock(days=10))
    assert len(notices("alert.request", coordinator)) == 1


def test_the_coordinators_alert_links_to_the_mentees_application_not_the_request(
    programme, coordinator, clock
):
    request = ask(programme)
    # Another programme's pair of the same people must not be where the link goes.
    MentorshipFactory(mentee=request.mentee)

    request_reminders_send(now=clock(days=7))

    from tandem.notifications.models import Notification

    alert = Notification.objects.get(kind="alert.request")
    enrolment = Enrolment.objects.get(programme=programme, person=request.mentee)
    assert alert.url == f"/programmes/{programme.slug}/enrolments/{enrolment.pk}/"
