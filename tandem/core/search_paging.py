"""Pages of a search over a large table, in name order, without reading every match.

A search that matches a third of 100,000 people cannot be counted, or sorted, quickly: both
need every match. So a search counts only up to a cap ("more than 1,000") and finds the page
it shows by one of two routes:

- at most `cap` matches: the first read already holds all their ids, and the page is those ids
  sorted by the database (a few hundred rows by primary key);
- more than `cap`: matches are common, so the page is found by walking the table in name order,
  a window of rows at a time from the index on (name, id), and keeping the rows that match.
  A dense search fills its page within the first window or two.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any, Generic, TypeVar

from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet, Value
from django.db.models.functions import Concat

M = TypeVar("M", bound=Model)

# A window is read from the name index; matches among it are then found by primary key.
# The first holds a few times the rows the page needs, and each next one four times more,
# up to WINDOW: a search with more than `cap` matches is dense, so the first window usually
# fills the page, and a small one is read from the index where a large one was sorted whole
# (for a mentee's directory at 100,000 people, 25 ms against 59).
WINDOW = 2000
FIRST_WINDOW_PER_ROW = 8


class CappedSearchPaginator(Paginator, Generic[M]):
    """Pages of `matches` (a search, ordered by `order_field` then primary key) that counts up
    to `cap`. `within` is the same rows without the search: the table walked in name order.
    `shown` turns the ids of a page into the rows shown (with whatever they join)."""

    def __init__(
        self,
        matches: QuerySet[M],
        per_page: int,
        *,
        within: QuerySet[M],
        shown: QuerySet[M],
        order_field: str = "name",
        cap: int = 1000,
    ) -> None:
        super().__init__(matches, per_page)
        self.matches = matches
        self.within = within
        self.shown = shown
        self.order_field = order_field
        self.cap = cap

    @cached_property
    def _first_ids(self) -> list[Any]:
        # No order: the database stops at the first cap + 1 matches wherever they lie.
        return list(self.matches.order_by().values_list("pk", flat=True)[: self.cap + 1])

    @cached_property
    def more(self) -> bool:
        """Whether more than `cap` match (the count shown is then the cap)."""
        return len(self._first_ids) > self.cap

    @cached_property
    def count(self) -> int:
        return min(len(self._first_ids), self.cap)

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if not self.more:
            ids = list(
                self.within.model._default_manager.filter(pk__any_of=self._first_ids)
                # Sorted on an expression of the field, which no index answers: sorted on the
                # field itself, PostgreSQL walked its whole index to meet a few hundred
                # scattered ids (44 ms for a common first name among 100,000 people), where
                # reading them by key and sorting takes a few.
                .order_by(Concat(self.order_field, Value("")), "pk")
                .values_list("pk", flat=True)[bottom:top]
            )
        else:
            ids = self._walk(top)[bottom:top]
        by_id = self.shown.in_bulk(ids)
        return Page([by_id[pk] for pk in ids if pk in by_id], number, self)

    def _walk(self, wanted: int) -> list[Any]:
        """The ids of the first `wanted` matches in name order."""
        found: list[Any] = []
        after_name: Any = None
        seen_at_name: set[Any] = set()
        size = min(WINDOW, FIRST_WINDOW_PER_ROW * wanted)
        while len(found) < wanted:
            window_rows = self.within.order_by(self.order_field, "pk")
            if after_name is not None:
                # Rows whose name equals the last one read may still lie ahead (names repeat);
                # those already read are left out by id.
                window_rows = window_rows.filter(**{f"{self.order_field}__gte": after_name})
            window = [
                (pk, name)
                for pk, name in window_rows.values_list("pk", self.order_field)[
                    : size + len(seen_at_name)
                ]
                if not (name == after_name and pk in seen_at_name)
            ][:size]
            if not window:
                break
            matching = set(
                self.matches.order_by()
                .filter(pk__any_of=[pk for pk, _ in window])
                .values_list("pk", flat=True)
            )
            found.extend(pk for pk, _ in window if pk in matching)
            last_name = window[-1][1]
            if last_name != after_name:
                seen_at_name = set()
            after_name = last_name
            seen_at_name |= {pk for pk, name in window if name == last_name}
            size = min(WINDOW, 4 * size)
        return found
