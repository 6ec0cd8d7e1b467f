"""A circle's health, by the pair's factors, with its reasons in words."""

from __future__ import annotations

import datetime

from django.utils import timezone

from tandem.circles import services
from tandem.circles.health import circle_health
from tandem.circles.models import Circle, CircleMeeting
from tandem.circles.selectors import circle_with_everything
from tandem.conftest import Personas
from tandem.mentorships.health import AMBER, GREEN, NOT_MEASURED, RED

from .world import make_circle, person


def _circle(personas: Personas, days: int) -> Circle:
    return make_circle(
        personas.programme,
        facilitators=[personas.bob],
        mentees=[personas.alice, person("Mia Member"), person("Max Member")],
        started=timezone.now() - datetime.timedelta(days=days),
    )


def _check_in_all(circle: Circle, score: int) -> None:
    for member in circle.members.select_related("person"):
        services.circle_check_in_submit(
            circle=circle,
            by=member.person,
            engagement=score,
            flexibility=score,
            authenticity=score,
            reciprocity=score,
        )


def test_a_circle_meeting_at_its_cadence_with_good_check_ins_is_healthy(
    personas: Personas,
) -> None:
    circle = _circle(personas, days=20)
    meeting = CircleMeeting.objects.create(
        circle=circle, starts_at=timezone.now() - datetime.timedelta(days=3)
    )
    services.circle_meeting_record(
        meeting=meeting,
        by=personas.bob,
        attendance={m.person_id: "present" for m in circle.members.all()},
    )
    _check_in_all(circle, 4)
    services.circle_goal_create(circle=circle, by=personas.bob, title="x", success_criterion="y")

    report = circle_health(circle_with_everything(circle.pk))

    assert (report.status, report.reasons) == (GREEN, [])


def test_a_silent_circle_with_low_check_ins_needs_attention_and_says_why(
    personas: Personas,
) -> None:
    circle = _circle(personas, days=50)
    _check_in_all(circle, 2)
    CircleMeeting.objects.create(
        circle=circle,
        starts_at=timezone.now() - datetime.timedelta(days=45),
        status=CircleMeeting.Status.MISSED,
    )

    report = circle_health(circle_with_everything(circle.pk))

    assert report.status == RED
    assert "no meeting held in the 7 weeks since the circle started; " in report.sentences[0] + "; "
    assert "the latest check-ins average 2.0 out of 5" in report.sentences
    assert "1 of the last meeting were missed" in report.sentences
    assert "no goals recorded 7 weeks after starting" in report.sentences


def test_absences_count_against_the_circle(personas: Personas) -> None:
    circle = _circle(personas, days=20)
    meeting = CircleMeeting.objects.create(
        circle=circle, starts_at=timezone.now() - datetime.timedelta(days=2)
    )
    services.circle_meeting_record(
        meeting=meeting,
        by=personas.bob,
        attendance={personas.bob.pk: "present", personas.alice.pk: "absent"},
    )
    _check_in_all(circle, 4)

    report = circle_health(circle_with_everything(circle.pk))

    assert report.status == AMBER
    assert report.sentences == ["Alice Mentee was absent from 1 of the last meeting"]


def test_a_forming_circle_is_not_measured(personas: Personas, forming: Circle) -> None:
    report = circle_health(circle_with_everything(forming.pk))
    assert report.status == NOT_MEASURED
    assert report.note == "Measured once every member has signed the charter."
