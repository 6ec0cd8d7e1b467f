"""Reading a large table a batch at a time, so that a job's memory stays flat with its size."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

from django.db.models import Model, QuerySet

T = TypeVar("T", bound=Model)
BATCH = 500


def batches(queryset: QuerySet[T], size: int = BATCH) -> Iterator[list[T]]:
    """The rows in primary-key order, `size` at a time, each batch with its prefetches.

    Keyset pagination rather than `iterator()`: every batch is its own query, so prefetches
    work and no database cursor stays open across the writes a job makes between batches.
    """
    last = 0
    while True:
        batch = list(queryset.filter(pk__gt=last).order_by("pk")[:size])
        if not batch:
            return
        yield batch
        last = batch[-1].pk
