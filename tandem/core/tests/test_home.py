import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tandem.mentorships import services

pytestmark = pytest.mark.django_db


def step_titles(response) -> list[str]:
    return [step.title for step in response.context["steps"]]


def test_a_newcomer_is_asked_to_complete_the_profile_and_apply(client, personas):
    client.force_login(personas.oscar.user)
    personas.oscar.profile_completed_at = None
    personas.oscar.save()

    titles = step_titles(client.get(reverse("home")))

    assert titles == ["Complete your profile", "Apply to a programme"]


def test_an_approved_mentee_awaits_a_match_until_paired(client, personas):
    personas.alice.profile_completed_at = personas.alice.created_at
    personas.alice.save()
    client.force_login(personas.alice.user)

    before = step_titles(client.get(reverse("home")))
    services.mentorship_create(
        programme=personas.programme, mentee=personas.alice, mentor=personas.bob
    )
    after = step_titles(client.get(reverse("home")))

    assert before == ["Await a match in Leaders of Tomorrow"]
    assert after == ["Get to know Bob Mentor"]


def test_a_coordinator_is_pointed_at_their_programmes(client, personas):
    client.force_login(personas.carol)

    titles = step_titles(client.get(reverse("home")))

    assert "Run your programmes" in titles


# The coordinator's home: what waits for them across their programmes.


def _waiting_world(personas, *, size: int) -> None:
    """`size` of everything a coordinator acts on, in both programmes."""
    from tandem.matching.models import MatchRun, MentorRequest
    from tandem.mentorships.models import Concern
    from tandem.mentorships.tests.factories import MentorshipFactory
    from tandem.people.tests.factories import PersonFactory
    from tandem.programmes.tests.factories import EnrolmentFactory
    from tandem.reports.models import HealthSnapshot

    today = timezone.localdate()
    for programme in (personas.programme, personas.other_programme):
        for _ in range(size):
            EnrolmentFactory(programme=programme, status="applied")
            mentee, mentor = PersonFactory(), PersonFactory()
            MentorRequest.objects.create(
                programme=programme,
                mentee=mentee,
                mentor=mentor,
                hope_to_gain="Budgets.",
                why_this_mentor="Experience.",
                expires_at=timezone.now() + datetime.timedelta(days=7),
            )
            pair = MentorshipFactory(programme=programme)
            Concern.objects.create(
                mentorship=pair, raised_by=pair.mentee, audience="coordinator", text="Private."
            )
            # The latest snapshot is the pair's health: green yesterday, red today.
            HealthSnapshot.objects.create(
                mentorship=pair, day=today - datetime.timedelta(days=1), status="green"
            )
            HealthSnapshot.objects.create(mentorship=pair, day=today, status="red")
            MatchRun.objects.create(programme=programme, status=MatchRun.Status.DONE)
        # Neither a concern sent only to the partner, nor a read one, nor a healthy pair counts.
        quiet = MentorshipFactory(programme=programme)
        Concern.objects.create(
            mentorship=quiet, raised_by=quiet.mentee, audience="partner", text="x"
        )
        Concern.objects.create(
            mentorship=quiet,
            raised_by=quiet.mentor,
            audience="both",
            text="x",
            acknowledged_at=timezone.now(),
        )
        HealthSnapshot.objects.create(
            mentorship=quiet, day=today - datetime.timedelta(days=1), status="red"
        )
        HealthSnapshot.objects.create(mentorship=quiet, day=today, status="green")


def waiting(client) -> list[tuple[int, str, str]]:
    """The coordinator's work list as the page shows it, row by row: each count, the
    programme it is in with what it counts, and where its link leads."""
    response = client.get(reverse("home"))
    return [
        (item.count, f"{item.title} in {row.programme}", item.url)
        for row in response.context["work"]
        for item in row.items
    ]


