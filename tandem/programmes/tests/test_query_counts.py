"""Lists run the same number of queries however much data there is."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tandem.conftest import Personas
from tandem.people.tests.factories import SkillFactory
from tandem.programmes.models import Enrolment, Programme
from tandem.programmes.tests.factories import EnrolmentFactory, ProgrammeFactory

AssertNumQueries = Callable[[int], AbstractContextManager[object]]


def add_applications(programme: Programme, count: int) -> None:
    skills = [SkillFactory(name=f"Skill {n}") for n in range(3)]
    for n in range(count):
        role = Enrolment.Role.MENTOR if n % 3 == 0 else Enrolment.Role.MENTEE
        enrolment = EnrolmentFactory(programme=programme, role=role, status="applied")
        enrolment.skills_wanted.set(skills[: n % 3 + 1])


def queries_for(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def assert_constant(
    personas: Personas,
    who: str,
    url: str,
    grow: Callable[[int], None],
    django_assert_num_queries: AssertNumQueries,
) -> None:
    client = personas.client_for(who)
    grow(3)
    baseline = queries_for(client, url)
    grow(25)
    with django_assert_num_queries(baseline):
        response = client.get(url)
    assert response.status_code == 200


def test_enrolment_list_page_queries_do_not_grow(
    personas: Personas, django_assert_num_queries: AssertNumQueries
) -> None:
    url = reverse("programmes:enrolments", args=[personas.programme.slug])
    assert_constant(
        personas,
        "carol",
        url,
        lambda n: add_applications(personas.programme, n),
        django_assert_num_queries,
    )


def test_enrolment_api_list_queries_do_not_grow(
    personas: Personas, django_assert_num_queries: AssertNumQueries
) -> None:
    assert_constant(
        personas,
        "carol",
        "/api/enrolments/",
        lambda n: add_applications(personas.programme, n),
        django_assert_num_queries,
    )


def grow_programmes(personas: Personas, count: int) -> None:
    for _ in range(count):
        programme = ProgrammeFactory(coordinators=[personas.carol], questionnaire=False)
        EnrolmentFactory(programme=programme, status="applied")


def test_programme_list_page_queries_do_not_grow(
    personas: Personas, django_assert_num_queries: AssertNumQueries
) -> None:
    assert_constant(
        personas,
        "carol",
        reverse("programmes:list"),
        lambda n: grow_programmes(personas, n),
        django_assert_num_queries,
    )


def test_programme_api_list_queries_do_not_grow(
    personas: Personas, django_assert_num_queries: AssertNumQueries
) -> None:
    assert_constant(
        personas,
        "carol",
        "/api/programmes/",
        lambda n: grow_programmes(personas, n),
        django_assert_num_queries,
    )


def test_invitation_and_question_api_lists_queries_do_not_grow(
    personas: Personas, django_assert_num_queries: AssertNumQueries
) -> None:
    def grow(n: int) -> None:
        for i in range(n):
            personas.programme.invitations.create(
                email=f"guest{personas.programme.invitations.count()}-{i}@example.org",
                role="mentee",
                invited_by=personas.carol,
            )
            ProgrammeFactory(coordinators=[personas.carol])

    assert_constant(personas, "carol", "/api/invitations/", grow, django_assert_num_queries)
    assert_constant(personas, "carol", "/api/questions/", grow, django_assert_num_queries)
