"""`field__any_of=ids`: a long list of integers sent to PostgreSQL as one array.

Django writes `IN (%s, %s, …)`, one parameter a value, each prepared on its own: 2,000 ids
cost a query some 13 ms of Python before it reached the database, and a directory search's
walk in name order sends that many each window. PostgreSQL takes the list as one array
(`= ANY(%s)`) in about 1 ms. Other databases get Django's `IN`: the same rows.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models import IntegerField
from django.db.models.lookups import In


@IntegerField.register_lookup
class AnyOf(In):
    lookup_name = "any_of"

    def get_prep_lookup(self) -> Any:
        # Keys and counts: plain integers, turned so at once instead of through the field
        # value by value.
        return [int(value) for value in self.rhs]

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        if not self.rhs:
            raise EmptyResultSet
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*lhs_params, self.rhs)
