import csv
import datetime
import io
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.core import charts
from tandem.mentorships.models import Meeting, MeetingNote, Mentorship
from tandem.mentorships.selectors import coordinator_rows, coordinator_rows_streamed
from tandem.mentorships.tests.factories import (
    CheckInFactory,
    MeetingFactory,
    MentorshipFactory,
)
from tandem.reports.models import HealthSnapshot
from tandem.reports.selectors import programme_report
from tandem.reports.services import health_snapshots_backfill, health_snapshots_record

pytestmark = pytest.mark.django_db


def pair(programme, **kwargs) -> Mentorship:
    return MentorshipFactory(programme=programme, **kwargs)


# A month's first days, a year's last and a leap day: the report's "this month" must hold on each.
@pytest.mark.parametrize(
    "today",
    [
        datetime.datetime(2026, 12, 1, 9, tzinfo=datetime.UTC),
        datetime.datetime(2026, 12, 31, 9, tzinfo=datetime.UTC),
        datetime.datetime(2028, 2, 29, 9, tzinfo=datetime.UTC),
    ],
    ids=["month-start", "year-end", "leap-day"],
)
def test_coordinator_sees_counts_charts_and_the_pairs_to_look_at(
    client, personas, time_machine, today
):
    time_machine.move_to(today, tick=False)
    quiet = pair(personas.programme, started_at=timezone.now() - datetime.timedelta(days=120))
    busy = pair(personas.programme)
    # Held this morning, so it falls in the report's current month whatever the date.
    MeetingFactory(mentorship=busy, starts_at=timezone.now() - datetime.timedelta(hours=2))
    CheckInFactory(mentorship=busy)
    pair(personas.programme, state=Mentorship.State.CLOSED, outcome=Mentorship.Outcome.COMPLETED)
    client.force_login(personas.carol)

    response = client.get(reverse("reports:programme", args=[personas.programme.slug]))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<svg class="chart"') == 5
    assert quiet.mentee.name in html  # a long-silent pair is listed as needing a look
    assert "Mentorships by state" in html
    report = response.context["report"]
    assert report.state_counts == {"active": 2, "closed": 1}
    assert report.outcome_counts == {"completed": 1}
    assert '<span class="stat-value">1</span> completed' in html
    assert report.meetings_by_month["held"][-1] == 1


def test_the_report_never_shows_what_a_pair_wrote(client, personas):
    mentorship = pair(personas.programme)
    meeting = MeetingFactory(mentorship=mentorship)
    MeetingNote.objects.create(
        meeting=meeting, author=mentorship.mentee, body="MARKER-shared-note", is_private=False
    )
    CheckInFactory(mentorship=mentorship, comment="MARKER-check-in-comment")
    client.force_login(personas.carol)

    page = client.get(reverse("reports:programme", args=[personas.programme.slug]))
    export = client.get(reverse("reports:programme_csv", args=[personas.programme.slug]))

    assert b"MARKER" not in page.content
    assert b"MARKER" not in b"".join(export.streaming_content)


def test_pairs_export_lists_each_pair_with_its_metadata(client, personas):
    mentorship = pair(personas.programme)
    MeetingFactory(mentorship=mentorship)
    MeetingFactory(mentorship=mentorship, status=Meeting.Status.CANCELLED)
    client.force_login(personas.carol)

    response = client.get(reverse("reports:programme_csv", args=[personas.programme.slug]))

    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert response["Content-Type"].startswith("text/csv")
    assert len(rows) == 1
    assert rows[0]["mentee"] == mentorship.mentee.name
    assert rows[0]["meetings_held"] == "1"
    assert rows[0]["state"] == "active"


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x","y")', "+1", "-2+3", "@SUM(A1)", "\t=1"])
def test_pairs_export_writes_a_formula_in_a_name_as_text(client, personas, name):
    mentorship = pair(personas.programme, mentee__name=name, mentor__name=f"{name} (mentor)")
    CheckInFactory(mentorship=mentorship)
    client.force_login(personas.carol)

    response = client.get(reverse("reports:programme_csv", args=[personas.programme.slug]))

    [row] = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert row["mentee"] == "'" + name
    assert row["mentor"] == f"'{name} (mentor)"
    assert row["state"] == "active"


@pytest.mark.parametrize("who", ["alice", "bob", "dave", "erin", "oscar"])
def test_only_the_programmes_coordinators_see_its_report(personas, who):
    client = personas.client_for(who)

    page = client.get(reverse("reports:programme", args=[personas.programme.slug]))
    export = client.get(reverse("reports:programme_csv", args=[personas.programme.slug]))

    assert page.status_code == 404
    assert export.status_code == 404


