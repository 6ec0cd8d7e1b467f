from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tandem.conftest import Personas
from tandem.people.models import Person, Skill
from tandem.people.tests.factories import PersonFactory, PersonSkillFactory
from tandem.programmes.models import Enrolment
from tandem.programmes.tests.factories import EnrolmentFactory


def names_on(response) -> set[str]:
    return {entry.person.name for entry in response.context["entries"]}


def test_participant_sees_the_people_of_their_programme(personas: Personas) -> None:
    response = personas.client_for("alice").get(reverse("people:directory"))

    assert response.status_code == 200
    assert names_on(response) == {"Alice Mentee", "Bob Mentor"}


def test_coordinator_sees_the_participants_of_their_programme(personas: Personas) -> None:
    assert names_on(personas.client_for("carol").get(reverse("people:directory"))) == {
        "Alice Mentee",
        "Bob Mentor",
    }


def test_outsider_sees_nobody(personas: Personas) -> None:
    response = personas.client_for("oscar").get(reverse("people:directory"))

    assert names_on(response) == set()
    assert "Nobody to show yet" in response.content.decode()


def test_coordinator_of_another_programme_sees_only_their_own(personas: Personas) -> None:
    EnrolmentFactory(programme=personas.other_programme, person=personas.oscar)

    assert names_on(personas.client_for("dave").get(reverse("people:directory"))) == {
        "Oscar Outsider"
    }


def test_declined_applicants_are_not_participants(personas: Personas) -> None:
    personas.alice_enrolment.status = Enrolment.Status.DECLINED
    personas.alice_enrolment.save()

    assert names_on(personas.client_for("bob").get(reverse("people:directory"))) == {"Bob Mentor"}
    response = personas.client_for("alice").get(reverse("people:directory"))
    assert names_on(response) == set()


def test_anonymous_visitors_are_sent_to_sign_in(personas: Personas) -> None:
    assert personas.client_for("anonymous").get(reverse("people:directory")).status_code == 302


def test_search_finds_by_name_title_department_and_skill_alias(personas: Personas) -> None:
    PersonSkillFactory(person=personas.bob, skill=Skill.objects.get(name="Machine learning"))
    client = personas.client_for("alice")

    def search(q: str) -> set[str]:
        return names_on(client.get(reverse("people:directory"), {"q": q}))

    assert search("bob") == {"Bob Mentor"}
    assert search("ml") == {"Bob Mentor"}
    assert search("machine") == {"Bob Mentor"}
    assert search("analyst") == {"Alice Mentee", "Bob Mentor"}
    assert search(personas.bob.department.name) == {"Bob Mentor"}
    assert search("nothing like this") == set()


def test_search_ignores_fields_a_person_hides(personas: Personas) -> None:
    PersonSkillFactory(person=personas.bob, skill=Skill.objects.get(name="Negotiation"))
    personas.bob.visible_fields = ["location"]
    personas.bob.job_title = "Spymaster"
    personas.bob.save()
    client = personas.client_for("alice")

    assert names_on(client.get(reverse("people:directory"), {"q": "spymaster"})) == set()
    assert names_on(client.get(reverse("people:directory"), {"q": "negotiation"})) == set()


def test_directory_shows_only_the_fields_each_person_shows(personas: Personas) -> None:
    personas.bob.job_title = "Head of Secret Projects"
    personas.bob.visible_fields = ["skills"]
    personas.bob.save()

    page = personas.client_for("alice").get(reverse("people:directory")).content.decode()

    assert "Bob Mentor" in page
    assert "Head of Secret Projects" not in page


def test_detail_shows_visible_fields_and_hides_the_rest(personas: Personas) -> None:
    personas.bob.job_title = "Treasurer"
    personas.bob.location = "Hidden Valley"
    personas.bob.visible_fields = ["job_title"]
    personas.bob.save()

    page = (
        personas.client_for("alice")
        .get(reverse("people:detail", args=[personas.bob.pk]))
        .content.decode()
    )

    assert "Treasurer" in page
    assert "Hidden Valley" not in page


def test_people_see_all_of_their_own_profile(personas: Personas) -> None:
    personas.alice.location = "Secret Base"
    personas.alice.visible_fields = []
    personas.alice.save()

    page = (
        personas.client_for("alice")
        .get(reverse("people:detail", args=[personas.alice.pk]))
        .content.decode()
    )

    assert "Secret Base" in page