def test_a_coordinator_sees_what_waits_in_their_programmes_with_counts_and_links(
    client, personas, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC))
    _waiting_world(personas, size=2)
    slug = personas.programme.slug
    client.force_login(personas.carol)

    items = waiting(client)
    page = client.get(reverse("home")).content.decode()

    assert items == [
        (
            2,
            "Applications waiting in Leaders of Tomorrow",
            reverse("programmes:enrolments", args=[slug]) + "?status=applied",
        ),
        (
            2,
            "Mentor requests unanswered in Leaders of Tomorrow",
            reverse("mentorships:coordinator_list", args=[slug]),
        ),
        (
            2,
            "Concerns unread in Leaders of Tomorrow",
            reverse("mentorships:coordinator_list", args=[slug]),
        ),
        (
            2,
            "Pairs needing attention in Leaders of Tomorrow",
            reverse("reports:programme", args=[slug]),
        ),
        (
            2,
            "Match runs ready to publish in Leaders of Tomorrow",
            reverse("matching:runs", args=[slug]),
        ),
    ]
    assert "Private." not in page
    for _, _, url in items:
        assert client.get(url).status_code == 200, url


def test_a_run_superseded_by_a_published_one_is_not_ready_to_publish(
    client, personas, time_machine
):
    from tandem.matching.models import MatchRun

    time_machine.move_to(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC))
    MatchRun.objects.create(programme=personas.programme, status=MatchRun.Status.DONE)
    time_machine.shift(datetime.timedelta(hours=1))
    MatchRun.objects.create(programme=personas.programme, status=MatchRun.Status.PUBLISHED)
    client.force_login(personas.carol)

    assert waiting(client) == []


def test_an_operator_sees_what_waits_in_every_programme(client, personas, time_machine):
    from tandem.accounts.tests.factories import UserFactory

    time_machine.move_to(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC))
    _waiting_world(personas, size=1)
    client.force_login(UserFactory(is_superuser=True))

    titles = [title for _, title, _ in waiting(client)]

    # One row per programme, in name order.
    assert titles == [
        "Applications waiting in Engineering Guild",
        "Mentor requests unanswered in Engineering Guild",
        "Concerns unread in Engineering Guild",
        "Pairs needing attention in Engineering Guild",
        "Match runs ready to publish in Engineering Guild",
        "Applications waiting in Leaders of Tomorrow",
        "Mentor requests unanswered in Leaders of Tomorrow",
        "Concerns unread in Leaders of Tomorrow",
        "Pairs needing attention in Leaders of Tomorrow",
        "Match runs ready to publish in Leaders of Tomorrow",
    ]


def test_the_work_list_names_each_programme_once_and_explains_each_kind_once(
    client, personas, time_machine
):
    from lxml import html

    from tandem.accounts.tests.factories import UserFactory

    time_machine.move_to(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC))
    _waiting_world(personas, size=3)
    client.force_login(UserFactory(is_superuser=True))

    page = html.fromstring(client.get(reverse("home")).content)
    (work,) = page.xpath("//section[contains(@class, 'work-list')]")

    def text(element) -> str:
        return " ".join(element.text_content().split())

    rows = [
        (text(row.xpath("th")[0]), [text(item) for item in row.xpath(".//li")])
        for row in work.xpath(".//tbody/tr")
    ]
    kinds = [text(term) for term in work.xpath(".//details//dt")]

    assert rows == [
        (
            programme,
            [
                "3 Applications waiting",
                "3 Mentor requests unanswered",
                "3 Concerns unread",
                "3 Pairs needing attention",
                "3 Match runs ready to publish",
            ],
        )
        for programme in ("Engineering Guild", "Leaders of Tomorrow")
    ]
    assert kinds == [
        "Applications waiting",
        "Mentor requests unanswered",
        "Concerns unread",
        "Pairs needing attention",
        "Match runs ready to publish",
    ]
    assert text(page).count("Approve or decline each application.") == 1


def test_participants_see_no_coordinator_work(client, personas, time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC))
    _waiting_world(personas, size=1)

    for who in ("alice", "bob", "erin", "oscar"):
        assert waiting(personas.client_for(who)) == [], who