def test_health_snapshots_are_recorded_once_a_day_and_feed_health_over_time(personas):
    mentorship = pair(personas.programme, started_at=timezone.now() - datetime.timedelta(days=90))
    mentorship.created_at = timezone.now() - datetime.timedelta(days=90)
    mentorship.save(update_fields=["created_at"])
    MeetingFactory(mentorship=mentorship)

    health_snapshots_record()
    health_snapshots_record()
    health_snapshots_backfill(programme=personas.programme, weeks=4, today=timezone.localdate())

    assert HealthSnapshot.objects.filter(day=timezone.localdate()).count() == 1
    assert HealthSnapshot.objects.count() == 5
    report = programme_report(personas.programme)
    assert sum(sum(values) for values in report.health_by_week.values()) == 5


def test_report_queries_do_not_grow_with_the_number_of_pairs(
    client, personas, django_assert_max_num_queries
):
    def load() -> None:
        response = client.get(reverse("reports:programme", args=[personas.programme.slug]))
        assert response.status_code == 200

    client.force_login(personas.carol)
    for _ in range(2):
        MeetingFactory(mentorship=pair(personas.programme))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        load()
    for _ in range(8):
        m = pair(personas.programme)
        MeetingFactory(mentorship=m)
        CheckInFactory(mentorship=m)

    with django_assert_max_num_queries(len(small.captured_queries)):
        load()


def test_bar_chart_describes_its_numbers_for_screen_readers():
    svg = charts.horizontal_bars("States", [("Active", 3, "#000"), ("Closed <old>", 1, "#111")])

    assert 'role="img"' in svg
    assert "Active: 3" in svg
    assert "&lt;old&gt;" in svg
    assert "<old>" not in svg


def test_the_pairs_export_streams_a_chunk_at_a_time_in_the_pages_order(client, personas):
    for index in range(5):
        mentorship = pair(personas.programme, mentee__name=f"Mentee {index}")
        MeetingFactory(mentorship=mentorship)
    client.force_login(personas.carol)

    chunked = list(coordinator_rows_streamed(personas.programme, chunk=2))
    response = client.get(reverse("reports:programme_csv", args=[personas.programme.slug]))

    whole = coordinator_rows(personas.programme)
    assert [r.mentorship.pk for r in chunked] == [r.mentorship.pk for r in whole]
    assert [r.meetings_held for r in chunked] == [r.meetings_held for r in whole]
    assert [r.health for r in chunked] == [r.health for r in whole]
    assert response.streaming
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["mentee"] for row in rows] == [r.mentorship.mentee.name for r in whole]


def test_the_report_pages_through_the_mentors(client, personas, monkeypatch):
    from tandem.programmes.models import Enrolment
    from tandem.programmes.tests.factories import EnrolmentFactory
    from tandem.reports import selectors

    monkeypatch.setattr(selectors, "MENTORS_PER_PAGE", 1)
    extra = EnrolmentFactory(
        programme=personas.programme, person__name="Zoe Mentor", role=Enrolment.Role.MENTOR
    )
    client.force_login(personas.carol)
    url = reverse("reports:programme", args=[personas.programme.slug])

    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()

    assert personas.bob.name in first
    assert extra.person.name not in first
    assert "Page 1 of 2" in first
    assert extra.person.name in second


def test_the_report_names_the_worst_pairs_and_counts_the_rest(client, personas, monkeypatch):
    from tandem.reports import selectors

    monkeypatch.setattr(selectors, "AT_RISK_SHOWN", 1)
    long_ago = timezone.now() - datetime.timedelta(days=120)
    quiet = [
        pair(personas.programme, started_at=long_ago, mentee__name=f"Quiet {n}") for n in range(3)
    ]
    health_snapshots_record()
    client.force_login(personas.carol)

    page = client.get(reverse("reports:programme", args=[personas.programme.slug]))

    report = page.context["report"]
    assert len(report.at_risk) == 1
    assert report.at_risk_count == 3
    assert report.health_counts["red"] + report.health_counts["amber"] == 3
    assert sum(m.mentee.name in page.content.decode() for m in quiet) == 1
    assert "And 2 more." in page.content.decode()


