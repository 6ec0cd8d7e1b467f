"""Pages read keys first hold the same rows, in the same order, as pages read whole."""

from __future__ import annotations

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tandem.core.key_paging import KeysFirstPaginator
from tandem.people.tests.factories import PersonFactory
from tandem.programmes.models import Enrolment
from tandem.programmes.selectors import enrolments_for_programme
from tandem.programmes.tests.factories import EnrolmentFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_each_page_holds_the_rows_a_whole_read_would_in_the_same_order() -> None:
    programme = ProgrammeFactory()
    # Repeated names and two states: the order's ties are broken the same way both times.
    for i, name in enumerate(["Uma", "Ada", "Zoe", "Ada", "Bo", "Ken", "Ada", "Lu", "Mo"]):
        EnrolmentFactory(
            programme=programme,
            person=PersonFactory(name=name),
            status=Enrolment.Status.APPLIED if i % 3 else Enrolment.Status.APPROVED,
            answers={"style": "x" * 500},
        )
    rows = enrolments_for_programme(programme)
    whole = Paginator(rows.order_by("status", "person__name", "pk"), 4)
    keys_first = KeysFirstPaginator(rows.order_by("status", "person__name", "pk"), 4)

    assert keys_first.count == whole.count == 9
    assert keys_first.num_pages == whole.num_pages == 3
    for number in (1, 2, 3):
        page = keys_first.get_page(number)
        assert [e.pk for e in page] == [e.pk for e in whole.get_page(number)]
        # What the page joins and prefetches is there without another query.
        with CaptureQueriesContext(connection) as queries:
            [(e.person.name, list(e.skills_wanted.all())) for e in page]
        assert len(queries) == 0


def test_only_the_keys_go_through_the_sort() -> None:
    programme = ProgrammeFactory()
    for name in ("Cy", "Al", "Bea"):
        EnrolmentFactory(programme=programme, person=PersonFactory(name=name))
    paginator = KeysFirstPaginator(enrolments_for_programme(programme), 2)

    with CaptureQueriesContext(connection) as queries:
        page = paginator.get_page(1)

    assert [e.person.name for e in page] == ["Al", "Bea"]
    by_name = [q["sql"] for q in queries if 'ORDER BY "programmes_enrolment"."status"' in q["sql"]]
    assert len(by_name) == 1
    assert '"answers"' not in by_name[0]
    assert '"goals"' not in by_name[0]


def test_the_api_lists_applications_page_by_page_in_their_order(personas) -> None:
    """`/api/enrolments/` pages through its keys first: pages of two, read one after the
    other, list every application once, in the order of the whole list."""
    for name in ("Cy", "Al", "Bea", "Al"):
        EnrolmentFactory(programme=personas.programme, person=PersonFactory(name=name))
    client = personas.client_for("carol")
    whole = client.get("/api/enrolments/", {"page_size": 200}).json()["results"]
    paged: list[int] = []
    url: str | None = "/api/enrolments/?page_size=2"
    while url:
        with CaptureQueriesContext(connection) as queries:
            body = client.get(url).json()
        paged.extend(row["id"] for row in body["results"])
        url = body["next"]
        sorted_ = [
            q["sql"] for q in queries if 'ORDER BY "programmes_programme"."name"' in q["sql"]
        ]
        assert len(sorted_) == 1
        assert '"answers"' not in sorted_[0]

    assert len(whole) >= 6
    assert paged == [row["id"] for row in whole]
