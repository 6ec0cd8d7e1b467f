"""`__any_of`: the rows of `__in`, with a long list sent as one array on PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tandem.people.models import Person
from tandem.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_any_of_finds_the_rows_in_finds_repeats_and_unknown_keys_included() -> None:
    people = PersonFactory.create_batch(5)
    keys = [people[3].pk, people[0].pk, people[3].pk, 10**9, people[4].pk]

    found = set(Person.objects.filter(pk__any_of=keys).values_list("pk", flat=True))

    assert found == set(Person.objects.filter(pk__in=keys).values_list("pk", flat=True))
    assert found == {people[0].pk, people[3].pk, people[4].pk}


def test_any_of_nothing_finds_nothing() -> None:
    PersonFactory()

    assert list(Person.objects.filter(pk__any_of=[])) == []


def test_a_long_list_is_one_parameter_on_postgresql() -> None:
    people = PersonFactory.create_batch(3)
    keys = [person.pk for person in people] + list(range(10**9, 10**9 + 3000))

    with CaptureQueriesContext(connection) as queries:
        found = list(Person.objects.filter(pk__any_of=keys).values_list("pk", flat=True))

    assert sorted(found) == sorted(person.pk for person in people)
    if connection.vendor == "postgresql":
        assert "= ANY(" in queries[0]["sql"]
        assert " IN (" not in queries[0]["sql"]
    else:
        assert " IN (" in queries[0]["sql"]
