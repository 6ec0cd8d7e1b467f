"""The organisation view: figures across programmes over a date range, on the page, in CSV and
over the API, for coordinators of those programmes only."""

from __future__ import annotations

import csv
import datetime
import io
import re
from html import unescape
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tandem.accounts.tests.factories import UserFactory
from tandem.core.audit import AuditEvent
from tandem.mentorships.models import Meeting, Mentorship, OutcomeSurvey
from tandem.mentorships.tests.factories import GoalFactory, MeetingFactory, MentorshipFactory
from tandem.people.tests.factories import PersonFactory
from tandem.programmes.models import Enrolment, Programme
from tandem.programmes.tests.factories import EnrolmentFactory, ProgrammeFactory
from tandem.reports.models import HealthSnapshot
from tandem.reports.organisation import DateRange, organisation_report
from tandem.surveys.models import Delivery, Survey

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
TODAY = datetime.datetime(2026, 6, 30, 12, tzinfo=UTC)
RANGE = {"start": "2026-01-01", "end": "2026-06-30"}


def at(month: int, day: int) -> datetime.datetime:
    return datetime.datetime(2026, month, day, 9, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _clock(time_machine: Any) -> None:
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def coordinator() -> Any:
    return UserFactory(name="Cora Ordinator")


def mentee(programme: Programme, approved: datetime.datetime) -> Any:
    person = PersonFactory()
    enrolment = EnrolmentFactory(programme=programme, person=person, role=Enrolment.Role.MENTEE)
    Enrolment.objects.filter(pk=enrolment.pk).update(created_at=approved, decided_at=approved)
    return person


def mentor(programme: Programme) -> Any:
    person = PersonFactory()
    EnrolmentFactory(programme=programme, person=person, role=Enrolment.Role.MENTOR)
    Enrolment.objects.filter(person=person).update(created_at=at(1, 1))
    return person


def pair(
    programme: Programme, who: Any, by: Any, created: datetime.datetime, **fields: Any
) -> Mentorship:
    mentorship = MentorshipFactory(
        programme=programme, mentee=who, mentor=by, enrol=False, **fields
    )
    Mentorship.objects.filter(pk=mentorship.pk).update(created_at=created)
    return mentorship


def survey(mentorship: Mentorship, goals: str, before: int, after: int, recommend: int) -> None:
    survey = OutcomeSurvey.objects.create(
        mentorship=mentorship,
        respondent=mentorship.mentee,
        goals_achieved=goals,
        confidence_before=before,
        confidence_after=after,
        would_recommend=recommend,
    )
    OutcomeSurvey.objects.filter(pk=survey.pk).update(created_at=at(5, 1))


def deliveries(
    programme: Programme, *sends: tuple[datetime.datetime, datetime.datetime | None]
) -> None:
    """A coordinator's survey sent at each moment, answered at the other (or not)."""
    asked = Survey.objects.create(
        programme=programme, title="Pulse", status=Survey.Status.ACTIVE, activated_at=at(1, 1)
    )
    for sent_at, answered_at in sends:
        Delivery.objects.create(
            survey=asked,
            person=PersonFactory(),
            occasion="once",
            sent_at=sent_at,
            answered_at=answered_at,
        )


@pytest.fixture
def world(coordinator: Any) -> dict[str, Any]:
    """Two programmes carol-like Cora coordinates, and one she does not."""
    north = ProgrammeFactory(name="North", coordinators=[coordinator])
    south = ProgrammeFactory(name="South", coordinators=[coordinator])
    elsewhere = ProgrammeFactory(name="Elsewhere")
    guide = mentor(north)
    # North: four mentees; three matched, after 10, 20 and 30 days; one waits.
    waits = [10, 20, 30]
    pairs = []
    for days in waits:
        person = mentee(north, at(2, 1))
        pairs.append(
            pair(
                north, person, guide, at(2, 1) + datetime.timedelta(days=days), started_at=at(3, 1)
            )
        )
    mentee(north, at(2, 1))
    # Six held meetings in the range, one outside it, one cancelled.
    for month in (3, 4, 5):
        MeetingFactory(mentorship=pairs[0], starts_at=at(month, 10))
        MeetingFactory(mentorship=pairs[1], starts_at=at(month, 12))
    MeetingFactory(mentorship=pairs[0], starts_at=datetime.datetime(2025, 12, 1, tzinfo=UTC))
    MeetingFactory(mentorship=pairs[2], starts_at=at(4, 2), status=Meeting.Status.CANCELLED)
    # One completed and one ended early in the range.
    Mentorship.objects.filter(pk=pairs[1].pk).update(
        state=Mentorship.State.CLOSED, outcome=Mentorship.Outcome.COMPLETED, closed_at=at(6, 1)
    )
    Mentorship.objects.filter(pk=pairs[2].pk).update(
        state=Mentorship.State.CLOSED, outcome=Mentorship.Outcome.ENDED_EARLY, closed_at=at(5, 1)
    )
    survey(pairs[1], "most", 4, 8, 9)
    survey(pairs[2], "some", 3, 5, 6)
    GoalFactory(mentorship=pairs[0], achieved_at=at(4, 1), status="achieved")
    GoalFactory(mentorship=pairs[0])
    # South: one mentee, unmatched; one mentor.
    mentee(south, at(3, 1))
    mentor(south)
    # Elsewhere must never show.
    stranger = mentee(elsewhere, at(2, 1))
    pair(elsewhere, stranger, mentor(elsewhere), at(2, 5), started_at=at(2, 6))
    # North's survey: sent in February (answered in April), March (never) and May (answered);
    # one sent before the range. South's: one unanswered. Elsewhere's must never count.
    deliveries(
        north,
        (at(2, 1), at(4, 1)),
        (at(3, 1), None),
        (at(5, 1), at(5, 2)),
        (datetime.datetime(2025, 12, 1, tzinfo=UTC), at(1, 5)),
    )
    deliveries(south, (at(4, 1), None))
    deliveries(elsewhere, (at(4, 1), at(4, 2)))
    for status, pk in (("green", pairs[0].pk), ("red", pairs[1].pk)):
        HealthSnapshot.objects.create(
            mentorship_id=pk, day=datetime.date(2026, 6, 30), status=status
        )
    return {"north": north, "south": south, "elsewhere": elsewhere, "pairs": pairs}


def test_figures_per_programme_and_in_total(coordinator: Any, world: dict[str, Any]) -> None:
    period = DateRange(datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))
    report = organisation_report(Programme.objects.filter(coordinators=coordinator), period)

    assert [p.name for p in report.programmes] == ["North", "South"]
    north = report.by_programme[world["north"].pk]
    assert (north.mentors, north.mentees, north.matched_mentees) == (1, 4, 3)
    assert north.match_rate == 0.75
    assert north.median_days_to_match == 20.0
    assert north.meetings_held == 6
    # Pairs ran from 1 March: two to 30 June (122 days, one closing 1 June: 92), one to 1 May (61).
    assert round(north.pair_days) == 122 + 92 + 61
    assert north.meetings_per_pair_month == round(6 / ((122 + 92 + 61) / (365.25 / 12)), 2)
    assert (north.completed, north.ended_early, north.completion_rate) == (1, 1, 0.5)
    assert (north.goals_set, north.goals_achieved) == (2, 1)
    assert (north.confidence_before, north.confidence_after, north.would_recommend) == (
        3.5,
        6.5,
        7.5,
    )
    assert north.surveys_goals == {"most": 1, "some": 1}
    assert (north.survey_deliveries, north.survey_answers) == (3, 2)
    assert north.survey_response_rate == 2 / 3
    south = report.by_programme[world["south"].pk]
    assert (south.mentees, south.matched_mentees, south.match_rate) == (1, 0, 0.0)
    assert (south.survey_deliveries, south.survey_answers, south.survey_response_rate) == (
        1,
        0,
        0.0,
    )
    assert (report.total.survey_deliveries, report.total.survey_answers) == (4, 2)
    assert report.total.survey_response_rate == 0.5
    assert (report.total.mentees, report.total.matched_mentees) == (5, 3)
    assert report.total.match_rate == 0.6
    last = report.health_days.index(datetime.date(2026, 6, 30))
    assert (report.health["green"][last], report.health["red"][last]) == (1, 1)