def _stats(response) -> list[str]:
    """The figures at the top of the report, each as one line of text."""
    import re

    html = response.content.decode()
    stats = html[
        html.index('<ul class="stats">') : html.index("</ul>", html.index('<ul class="stats">'))
    ]
    return [
        " ".join(re.sub(r"<[^>]+>", " ", item).split())
        for item in re.findall(r'<li class="stat">(.*?)</li>', stats, re.S)
    ]


def test_a_peer_programmes_report_counts_peers_not_mentors_and_mentees(client, personas):
    from tandem.mentorships.tests.peers import build_peer_pair

    peers = build_peer_pair(personas)
    client.force_login(personas.carol)

    stats = _stats(client.get(reverse("reports:programme", args=[peers.programme.slug])))

    assert "2 peers" in stats
    assert not [line for line in stats if "mentor" in line or "mentee" in line]


def test_a_programmes_own_role_words_name_its_counts(client, personas):
    personas.programme.mentor_term = "Guide"
    personas.programme.mentee_term = "Explorer"
    personas.programme.save()
    client.force_login(personas.carol)

    stats = _stats(client.get(reverse("reports:programme", args=[personas.programme.slug])))

    assert "1 guides" in stats
    assert "1 explorers" in stats
    assert any(line.endswith("explorers awaiting a match") for line in stats)


def test_pairs_ended_because_someone_left_are_counted_apart(client, personas):
    for _ in range(2):
        pair(personas.programme, state=Mentorship.State.CLOSED, outcome=Mentorship.Outcome.LEFT)
    pair(personas.programme, state=Mentorship.State.CLOSED, outcome=Mentorship.Outcome.COMPLETED)
    client.force_login(personas.carol)

    stats = _stats(client.get(reverse("reports:programme", args=[personas.programme.slug])))

    assert "2 ended when someone left the organisation" in stats
    assert "1 completed" in stats


def test_the_first_month_starts_at_midnight_where_the_report_is_read(personas, time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 15, 9, tzinfo=datetime.UTC), tick=False)
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    mentorship = pair(personas.programme)
    # Half an hour either side of midnight on 1 January in Paris (both on 31 December in UTC).
    MeetingFactory(
        mentorship=mentorship, starts_at=datetime.datetime(2025, 12, 31, 23, 30, tzinfo=paris)
    )
    MeetingFactory(
        mentorship=mentorship, starts_at=datetime.datetime(2026, 1, 1, 0, 30, tzinfo=paris)
    )
    with timezone.override(paris):
        report = programme_report(personas.programme)
    assert report.months[0] == datetime.date(2026, 1, 1)
    assert report.meetings_by_month["held"][0] == 1
    assert sum(report.meetings_by_month["held"]) == 1


def test_meetings_and_check_ins_count_in_their_own_pairs_programme_only(personas, time_machine):
    """The report counts a programme's meetings and marks on their own programme column: a
    series scheduled at once, a single meeting and a check-in each carry their pair's
    programme, and none of them shows in another programme's report."""
    from tandem.mentorships import services

    time_machine.move_to(datetime.datetime(2026, 12, 10, 9, tzinfo=datetime.UTC), tick=False)
    ours = pair(personas.programme, started_at=timezone.now() - datetime.timedelta(days=30))
    theirs = pair(personas.other_programme)
    mentee = ours.mentee
    services.meeting_schedule(
        mentorship=ours,
        by=mentee,
        starts_at=timezone.now() + datetime.timedelta(days=1),
        repeat=3,
        meeting_format="video",
        video_link="https://meet.example.org/a",
    )
    services.meeting_schedule(
        mentorship=ours, by=mentee, starts_at=timezone.now() + datetime.timedelta(hours=3)
    )
    services.check_in_submit(
        mentorship=ours,
        by=mentee,
        engagement=2,
        flexibility=3,
        authenticity=4,
        reciprocity=5,
    )

    assert Meeting.objects.filter(programme_id=ours.programme_id).count() == 4
    assert not Meeting.objects.exclude(programme_id=ours.programme_id).exists()
    this_month = Meeting.objects.filter(starts_at__month=12, starts_at__year=2026).count()
    assert this_month >= 2  # the series' first and the single one; later ones may fall later
    report = programme_report(personas.programme)
    assert report.meetings_by_month["scheduled"][-1] == this_month
    assert report.check_in_by_month["engagement"][-1] == 2
    other = programme_report(theirs.programme)
    assert sum(sum(counts) for counts in other.meetings_by_month.values()) == 0
    assert all(value is None for value in other.check_in_by_month["engagement"])