@pytest.mark.parametrize(
    ("who", "target", "status"),
    [
        ("alice", "bob", 200),
        ("carol", "bob", 200),
        ("oscar", "oscar", 200),
        ("oscar", "bob", 404),
        ("dave", "bob", 404),
        ("alice", "erin", 404),
        ("bob", "oscar", 404),
    ],
)
def test_detail_is_found_only_when_sharing_a_programme(
    personas: Personas, who: str, target: str, status: int
) -> None:
    person: Person = getattr(personas, target)

    response = personas.client_for(who).get(reverse("people:detail", args=[person.pk]))

    assert response.status_code == status


def _add_participants(personas: Personas, count: int) -> None:
    for index in range(count):
        person = PersonFactory(name=f"Participant {index:03d}")
        PersonSkillFactory(person=person)
        PersonSkillFactory(person=person)
        EnrolmentFactory(programme=personas.programme, person=person)


def _queries_for_directory(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("people:directory"), {"q": "a"})
    assert response.status_code == 200
    return len(queries)


def test_directory_runs_the_same_queries_however_many_people(personas: Personas) -> None:
    client = personas.client_for("alice")
    client.get(reverse("people:directory"))  # the first request of a session does more
    _add_participants(personas, 3)
    small = _queries_for_directory(client)
    _add_participants(personas, 40)

    large = _queries_for_directory(client)

    assert small == large
    response = client.get(reverse("people:directory"), {"q": "a"})
    assert len(response.context["entries"]) == 25
    # The skills, departments and skill holders the term names; the matching ids (up to the
    # cap); the page's ids in name order; then the page's people, their languages and their
    # skills: one query each, whatever the page holds.
    assert small <= 11


def _pages(client, query: str) -> tuple[list[str], list[str]]:
    """Every page of a search, in order: the names shown, and each page's status line."""
    names: list[str] = []
    statuses: list[str] = []
    number = 1
    while True:
        response = client.get(reverse("people:directory"), {"q": query, "page": number})
        names += [entry.person.name for entry in response.context["entries"]]
        statuses.append(response.content.decode())
        if not response.context["page"].has_next():
            return names, statuses
        number += 1


def test_a_search_matching_more_than_the_cap_pages_in_name_order(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Scaled down: count up to 6, pages of 2, the name index read 3 rows at a time, so that
    # windows split runs of people with the same name.
    monkeypatch.setattr("tandem.people.selectors.DIRECTORY_SEARCH_CAP", 6)
    monkeypatch.setattr("tandem.people.views.PAGE_SIZE", 2)
    monkeypatch.setattr("tandem.core.search_paging.WINDOW", 3)
    names = ["Zed Tester", "Sam Same", "Ann Tester", "Sam Same", "Sam Same", "Bea Other"]
    names += ["Cy Tester", "Sam Same", "Dee Other", "Eve Tester", "Sam Same"]
    for name in names:
        EnrolmentFactory(programme=personas.programme, person=PersonFactory(name=name))
    # Two of the five Sam Sames, and one other, match by their job title instead.
    titled = [p.pk for p in Person.objects.filter(name="Sam Same").order_by("pk")[1:3]]
    titled += [Person.objects.get(name="Bea Other").pk]
    for person in Person.objects.filter(pk__in=titled):
        person.job_title = "Tester"
        person.visible_fields = [*person.visible_fields, "job_title"]
        person.save()
    expected = [
        person.name
        for person in Person.objects.filter(name__in=names).order_by("name", "pk")
        if "Tester" in person.name or person.pk in titled
    ]
    assert len(expected) > 6

    shown, pages = _pages(personas.client_for("carol"), "tester")

    # Up to the cap, rounded up to a whole page, exactly as a full sort would list them.
    assert shown == expected[:6]
    assert "More than 6 people match “tester”" in pages[0]
    assert "Page 1 of" not in pages[0]


def test_a_search_within_the_cap_counts_exactly(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tandem.people.selectors.DIRECTORY_SEARCH_CAP", 6)
    monkeypatch.setattr("tandem.people.views.PAGE_SIZE", 2)
    for name in ("Cy Tester", "Ann Tester", "Bo Tester", "Ann Tester"):
        EnrolmentFactory(programme=personas.programme, person=PersonFactory(name=name))

    shown, pages = _pages(personas.client_for("carol"), "tester")

    assert shown == ["Ann Tester", "Ann Tester", "Bo Tester", "Cy Tester"]
    assert "4 people matching “tester”" in pages[0]
    assert "Page 1 of 2" in pages[0]