def test_the_range_decides_what_counts(coordinator: Any, world: dict[str, Any]) -> None:
    period = DateRange(datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
    report = organisation_report(Programme.objects.filter(coordinators=coordinator), period)

    north = report.by_programme[world["north"].pk]
    assert north.meetings_held == 2
    assert north.outcomes == {}
    assert north.surveys == 0
    # Sent in February and March; the February one was answered in April, after the range.
    assert (north.survey_deliveries, north.survey_answers) == (2, 1)
    south = report.by_programme[world["south"].pk]
    assert (south.survey_deliveries, south.survey_response_rate) == (0, None)
    # Matches made by the range's end count, but only those made in it time the wait.
    assert north.matched_mentees == 3
    assert north.median_days_to_match == 20.0


def test_the_page_shows_charts_tables_and_only_the_coordinators_programmes(
    client: Any, coordinator: Any, world: dict[str, Any]
) -> None:
    client.force_login(coordinator)

    page = client.get(reverse("reports:organisation"), RANGE)

    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('<svg class="chart"') == 8
    assert "North" in html
    assert "South" in html
    assert "Elsewhere" not in html
    assert "75.0" in html  # North's match rate in the table
    assert "Survey response rates" in html
    assert "66.7" in html  # North's survey response rate


def test_a_programme_the_coordinator_does_not_run_cannot_be_chosen(
    client: Any, coordinator: Any, world: dict[str, Any]
) -> None:
    client.force_login(coordinator)

    page = client.get(
        reverse("reports:organisation"), {**RANGE, "programme": world["elsewhere"].slug}
    )

    assert page.status_code == 400
    assert "Select a valid choice" in " ".join(page.context["form"].errors["programme"])


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"start": "2026-06-30", "end": "2026-01-01"}, "The end comes on or after the start."),
        ({"start": "2019-01-01", "end": "2026-01-01"}, "five years at most"),
        ({"start": "2026-13-01", "end": "2026-07-01"}, "Enter a valid date."),
    ],
)
def test_a_bad_range_is_refused_beside_its_field(
    client: Any, coordinator: Any, world: dict[str, Any], query: dict[str, str], message: str
) -> None:
    client.force_login(coordinator)

    page = client.get(reverse("reports:organisation"), query)

    assert page.status_code == 400
    assert message in page.content.decode()


