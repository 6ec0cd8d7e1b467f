"""The report's mentors: how each answers mentees' requests, seen by the programme's
coordinators only."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tandem.conftest import Personas
from tandem.matching.models import MentorRequest
from tandem.matching.selectors import mentor_response_figures
from tandem.matching.tests.factories import mentor
from tandem.people.models import Person
from tandem.people.tests.factories import PersonFactory
from tandem.reports.selectors import duration_text, mentor_rows

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
SENT = NOW - datetime.timedelta(days=20)
Status = MentorRequest.Status


@pytest.fixture(autouse=True)
def _clock(time_machine: Any) -> None:
    time_machine.move_to(NOW, tick=False)


def _request(
    personas: Personas,
    to: Person,
    status: str,
    after: datetime.timedelta | None = None,
    programme: Any = None,
) -> MentorRequest:
    made = MentorRequest.objects.create(
        programme=programme or personas.programme,
        mentee=PersonFactory(),
        mentor=to,
        hope_to_gain="Confidence.",
        why_this_mentor="Experience.",
        status=status,
        expires_at=SENT + datetime.timedelta(days=14),
    )
    MentorRequest.objects.filter(pk=made.pk).update(
        created_at=SENT, responded_at=SENT + after if after is not None else None
    )
    return made


def _hours(n: float) -> datetime.timedelta:
    return datetime.timedelta(hours=n)


@pytest.fixture
def answered(personas: Personas) -> Personas:
    """Bob answered three (in 2 hours, 4 hours and a day), let one expire, had one withdrawn
    and has one waiting; Cara answered two (1 and 3 hours) and let two expire; Dan was only
    asked by someone who withdrew."""
    p: Any = personas
    p.cara = mentor(p.programme, name="Cara Mentor")
    p.dan = mentor(p.programme, name="Dan Mentor")
    _request(p, p.bob, Status.ACCEPTED, _hours(2))
    _request(p, p.bob, Status.DECLINED, _hours(24))
    _request(p, p.bob, Status.DECLINED, _hours(4))
    _request(p, p.bob, Status.EXPIRED)
    _request(p, p.bob, Status.WITHDRAWN, _hours(1))
    _request(p, p.bob, Status.PENDING)
    _request(p, p.cara, Status.DECLINED, _hours(1))
    _request(p, p.cara, Status.ACCEPTED, _hours(3))
    _request(p, p.cara, Status.EXPIRED)
    _request(p, p.cara, Status.EXPIRED)
    _request(p, p.dan, Status.WITHDRAWN, _hours(5))
    # Another programme's requests never count here.
    _request(p, p.bob, Status.EXPIRED, programme=p.other_programme)
    return p


def test_response_rate_and_median_time_to_answer(answered: Any) -> None:
    figures = mentor_response_figures(answered.programme)

    bob, cara = figures[answered.bob.pk], figures[answered.cara.pk]
    assert (bob.answered, bob.expired, bob.rate) == (3, 1, 0.75)
    assert bob.median_seconds == 4 * 3600
    assert (cara.answered, cara.expired, cara.rate) == (2, 2, 0.5)
    assert cara.median_seconds == 2 * 3600  # an even count takes the mean of the middle two
    assert answered.dan.pk not in figures


def test_the_report_rows_say_dash_where_nothing_was_decided(answered: Any) -> None:
    rows = {
        row.person.name: (row.rate_text, row.median_text) for row in mentor_rows(answered.programme)
    }

    assert rows == {
        "Bob Mentor": ("75%", "4 hours"),
        "Cara Mentor": ("50%", "2 hours"),
        "Dan Mentor": ("—", "—"),
    }


def test_every_request_expired_gives_no_rate_of_answers_but_no_median(personas: Personas) -> None:
    _request(personas, personas.bob, Status.EXPIRED)

    [row] = mentor_rows(personas.programme)

    assert (row.rate_text, row.median_text) == ("0%", "—")


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (20, "1 minute"),
        (45 * 60, "45 minutes"),
        (3600, "1 hour"),
        (47 * 3600, "47 hours"),
        (48 * 3600, "2 days"),
        (60 * 3600, "2.5 days"),
    ],
)
def test_waits_read_in_minutes_hours_or_days(seconds: float, text: str) -> None:
    assert duration_text(seconds) == text


def test_the_coordinator_sees_both_columns_on_the_report(answered: Any) -> None:
    page = (
        answered.client_for("carol")
        .get(reverse("reports:programme", args=[answered.programme.slug]))
        .content.decode()
    )

    assert "Response rate" in page
    assert "Median time to answer" in page
    assert "<td>75%</td>" in page
    assert "<td>4 hours</td>" in page
    assert "<td>—</td>" in page


def test_the_report_shows_who_takes_no_new_mentees(personas: Personas) -> None:
    Person.objects.filter(pk=personas.bob.pk).update(
        not_taking_mentees=True, not_taking_mentees_until=datetime.date(2026, 3, 31)
    )

    page = personas.client_for("carol").get(
        reverse("reports:programme", args=[personas.programme.slug])
    )

    assert "Not taking new mentees until 31 March 2026" in page.content.decode()


@pytest.mark.parametrize("who", ["alice", "bob", "dave"])
def test_a_mentee_a_mentor_or_another_coordinator_cannot_see_them(answered: Any, who: str) -> None:
    response = answered.client_for(who).get(
        reverse("reports:programme", args=[answered.programme.slug])
    )

    assert response.status_code == 404


def test_an_operator_sees_them(answered: Any) -> None:
    response = answered.client_for("superuser").get(
        reverse("reports:programme", args=[answered.programme.slug])
    )

    assert response.status_code == 200
    assert "<td>75%</td>" in response.content.decode()


def test_the_page_makes_the_same_queries_for_2_and_10_mentors(personas: Personas) -> None:
    client = personas.client_for("carol")
    url = reverse("reports:programme", args=[personas.programme.slug])

    def queries_with(mentors: int) -> int:
        while Person.objects.filter(enrolments__role="mentor").count() < mentors:
            n = Person.objects.count()
            added = mentor(personas.programme, name=f"Extra Mentor {n}")
            _request(personas, added, Status.ACCEPTED, _hours(n))
            _request(personas, added, Status.EXPIRED)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    assert queries_with(2) == queries_with(10)