def test_the_home_page_runs_as_many_queries_whatever_the_amount_of_work(
    client, personas, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC))
    client.force_login(personas.carol)
    _waiting_world(personas, size=1)
    with CaptureQueriesContext(connection) as small:
        assert len(waiting(client)) == 5
    _waiting_world(personas, size=6)
    with CaptureQueriesContext(connection) as large:
        assert [count for count, _, _ in waiting(client)] == [7, 7, 7, 7, 7]

    assert len(large) == len(small)


def _reads_of(table: str, queries: CaptureQueriesContext) -> int:
    return sum(query["sql"].startswith(f'SELECT "{table}".') for query in queries.captured_queries)


def test_the_home_page_reads_the_persons_enrolments_and_programmes_once(
    client, personas, time_machine
):
    # Next steps, applications and announcements all need them; each is read once a visit.
    time_machine.move_to(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC))
    _waiting_world(personas, size=2)
    client.force_login(personas.alice.user)
    with CaptureQueriesContext(connection) as mentee:
        assert client.get(reverse("home")).status_code == 200
    client.force_login(personas.carol)
    with CaptureQueriesContext(connection) as coordinator:
        assert len(waiting(client)) == 5

    assert _reads_of("programmes_enrolment", mentee) == 1
    # The coordinator's programmes, read once, name all five counts; applications are counted
    # apart from the coordinator's own enrolments.
    assert _reads_of("programmes_programme", coordinator) == 1
    assert _reads_of("programmes_enrolment", coordinator) == 2


def _reads_of_own_pairs(person, queries: CaptureQueriesContext) -> int:
    own = f'"mentorships_mentorship"."mentee_id" = {person.pk}'
    return sum(own in query["sql"] for query in queries.captured_queries)


def test_the_home_page_reads_the_persons_pairs_once_and_their_open_pairs_only_if_any(
    client, personas, time_machine
):
    # The steps, the match steps and the announcements all start from the person's pairs.
    time_machine.move_to(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC))
    pair = services.mentorship_create(
        programme=personas.programme, mentee=personas.alice, mentor=personas.bob
    )
    client.force_login(personas.alice.user)
    with CaptureQueriesContext(connection) as paired:
        titles = step_titles(client.get(reverse("home")))
    type(pair).objects.filter(pk=pair.pk).update(state=type(pair).State.CLOSED)
    with CaptureQueriesContext(connection) as closed:
        assert "Get to know Bob Mentor" not in step_titles(client.get(reverse("home")))

    assert "Get to know Bob Mentor" in titles
    # Their states once, then the open pairs with what the steps need.
    assert _reads_of_own_pairs(personas.alice, paired) == 2
    # With no open pair, the states are all it takes.
    assert _reads_of_own_pairs(personas.alice, closed) == 1


def test_a_circle_members_home_reads_their_circles_once_whatever_their_number(
    client, personas, time_machine
):
    # The circles panel and the match steps (a member awaits no match) share one read.
    from tandem.circles.tests.life.world import make_circle, person
    from tandem.programmes.models import Programme
    from tandem.programmes.tests.factories import EnrolmentFactory

    time_machine.move_to(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC))
    programmes = (personas.programme, personas.other_programme)
    Programme.objects.filter(pk__in=[p.pk for p in programmes]).update(kind="group")
    EnrolmentFactory(programme=personas.other_programme, person=personas.alice)
    client.force_login(personas.alice.user)

    def circle_in(programme, name: str) -> None:
        mentees = [personas.alice, person(f"{name} One", programme), person(f"{name} Two")]
        make_circle(programme, facilitators=[person(f"{name} Lead")], mentees=mentees, name=name)

    def awaiting() -> list[str]:
        titles = step_titles(client.get(reverse("home")))
        return [title for title in titles if title.startswith("Await a match")]

    circle_in(personas.programme, "Budgets")
    with CaptureQueriesContext(connection) as one:
        in_one = awaiting()
    circle_in(personas.other_programme, "Hiring")
    with CaptureQueriesContext(connection) as two:
        in_two = awaiting()

    assert in_one == [f"Await a match in {personas.other_programme.name}"]
    assert in_two == []
    assert _reads_of("circles_circlemember", one) == _reads_of("circles_circlemember", two) == 1
    assert len(one) == len(two)