def test_the_link_from_a_programmes_report_shows_it_over_the_last_twelve_months(
    client: Any, coordinator: Any, world: dict[str, Any]
) -> None:
    client.force_login(coordinator)
    programme_page = client.get(reverse("reports:programme", args=[world["north"].slug]))
    link = re.search(r'<a href="([^"]+)">This programme over a date range', programme_page.text)
    assert link is not None

    page = client.get(unescape(link[1]))

    assert page.status_code == 200
    assert '<input type="date" name="start" value="2025-07-01"' in page.text
    assert '<input type="date" name="end" value="2026-06-30"' in page.text
    assert page.text.count('<svg class="chart"') == 8
    assert '<th scope="row">North</th>' in page.text
    assert '<th scope="row">South</th>' not in page.text
    # Its downloads hold the range shown: December's survey, before RANGE, is counted.
    download = re.search(r'<a href="([^"]*survey_responses\.csv[^"]*)">', page.text)
    assert download is not None
    response = client.get(unescape(download[1]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[1] == ["North", "4", "3", "75.0"]


def test_the_first_visit_shows_every_programme_over_the_last_twelve_months(
    client: Any, coordinator: Any, world: dict[str, Any]
) -> None:
    client.force_login(coordinator)

    page = client.get(reverse("reports:organisation"))

    assert page.status_code == 200
    assert '<input type="date" name="start" value="2025-07-01"' in page.text
    assert '<input type="date" name="end" value="2026-06-30"' in page.text
    assert '<th scope="row">North</th>' in page.text
    assert '<th scope="row">South</th>' in page.text


def test_a_day_left_out_takes_the_default_ones(
    client: Any, coordinator: Any, world: dict[str, Any]
) -> None:
    client.force_login(coordinator)

    page = client.get(reverse("reports:organisation"), {"start": "2026-01-01"})
    body = client.get("/api/reports/organisation/", {"programme": world["north"].slug}).json()

    assert page.status_code == 200
    assert '<input type="date" name="start" value="2026-01-01"' in page.text
    assert '<input type="date" name="end" value="2026-06-30"' in page.text
    assert (body["start"], body["end"]) == ("2025-07-01", "2026-06-30")


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        (
            {"start": "2026-06-30", "end": "2026-01-01"},
            "end",
            "The end comes on or after the start.",
        ),
        ({"start": "2026-13-01", "end": "2026-07-01"}, "start", "Enter a valid date."),
        ({"start": "", "end": "2026-07-01"}, "start", "This field is required."),
    ],
)
def test_a_bad_range_for_one_programme_keeps_what_was_typed(
    client: Any,
    coordinator: Any,
    world: dict[str, Any],
    query: dict[str, str],
    field: str,
    message: str,
) -> None:
    client.force_login(coordinator)

    page = client.get(reverse("reports:organisation"), {**query, "programme": world["north"].slug})

    assert page.status_code == 400
    assert page.context["form"].errors[field] == [message]
    for name, typed in query.items():
        if typed:
            assert f'name="{name}" value="{typed}"' in page.text
    # Nothing was filled in for a field left empty on purpose.
    assert 'value="2025-07-01"' not in page.text
    assert '<svg class="chart"' not in page.text


def test_each_figure_downloads_as_csv_with_a_total_row(
    client: Any, coordinator: Any, world: dict[str, Any]
) -> None:
    client.force_login(coordinator)

    response = client.get(reverse("reports:organisation_csv", args=["matching"]), RANGE)

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows == [
        ["programme", "mentees", "matched", "match rate %", "median days to match"],
        ["North", "4", "3", "75.0", "20.0"],
        ["South", "1", "0", "0.0", ""],
        ["All programmes", "5", "3", "60.0", "20.0"],
    ]
    assert AuditEvent.objects.filter(action="export.organisation_csv").count() == 1
    response = client.get(reverse("reports:organisation_csv", args=["survey_responses"]), RANGE)
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows == [
        ["programme", "surveys sent", "answered", "response rate %"],
        ["North", "3", "2", "66.7"],
        ["South", "1", "0", "0.0"],
        ["All programmes", "4", "2", "50.0"],
    ]
    for figure in ("participants", "meetings", "health", "outcomes", "goals", "confidence"):
        download = client.get(reverse("reports:organisation_csv", args=[figure]), RANGE)
        assert download.status_code == 200, figure
    assert client.get(reverse("reports:organisation_csv", args=["secrets"])).status_code == 404


def test_the_api_gives_the_pages_figures(
    client: Any, coordinator: Any, world: dict[str, Any]
) -> None:
    client.force_login(coordinator)

    body = client.get("/api/reports/organisation/", RANGE).json()

    assert [p["name"] for p in body["programmes"]] == ["North", "South"]
    north = body["programmes"][0]["figures"]
    assert (north["match_rate"], north["median_days_to_match"], north["meetings_held"]) == (
        0.75,
        20.0,
        6,
    )
    assert body["total"]["mentees"] == 5
    assert (north["surveys_sent"], north["surveys_answered"]) == (3, 2)
    assert north["survey_response_rate"] == pytest.approx(2 / 3)
    assert body["programmes"][1]["figures"]["survey_response_rate"] == 0.0
    assert body["total"]["survey_response_rate"] == 0.5
    assert body["health"][-1] == {
        "day": "2026-06-30",
        "green": 1,
        "amber": 0,
        "red": 1,
        "not_measured": 0,
    }
    refused = client.get("/api/reports/organisation/", {"start": "x", "end": "2026-01-01"})
    assert refused.status_code == 400


def _queries(client: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("reports:organisation"), RANGE).status_code == 200
        assert client.get("/api/reports/organisation/", RANGE).status_code == 200
    return len(captured)


def test_queries_do_not_grow_with_programmes_or_pairs(
    client: Any, coordinator: Any, world: dict[str, Any]
) -> None:
    client.force_login(coordinator)
    small = _queries(client)
    for n in range(3):
        programme = ProgrammeFactory(name=f"More {n}", coordinators=[coordinator])
        guide = mentor(programme)
        for _ in range(4):
            mentorship = pair(
                programme, mentee(programme, at(2, 1)), guide, at(3, 1), started_at=at(3, 2)
            )
            MeetingFactory(mentorship=mentorship, starts_at=at(4, 1))
        deliveries(programme, (at(4, 1), at(4, 2)), (at(4, 3), None))

    assert _queries(client) == small
